// Reads of the learning module (cohorts and their educators). Other modules use these, never the tables.
// Courses are named through the courses module, people through identity (display names only).
import { getCourseLabels } from "#app/modules/courses/published.server.ts";
import { getDisplayNames } from "#app/modules/identity/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";

/** The cohorts an educator teaches: the `cohort` scope of their permissions (Actor.cohortIds). */
export async function listCohortIdsTaughtBy(userId: string): Promise<string[]> {
  const rows = await prisma.cohortEducator.findMany({ where: { userId }, select: { cohortId: true } });
  return rows.map((r) => r.cohortId);
}

/** Volunteer hours recorded for each of these educators, over all their cohorts (0 when none). */
export async function getVolunteerHoursByEducator(userIds: readonly string[]): Promise<Map<string, number>> {
  const hours = new Map(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return hours;
  const rows = await prisma.cohortEducator.groupBy({
    by: ["userId"],
    where: { userId: { in: [...new Set(userIds)] } },
    _sum: { volunteerHours: true },
  });
  for (const r of rows) hours.set(r.userId, r._sum.volunteerHours ?? 0);
  return hours;
}

/** Names of cohorts by id, for staff pages that refer to them (the audit log); unknown ids are absent. */
export async function getCohortNames(cohortIds: readonly string[]): Promise<Map<string, string>> {
  if (cohortIds.length === 0) return new Map();
  const rows = await prisma.cohort.findMany({ where: { id: { in: [...new Set(cohortIds)] } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type CohortCourse = { id: string; slug: string; title: string | null };

/**
 * The actor's own teaching: each cohort they teach (their `cohort` scope, Actor.cohortIds), its course
 * and the hours recorded for them. Someone who teaches no cohort gets an empty list.
 */
export async function listCohortsTaught(actor: Actor) {
  if (actor.cohortIds.length === 0) return [];
  requirePermission(actor, "read:cohort:cohort");
  const rows = await prisma.cohortEducator.findMany({
    where: { userId: actor.id, cohortId: { in: [...actor.cohortIds] } },
    orderBy: { cohort: { startsOn: "desc" } },
    select: { volunteerHours: true, cohort: { select: { id: true, name: true, startsOn: true, courseId: true } } },
  });
  const courses = await getCourseLabels(rows.map((r) => r.cohort.courseId));
  return rows.map((r) => ({
    id: r.cohort.id,
    name: r.cohort.name,
    startsOn: r.cohort.startsOn,
    course: courseOf(r.cohort.courseId, courses),
    hours: r.volunteerHours,
  }));
}

function courseOf(id: string, labels: Map<string, { slug: string; title: string | null }>): CohortCourse {
  const label = labels.get(id);
  return { id, slug: label?.slug ?? "", title: label?.title ?? null };
}

/** Every cohort (newest first, at most 100) with its course and its educators' hours (admin cohorts page). */
export async function listCohortsForAdmin(actor: Actor) {
  requirePermission(actor, "read:cohort:any");
  const rows = await prisma.cohort.findMany({
    orderBy: { startsOn: "desc" },
    take: 100,
    select: {
      id: true,
      name: true,
      startsOn: true,
      endsOn: true,
      courseId: true,
      educators: { orderBy: { createdAt: "asc" }, select: { userId: true, volunteerHours: true } },
    },
  });
  const [courses, names] = await Promise.all([
    getCourseLabels(rows.map((r) => r.courseId)),
    getDisplayNames(rows.flatMap((r) => r.educators.map((e) => e.userId))),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    course: courseOf(r.courseId, courses),
    educators: r.educators.map((e) => ({
      userId: e.userId,
      displayName: names.get(e.userId) ?? "—",
      volunteerHours: e.volunteerHours,
    })),
  }));
}
