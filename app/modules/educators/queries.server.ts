// Reads of the educators module (applications and vetting status). Other modules use these, never the
// EducatorApplication table: "who may author or teach" has exactly one home, here (requireActiveEducator,
// isActiveEducator, filterActiveEducators). Page reads take the actor and check the read permission.
// People are named through identity (display names), teaching through learning (cohorts, hours).
import type { Actor } from "#app/modules/identity/permissions.ts";
import { getContactForNotice, getDisplayNames } from "#app/modules/identity/queries.server.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { getVolunteerHoursByEducator, listCohortsTaught } from "#app/modules/learning/queries.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { APPLICATION_STATUSES, type ApplicationStatus } from "./statuses.ts";

/** Approved and not suspended: the only educators who author courses and teach cohorts. */
export async function isActiveEducator(userId: string): Promise<boolean> {
  const app = await prisma.educatorApplication.findUnique({ where: { userId }, select: { status: true, suspendedAt: true } });
  return app?.status === "approved" && !app.suspendedAt;
}

/** Refuses (403 `educator.not_active`) anyone who is not an active educator. */
export async function requireActiveEducator(actor: Pick<Actor, "id" | "roles">): Promise<void> {
  if (!actor.roles.includes("educator") || !(await isActiveEducator(actor.id))) throw new AppError("educator.not_active");
}

