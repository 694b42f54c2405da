// Reads of the learning module (cohorts and their educators). Other modules use these, never the tables.
// Courses are named through the courses module, people through identity (display names only).
import type { EnrolmentStatus } from "#app/generated/prisma/enums.ts";
import { getCourseLabels } from "#app/modules/courses/published.server.ts";
import { getDisplayNames } from "#app/modules/identity/queries.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, readRows, sql } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { learningDetails } from "./dashboards.server.ts";

/** The cohorts an educator teaches: the `cohort` scope of their permissions (Actor.cohortIds). */
export async function listCohortIdsTaughtBy(userId: string): Promise<string[]> {
  // Read with every educator's session (their permissions' cohort scope): straight from the pool.
  const rows = await readRows<{ cohortId: string }>(sql`SELECT "cohortId" FROM "CohortEducator" WHERE "userId" = ${userId}`);
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
  // The 100 made most recently: a cohort an admin has just opened is always on the page, whatever its dates.
  const rows = await prisma.cohort.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
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

// ---------------------------------------------------------------- waitlist, seats and enrolments

type WaitingPosition = { id: string; position: number };

/** Positions (1 = next) of these waiting entries in their courses' waitlists, first come first served. */
async function positionsOf(entryIds: readonly string[]): Promise<Map<string, number>> {
  if (entryIds.length === 0) return new Map();
  const rows = await readRows<WaitingPosition>(sql`
    SELECT id, position::int AS position FROM (
      SELECT w.id, ROW_NUMBER() OVER (PARTITION BY w."courseId" ORDER BY w."createdAt", w.id) AS position
      FROM "WaitlistEntry" AS w
      WHERE w.status = 'waiting'
        AND w."courseId" IN (SELECT "courseId" FROM "WaitlistEntry" WHERE id = ANY(${[...entryIds]}::text[]))
    ) AS ranked
    WHERE id = ANY(${[...entryIds]}::text[])`);
  return new Map(rows.map((r) => [r.id, Number(r.position)]));
}

/**
 * The position of a learner's own waiting request in its course's waitlist (1 = next), or null when
 * it is no longer waiting. Another learner's request is answered as not found.
 */
export async function getWaitlistPosition(actor: Actor, entryId: string): Promise<number | null> {
  requirePermission(actor, "read:seat-request:own");
  const entry = await prisma.waitlistEntry.findUnique({ where: { id: entryId }, select: { learnerId: true, status: true } });
  if (!entry) throw new AppError("not_found");
  requirePermission(actor, "read:seat-request:own", { ownerId: entry.learnerId }, { hide: true });
  if (entry.status !== "waiting") return null;
  return (await positionsOf([entryId])).get(entryId) ?? null;
}

/**
 * The learner dashboard: my waiting requests with positions, and my enrolments, each with its progress,
 * grade (so far, or final once completed) and next lesson, plus the deadlines of my active enrolments
 * soonest first (learningDetails, dashboards.server.ts). A fixed number of queries.
 */
export async function getMyLearning(actor: Actor, now: Date = new Date()) {
  const places = await getMyPlaces(actor);
  const { details, deadlines } = await learningDetails(places.enrolments, now);
  const courseOf = new Map(places.enrolments.map((e) => [e.id, e.course]));
  return {
    waiting: places.waiting,
    enrolments: places.enrolments.map(({ finalGrade: _final, ...e }) => ({
      ...e,
      cohort: { id: e.cohort.id, name: e.cohort.name, startsOn: e.cohort.startsOn, endsOn: e.cohort.endsOn },
      ...(details.get(e.id) ?? { progress: null, grade: null, next: null }),
    })),
    deadlines: deadlines.map((d) => ({ ...d, course: courseOf.get(d.enrolmentId)! })),
  };
}

/**
 * A learner's enrolments with their cohorts (newest first) and waiting requests (oldest first), in ONE
 * query: the dashboard and the course page's place panel read them on every visit.
 */
async function myPlaceRows(learnerId: string) {
  const rows = await readRows<{
    kind: "enrolment" | "waiting";
    id: string;
    status: EnrolmentStatus | null;
    createdAt: Date;
    finalGrade: number | null;
    cohortId: string | null;
    cohortName: string | null;
    courseId: string;
    startsOn: Date | null;
    endsOn: Date | null;
    revisionId: string | null;
    sponsored: boolean | null;
  }>(sql`
    SELECT 'enrolment' AS kind, e.id, e.status::text AS status, e."createdAt", e."finalGrade", c.id AS "cohortId",
      c.name AS "cohortName", c."courseId", c."startsOn", c."endsOn", c."revisionId",
      -- whether a sponsor paid for the place (the learner is told so, never by whom)
      s.funding = 'sponsor' AS sponsored
    FROM "Enrolment" e JOIN "Cohort" c ON c.id = e."cohortId" JOIN "Seat" s ON s.id = e."seatId"
    WHERE e."learnerId" = ${learnerId}
    UNION ALL
    SELECT 'waiting', w.id, NULL, w."createdAt", NULL, w."cohortId", NULL, w."courseId", NULL, NULL, NULL, NULL
    FROM "WaitlistEntry" w
    WHERE w."learnerId" = ${learnerId} AND w.status = 'waiting'`);
  const byTime = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
    a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const enrolments = rows
    .filter((r) => r.kind === "enrolment")
    .sort((a, b) => byTime(b, a))
    .map((r) => ({
      id: r.id,
      status: r.status!,
      createdAt: r.createdAt,
      finalGrade: r.finalGrade,
      sponsored: r.sponsored === true,
      cohort: {
        id: r.cohortId!,
        name: r.cohortName!,
        courseId: r.courseId,
        startsOn: r.startsOn!,
        endsOn: r.endsOn,
        revisionId: r.revisionId!,
      },
    }));
  const waiting = rows
    .filter((r) => r.kind === "waiting")
    .sort(byTime)
    .map((r) => ({ id: r.id, courseId: r.courseId, cohortId: r.cohortId, createdAt: r.createdAt }));
  return { waiting, enrolments };
}

/** My waiting requests with positions, and my enrolments (what the course page's place panel needs). */
async function getMyPlaces(actor: Actor) {
  requirePermission(actor, "read:seat-request:own");
  requirePermission(actor, "read:enrolment:own");
  const { waiting, enrolments } = await myPlaceRows(actor.id);
  const [positions, labels] = await Promise.all([
    positionsOf(waiting.map((w) => w.id)),
    getCourseLabels([...waiting.map((w) => w.courseId), ...enrolments.map((e) => e.cohort.courseId)]),
  ]);
  const course = (id: string) => ({ id, slug: labels.get(id)?.slug ?? "", title: labels.get(id)?.title ?? null });
  return {
    waiting: waiting.map((w) => ({ ...w, position: positions.get(w.id) ?? null, course: course(w.courseId) })),
    enrolments: enrolments.map((e) => ({
      id: e.id,
      status: e.status,
      createdAt: e.createdAt,
      finalGrade: e.finalGrade,
      /** A sponsor's order paid for the seat (Seat.funding): the dashboard says so, anonymously. */
      sponsored: e.sponsored,
      cohort: {
        id: e.cohort.id,
        name: e.cohort.name,
        startsOn: e.cohort.startsOn,
        endsOn: e.cohort.endsOn,
        revisionId: e.cohort.revisionId,
      },
      course: course(e.cohort.courseId),
    })),
  };
}

/**
 * The admin's seats and places overview: per cohort its capacity, places taken and free seats of its
 * own; per course its waiting learners and free course-wide seats. Aggregates only.
 */
export async function getSeatOverview(actor: Actor) {
  requirePermission(actor, "read:seat:any");
  requirePermission(actor, "read:enrolment:any");
  const [cohorts, taken, cohortSeats, courseSeats, waiting] = await Promise.all([
    prisma.cohort.findMany({
      orderBy: [{ startsOn: "desc" }, { id: "asc" }],
      select: { id: true, name: true, courseId: true, capacity: true, language: true, startsOn: true },
    }),
    prisma.enrolment.groupBy({ by: ["cohortId"], where: { status: { in: ["active", "paused"] } }, _count: { _all: true } }),
    prisma.seat.groupBy({ by: ["cohortId"], where: { usedAt: null, cohortId: { not: null } }, _count: { _all: true } }),
    prisma.seat.groupBy({ by: ["courseId"], where: { usedAt: null, cohortId: null }, _count: { _all: true } }),
    prisma.waitlistEntry.groupBy({ by: ["courseId"], where: { status: "waiting" }, _count: { _all: true } }),
  ]);
  const takenBy = new Map(taken.map((r) => [r.cohortId, r._count._all]));
  const seatsBy = new Map(cohortSeats.map((r) => [r.cohortId, r._count._all]));
  const courseSeatsBy = new Map(courseSeats.map((r) => [r.courseId, r._count._all]));
  const waitingBy = new Map(waiting.map((r) => [r.courseId, r._count._all]));
  const courseIds = [...new Set([...cohorts.map((c) => c.courseId), ...courseSeatsBy.keys(), ...waitingBy.keys()])];
  const labels = await getCourseLabels(courseIds);
  return {
    cohorts: cohorts.map((c) => ({
      ...c,
      taken: takenBy.get(c.id) ?? 0,
      freeSeats: seatsBy.get(c.id) ?? 0,
    })),
    courses: courseIds.map((id) => ({
      id,
      slug: labels.get(id)?.slug ?? "",
      title: labels.get(id)?.title ?? null,
      waiting: waitingBy.get(id) ?? 0,
      freeSeats: courseSeatsBy.get(id) ?? 0,
    })),
  };
}

/** The waitlist of a course in order, for the admin who allocates seats (display names only). */
export async function listWaitlistForAdmin(actor: Actor, courseId: string) {
  requirePermission(actor, "read:seat-request:any");
  const entries = await prisma.waitlistEntry.findMany({
    where: { courseId, status: "waiting" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, learnerId: true, cohortId: true, createdAt: true },
  });
  const names = await getDisplayNames(entries.map((e) => e.learnerId));
  return entries.map((e, i) => ({
    id: e.id,
    position: i + 1,
    learnerId: e.learnerId,
    displayName: names.get(e.learnerId) ?? "",
    cohortId: e.cohortId,
    createdAt: e.createdAt,
  }));
}

export type CoursePlace =
  | { kind: "staff" }
  | { kind: "enrolled"; cohort: string }
  | { kind: "waiting"; entryId: string; position: number | null }
  | { kind: "open" };

/**
 * The course page's place panel for a logged-in user: an account that cannot ask for places ("staff"),
 * the learner's active or paused enrolment in the course, their waiting request with its position, or
 * nothing yet ("open"). Only the actor's own requests and enrolments are read.
 */
export async function getCoursePlace(actor: Actor, courseId: string): Promise<CoursePlace> {
  if (!can(actor, "create:seat-request:own")) return { kind: "staff" };
  const mine = await getMyPlaces(actor);
  const enrolment = mine.enrolments.find((e) => e.course.id === courseId && (e.status === "active" || e.status === "paused"));
  if (enrolment) return { kind: "enrolled", cohort: enrolment.cohort.name };
  const waiting = mine.waiting.find((w) => w.courseId === courseId);
  if (waiting) return { kind: "waiting", entryId: waiting.id, position: waiting.position };
  return { kind: "open" };
}
