// Vetting the volunteer faculty: admins approve, reject or ask for more information (always with a
// reason the applicant sees), suspend and reinstate educators, and record volunteer hours per cohort.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { deliverQueued, queueEmail } from "#app/utils/mailer.server.ts";

export type Decision = "approved" | "rejected" | "info_requested";

export async function decideApplication(options: { actorId: string; applicationId: string; decision: Decision; reason: string }) {
  const emailId = await prisma.$transaction(async (tx) => {
    const app = await tx.educatorApplication.findUnique({
      where: { id: options.applicationId },
      select: { id: true, status: true, user: { select: { id: true, email: true, locale: true } } },
    });
    if (!app) throw new AppError("NOT_FOUND");
    if (app.status === options.decision) throw new AppError("CONFLICT", "already decided");
    await tx.educatorApplication.update({
      where: { id: app.id },
      data: { status: options.decision, decisionReason: options.reason, decidedById: options.actorId, decidedAt: new Date() },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "educator_application.decided",
      entityType: "educator_application",
      entityId: app.id,
      data: { decision: options.decision, from: app.status },
    });
    // A neutral notice: "you have an update", never the decision itself.
    return queueEmail(tx, {
      to: app.user.email,
      path: "/teach",
      locale: app.user.locale === "es" || app.user.locale === "ar" ? app.user.locale : "en",
    });
  });
  await deliverQueued([emailId]);
}

