import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { allocateLocked, type LockedCohort, lockCohort, missingPrerequisites, placesTaken } from "./allocate-seat.server.ts";
import type { AutoAllocateInput } from "./schemas.ts";

/**
 * An admin lets auto-allocation fill a cohort's free places from the course's waitlist, in order
 * (first come, first served; requests for another cohort of the course are left for it), while seats
 * and places exist. Learners missing a prerequisite are skipped (only an admin's explicit waiver
 * enrols them). Idempotent: a second run finds nothing left to do. The cohort row stays locked for the
 * whole run, so two runs at once take turns and never enrol anyone twice.
 */
export async function autoAllocate(actor: Actor, input: AutoAllocateInput) {
  requirePermission(actor, "allocate:seat:any");
  return prisma.$transaction(async (tx) => {
    const cohort = await lockCohort(tx, input.cohortId);
    if (!cohort) throw new AppError("cohort.unavailable", { field: "cohortId" });
    return { allocated: await fillCohort(tx, actor, cohort) };
  });
}

/**
 * A system operation (no actor; the audit rows name none): new seats of a course arrived (a sponsor's
 * paid order), so every cohort that can still take learners (not ended; only `cohortId` when the seats
 * are for one cohort) is filled from the waitlist as `autoAllocate` does, earliest cohort first, one
 * transaction per cohort. Safe to repeat and to run at the same time as anything else.
 */
export async function autoAllocateNewSeats(input: { courseId: string; cohortId: string | null }, now = new Date()) {
  const cohorts = await prisma.cohort.findMany({
    where: {
      courseId: input.courseId,
      ...(input.cohortId ? { id: input.cohortId } : {}),
      OR: [{ endsOn: null }, { endsOn: { gt: now } }],
    },
    orderBy: [{ startsOn: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  let allocated = 0;
  for (const { id } of cohorts) {
    allocated += await prisma.$transaction(async (tx) => {
      const cohort = await lockCohort(tx, id);
      return cohort ? fillCohort(tx, null, cohort) : 0;
    });
  }
  return { allocated };
}

/** Inside a transaction holding the cohort's lock: enrols waiting learners in order while places and seats last. */
async function fillCohort(tx: Tx, actor: Actor | null, cohort: LockedCohort): Promise<number> {
  let free = cohort.capacity - (await placesTaken(tx, cohort.id));
  if (free <= 0) return 0;
  const enrolledHere = new Set(
    (await tx.enrolment.findMany({ where: { cohortId: cohort.id }, select: { learnerId: true } })).map((e) => e.learnerId),
  );
  const queue = await tx.waitlistEntry.findMany({
    where: { courseId: cohort.courseId, status: "waiting", OR: [{ cohortId: null }, { cohortId: cohort.id }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, learnerId: true },
  });
  let allocated = 0;
  for (const entry of queue) {
    if (free <= 0) break;
    if (enrolledHere.has(entry.learnerId)) continue;
    if ((await missingPrerequisites(tx, entry.learnerId, cohort.revisionId)).length > 0) continue;
    try {
      await allocateLocked(tx, actor, cohort, entry.id, { auto: true });
    } catch (error) {
      // No seat left: stop. An entry taken meanwhile by another cohort's allocation: skip it.
      if (error instanceof AppError && error.reason === "seat.none_free") break;
      if (error instanceof AppError && error.reason === "waitlist.not_waiting") continue;
      throw error;
    }
    allocated += 1;
    free -= 1;
  }
  return allocated;
}