/** Of these users, the ones who are active educators. */
export async function filterActiveEducators(userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await prisma.educatorApplication.findMany({
    where: { userId: { in: [...userIds] }, status: "approved", suspendedAt: null },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}

/** Where someone stands as an educator: "approved" (active), "suspended", their application's status, or "none". */
export type EducatorStatus = ApplicationStatus | "suspended" | "none";

export async function getEducatorStatus(userId: string): Promise<EducatorStatus> {
  const app = await prisma.educatorApplication.findUnique({ where: { userId }, select: { status: true, suspendedAt: true } });
  if (!app) return "none";
  return app.status === "approved" && app.suspendedAt ? "suspended" : app.status;
}

/**
 * The applicant's display name of each application, by application id, for staff pages that refer to
 * applications (the audit log). Two queries whatever the number of ids; unknown ids are absent.
 */
export async function getApplicantNames(applicationIds: readonly string[]): Promise<Map<string, string>> {
  if (applicationIds.length === 0) return new Map();
  const rows = await prisma.educatorApplication.findMany({
    where: { id: { in: [...new Set(applicationIds)] } },
    select: { id: true, userId: true },
  });
  const names = await getDisplayNames(rows.map((r) => r.userId));
  return new Map(rows.flatMap((r) => (names.has(r.userId) ? [[r.id, names.get(r.userId)!] as const] : [])));
}

/** Applications waiting for a first decision (the admin overview). */
export function countPendingApplications(): Promise<number> {
  return prisma.educatorApplication.count({ where: { status: "pending" } });
}

/** A status from a query string, or undefined when it is not one (the whole queue is shown). */
export function parseApplicationStatus(raw: string | null | undefined): ApplicationStatus | undefined {
  return APPLICATION_STATUSES.find((s) => s === raw);
}

/** The vetting queue, optionally one status only (served by @@index([status, createdAt])). */
export async function listApplications(actor: Actor, status?: ApplicationStatus) {
  requirePermission(actor, "read:educator-application:any");
  const rows = await prisma.educatorApplication.findMany({
    where: status ? { status } : {},
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
    take: 100,
    select: { id: true, userId: true, status: true, subjects: true, highestQualification: true, createdAt: true },
  });
  const names = await getDisplayNames(rows.map((r) => r.userId));
  return rows.map(({ userId, ...r }) => ({ ...r, displayName: names.get(userId) ?? "—" }));
}

type Reference = { name: string; contact: string };

/** References are stored as JSON: read defensively. */
function readReferences(value: unknown): Reference[] {
  return (Array.isArray(value) ? value : []).flatMap((r: unknown) => {
    if (!r || typeof r !== "object" || Array.isArray(r)) return [];
    const { name, contact } = r as Record<string, unknown>;
    return [{ name: typeof name === "string" ? name : "", contact: typeof contact === "string" ? contact : "" }];
  });
}

/**
 * An application as the reviewer reads it, with the applicant's display name and email (staff may need
 * to write to them). 404 when there is no such application.
 */
export async function getApplicationForReview(actor: Actor, applicationId: string) {
  requirePermission(actor, "read:educator-application:any");
  const app = await prisma.educatorApplication.findUnique({
    where: { id: applicationId },
    select: {
      id: true,
      userId: true,
      status: true,
      subjects: true,
      highestQualification: true,
      institution: true,
      languages: true,
      references: true,
      availabilityHours: true,
      statement: true,
      decisionReason: true,
      decidedAt: true,
      suspendedAt: true,
      createdAt: true,
    },
  });
  if (!app) throw new AppError("not_found");
  const [names, contact] = await Promise.all([getDisplayNames([app.userId]), getContactForNotice(app.userId)]);
  return {
    ...app,
    references: readReferences(app.references),
    displayName: names.get(app.userId) ?? "—",
    email: contact?.email ?? null,
  };
}

/** Approved educators (newest first, at most 200) with their volunteer-hour totals (admin educators page). */
export async function listEducators(actor: Actor) {
  requirePermission(actor, "read:educator-application:any");
  const rows = await prisma.educatorApplication.findMany({
    where: { status: "approved" },
    orderBy: { decidedAt: "desc" },
    take: 200,
    select: { userId: true, subjects: true, languages: true, suspendedAt: true },
  });
  const userIds = rows.map((r) => r.userId);
  const [names, hours] = await Promise.all([getDisplayNames(userIds), getVolunteerHoursByEducator(userIds)]);
  return rows.map((r) => ({
    userId: r.userId,
    displayName: names.get(r.userId) ?? "—",
    subjects: r.subjects,
    languages: r.languages,
    suspended: Boolean(r.suspendedAt),
    volunteerHours: hours.get(r.userId) ?? 0,
  }));
}

/** Active educators by display name, for choosing who teaches a cohort. */
export async function listActiveEducatorOptions(actor: Actor) {
  requirePermission(actor, "read:educator-application:any");
  const rows = await prisma.educatorApplication.findMany({
    where: { status: "approved", suspendedAt: null },
    orderBy: { decidedAt: "desc" },
    take: 500,
    select: { userId: true },
  });
  const names = await getDisplayNames(rows.map((r) => r.userId));
  return rows
    .map((r) => ({ userId: r.userId, displayName: names.get(r.userId) ?? "—" }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/**
 * The educator's dashboard (/teach): their application and its decision; once approved, their profile
 * (display name, subjects, languages: never contact details) and the cohorts they teach.
 */
export async function getTeachingDashboard(actor: Actor) {
  requirePermission(actor, "read:educator-application:own", { ownerId: actor.id });
  const app = await prisma.educatorApplication.findUnique({
    where: { userId: actor.id },
    select: { status: true, subjects: true, languages: true, decisionReason: true, suspendedAt: true },
  });
  if (app?.status !== "approved") {
    const application = app ? { status: app.status, subjects: app.subjects, decisionReason: app.decisionReason } : null;
    return { application, profile: null, cohorts: [] };
  }
  // A suspended educator sees why, not their cohorts.
  const [names, cohorts] = await Promise.all([getDisplayNames([actor.id]), app.suspendedAt ? [] : listCohortsTaught(actor)]);
  return {
    application: { status: app.status, subjects: app.subjects, decisionReason: app.decisionReason },
    profile: {
      displayName: names.get(actor.id) ?? "—",
      subjects: app.subjects,
      languages: app.languages,
      suspended: Boolean(app.suspendedAt),
    },
    cohorts,
  };
}

/**
 * Inside the caller's transaction: true when the user is an active educator, and they stay so until that
 * transaction ends (a shared lock on their application: a suspension waits for it, and one that committed
 * first is seen). For operations of other modules that depend on it, such as assigning a cohort.
 */
export async function holdActiveEducator(tx: Tx, userId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "EducatorApplication"
     WHERE "userId" = ${userId} AND status = 'approved' AND "suspendedAt" IS NULL FOR SHARE`;
  return rows.length === 1;
}