/** Suspension ends an educator's access to learners' work and authoring; their courses stay. */
export async function setEducatorSuspended(options: { actorId: string; userId: string; suspended: boolean; reason: string }) {
  await prisma.$transaction(async (tx) => {
    const app = await tx.educatorApplication.findUnique({
      where: { userId: options.userId },
      select: { id: true, status: true, suspendedAt: true },
    });
    if (!app || app.status !== "approved") throw new AppError("NOT_FOUND");
    if (Boolean(app.suspendedAt) === options.suspended) return;
    await tx.educatorApplication.update({
      where: { id: app.id },
      data: { suspendedAt: options.suspended ? new Date() : null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: options.suspended ? "educator.suspended" : "educator.reinstated",
      entityType: "user",
      entityId: options.userId,
      data: { why: options.reason },
    });
  });
}

export async function getApplication(applicationId: string) {
  return prisma.educatorApplication.findUnique({
    where: { id: applicationId },
    select: {
      id: true,
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
      user: { select: { id: true, displayName: true, email: true } },
    },
  });
}

/** Approved educators with their volunteer-hour totals (admin page). */
export async function listEducators() {
  const rows = await prisma.educatorApplication.findMany({
    where: { status: "approved" },
    orderBy: { decidedAt: "desc" },
    take: 200,
    select: {
      subjects: true,
      languages: true,
      suspendedAt: true,
      user: { select: { id: true, displayName: true, cohortsTaught: { select: { volunteerHours: true } } } },
    },
  });
  return rows.map((r) => ({
    userId: r.user.id,
    displayName: r.user.displayName,
    subjects: r.subjects,
    languages: r.languages,
    suspended: Boolean(r.suspendedAt),
    volunteerHours: r.user.cohortsTaught.reduce((n, c) => n + c.volunteerHours, 0),
  }));
}

/** An educator's public profile: display name, subjects and languages (never contact details). */
export async function getEducatorProfile(userId: string) {
  const app = await prisma.educatorApplication.findUnique({
    where: { userId },
    select: { status: true, subjects: true, languages: true, suspendedAt: true, user: { select: { displayName: true } } },
  });
  if (!app || app.status !== "approved") return null;
  return {
    displayName: app.user.displayName,
    subjects: app.subjects,
    languages: app.languages,
    suspended: Boolean(app.suspendedAt),
  };
}

/** Cohorts an educator teaches, with the volunteer hours recorded for each. */
export function listCohortsTaught(userId: string) {
  return prisma.cohortEducator.findMany({
    where: { userId },
    orderBy: { cohort: { startsOn: "desc" } },
    select: {
      volunteerHours: true,
      cohort: {
        select: {
          id: true,
          name: true,
          startsOn: true,
          course: { select: { slug: true, publishedRevision: { select: { title: true } } } },
        },
      },
    },
  });
}

export async function createCohort(options: {
  actorId: string;
  courseId: string;
  name: string;
  startsOn: Date;
  endsOn?: Date | null;
}) {
  return prisma.$transaction(async (tx) => {
    const course = await tx.course.findUnique({
      where: { id: options.courseId },
      select: { id: true, publishedRevisionId: true, archivedAt: true },
    });
    if (!course || !course.publishedRevisionId || course.archivedAt) throw new AppError("NOT_FOUND");
    const cohort = await tx.cohort.create({
      data: { courseId: course.id, name: options.name, startsOn: options.startsOn, endsOn: options.endsOn ?? null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "cohort.created",
      entityType: "cohort",
      entityId: cohort.id,
      data: { courseId: course.id },
    });
    return cohort;
  });
}

export async function assignEducator(options: { actorId: string; cohortId: string; userId: string }) {
  await prisma.$transaction(async (tx) => {
    const cohort = await tx.cohort.findUnique({ where: { id: options.cohortId }, select: { id: true } });
    const app = await tx.educatorApplication.findUnique({
      where: { userId: options.userId },
      select: { status: true, suspendedAt: true },
    });
    if (!cohort) throw new AppError("NOT_FOUND");
    if (app?.status !== "approved" || app.suspendedAt) throw new AppError("BAD_REQUEST", "not an active approved educator");
    await tx.cohortEducator.upsert({
      where: { cohortId_userId: { cohortId: cohort.id, userId: options.userId } },
      update: {},
      create: { cohortId: cohort.id, userId: options.userId },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "cohort.educator_assigned",
      entityType: "cohort",
      entityId: cohort.id,
      data: { userId: options.userId },
    });
  });
}

/** Adds volunteer hours to an educator's record for one cohort. */
export async function recordVolunteerHours(options: { actorId: string; cohortId: string; userId: string; hours: number }) {
  await prisma.$transaction(async (tx) => {
    const row = await tx.cohortEducator.findUnique({
      where: { cohortId_userId: { cohortId: options.cohortId, userId: options.userId } },
      select: { id: true },
    });
    if (!row) throw new AppError("NOT_FOUND");
    await tx.cohortEducator.update({
      where: { id: row.id },
      data: { volunteerHours: { increment: options.hours } },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "volunteer_hours.recorded",
      entityType: "cohort",
      entityId: options.cohortId,
      data: { userId: options.userId, hours: options.hours },
    });
  });
}

export const APPLICATION_STATUSES = ["pending", "info_requested", "approved", "rejected"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The vetting queue, optionally one status only (served by @@index([status, createdAt])). */
export function listApplicationsByStatus(status?: ApplicationStatus) {
  return prisma.educatorApplication.findMany({
    where: status ? { status } : {},
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
    take: 100,
    select: {
      id: true,
      status: true,
      subjects: true,
      highestQualification: true,
      createdAt: true,
      user: { select: { displayName: true } },
    },
  });
}

/** An application as the reviewer reads it; references are stored as JSON and read defensively. */
export async function getApplicationForReview(applicationId: string) {
  const app = await getApplication(applicationId);
  if (!app) return null;
  const references = (Array.isArray(app.references) ? app.references : []).flatMap((r) =>
    r && typeof r === "object" && !Array.isArray(r)
      ? [{ name: typeof r.name === "string" ? r.name : "", contact: typeof r.contact === "string" ? r.contact : "" }]
      : [],
  );
  return { ...app, references };
}

/** Cohorts with their dates, course and educators (admin cohorts page). */
export function listCohortsForAdmin() {
  return prisma.cohort.findMany({
    orderBy: { startsOn: "desc" },
    take: 100,
    select: {
      id: true,
      name: true,
      startsOn: true,
      endsOn: true,
      course: { select: { slug: true, publishedRevision: { select: { title: true } } } },
      educators: {
        orderBy: { createdAt: "asc" },
        select: { volunteerHours: true, user: { select: { id: true, displayName: true } } },
      },
    },
  });
}
