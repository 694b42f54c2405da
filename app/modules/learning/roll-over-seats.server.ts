// Seat roll-over at the end of a cohort (issue 10). A seat bought or made for one cohort that nobody used
// by the time the cohort ends would be wasted: it moves on, to the next cohort of the same course, so the
// place it paid for is still given to a learner. Programme and sponsor seats alike; a seat with
// `rollOver` false (a sponsor chose "keep unused seats in this cohort": the order's flag, copied to its
// seats when they are made) stays where it is.
//
// Where it goes: the EARLIEST cohort of the course that starts after the ended one and has not ended
// itself. When there is none yet, the seat becomes a course-level seat (cohortId NULL), which allocation
// spends for ANY cohort of the course (allocate-seat.server.ts claims a cohort's own seats first, then
// the course's). Course-level is better than waiting in the ended cohort for a next one to appear: the
// seat is usable at once by whichever cohort is opened next (or an open one that started earlier than
// the ended cohort), nothing has to run again when that cohort is created, and it never sits in a cohort
// that can no longer enrol anyone.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { autoAllocateNewSeats } from "./auto-allocate.server.ts";

export type RolledOverCohort = {
  cohortId: string;
  courseId: string;
  /** The cohort the seats went to, or null: they became course-level seats. */
  toCohortId: string | null;
  moved: number;
};

/**
 * One ended cohort, in one transaction: its unused seats with `rollOver` go to the next cohort (or the
 * course), and one `seat.rolled_over` audit row records how many (of each funding, and the sponsor
 * orders they belong to). The ended cohort's row is locked first, so two runs at once take turns with
 * each other and with allocations to that cohort; the move itself is one conditional UPDATE on
 * (cohortId = the ended cohort, usedAt NULL), so a seat moves once and a seat that an enrolment took
 * meanwhile stays. A run that finds nothing left to move writes nothing. Returns null then.
 */
export async function rollOverCohort(cohortId: string, now: Date = new Date()): Promise<RolledOverCohort | null> {
  return prisma.$transaction(async (tx) => {
    if (!(await lockRow(tx, "Cohort", cohortId))) return null;
    const ended = await tx.cohort.findUniqueOrThrow({
      where: { id: cohortId },
      select: { id: true, courseId: true, startsOn: true, endsOn: true },
    });
    if (!ended.endsOn || ended.endsOn >= now) return null;
    const next = await tx.cohort.findFirst({
      where: {
        courseId: ended.courseId,
        id: { not: ended.id },
        startsOn: { gt: ended.startsOn },
        OR: [{ endsOn: null }, { endsOn: { gte: now } }],
      },
      orderBy: [{ startsOn: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    const toCohortId = next?.id ?? null;
    const moved = await tx.$queryRaw<Array<{ funding: "programme" | "sponsor"; orderId: string | null }>>`
      UPDATE "Seat" SET "cohortId" = ${toCohortId}, "updatedAt" = CURRENT_TIMESTAMP
      WHERE "cohortId" = ${ended.id} AND "usedAt" IS NULL AND "rollOver" = true
      RETURNING funding::text AS funding, "orderId"`;
    if (moved.length === 0) return null;
    const sponsor = moved.filter((s) => s.funding === "sponsor");
    await recordAudit(tx, {
      actorId: null,
      action: "seat.rolled_over",
      entityType: "cohort",
      entityId: ended.id,
      data: {
        courseId: ended.courseId,
        toCohortId,
        count: moved.length,
        programme: moved.length - sponsor.length,
        sponsor: sponsor.length,
        orderIds: [...new Set(sponsor.flatMap((s) => (s.orderId ? [s.orderId] : [])))].sort(),
      },
    });
    return { cohortId: ended.id, courseId: ended.courseId, toCohortId, moved: moved.length };
  });
}

/**
 * A system operation (no actor), run daily by the job queue (`learning.roll-over-seats`,
 * app/utils/job-workers.server.ts): every cohort that ended before `now` and still holds unused seats
 * that roll over is handled by rollOverCohort, one transaction per cohort. Then the seats are offered to
 * the waitlist of the course's open cohorts (autoAllocateNewSeats, as a sponsor's paid order is), so a
 * learner waiting for a place gets one without an admin. Safe to repeat and to run twice at once.
 * `scope.courseIds` limits it to some courses (tests on a shared database; scripts).
 */
export async function rollOverSeats(now: Date = new Date(), scope: { courseIds?: readonly string[] } = {}) {
  const candidates = await prisma.cohort.findMany({
    where: {
      endsOn: { lt: now },
      ...(scope.courseIds ? { courseId: { in: [...scope.courseIds] } } : {}),
      seats: { some: { usedAt: null, rollOver: true } },
    },
    orderBy: [{ endsOn: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  const cohorts: RolledOverCohort[] = [];
  for (const { id } of candidates) {
    const done = await rollOverCohort(id, now);
    if (done) cohorts.push(done);
  }
  let allocated = 0;
  for (const c of cohorts)
    allocated += (await autoAllocateNewSeats({ courseId: c.courseId, cohortId: c.toCohortId }, now)).allocated;
  return { cohorts, moved: cohorts.reduce((n, c) => n + c.moved, 0), allocated };
}
