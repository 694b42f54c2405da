import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { allocateLocked, lockCohort, missingPrerequisites, placesTaken } from "./allocate-seat.server.ts";
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
    let free = cohort.capacity - (await placesTaken(tx, cohort.id));
    if (free <= 0) return { allocated: 0 };
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
    return { allocated };
  });
}
