import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { holdPublishedCourse } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { RequestPlaceInput } from "./schemas.ts";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * A learner asks for a place in a published, not archived course (optionally in one of its cohorts):
 * the request joins the course's waitlist, first come first served. One waiting request per learner
 * and course (the unique index on `waiting` decides a race); a learner already enrolled in an active or
 * paused cohort of the course is refused.
 */
export async function requestPlace(actor: Actor, input: RequestPlaceInput) {
  requirePermission(actor, "create:seat-request:own");
  try {
    return await prisma.$transaction(async (tx) => {
      if (!(await holdPublishedCourse(tx, input.courseId)))
        throw new AppError("waitlist.course_unavailable", { field: "courseId" });
      if (input.cohortId) {
        const cohort = await tx.cohort.findUnique({ where: { id: input.cohortId }, select: { courseId: true } });
        if (cohort?.courseId !== input.courseId) throw new AppError("cohort.unavailable", { field: "cohortId" });
      }
      const waiting = await tx.waitlistEntry.count({
        where: { learnerId: actor.id, courseId: input.courseId, status: "waiting" },
      });
      if (waiting > 0) throw new AppError("waitlist.already_waiting", { field: "courseId" });
      const enrolled = await tx.enrolment.count({
        where: { learnerId: actor.id, status: { in: ["active", "paused"] }, cohort: { courseId: input.courseId } },
      });
      if (enrolled > 0) throw new AppError("enrolment.exists", { field: "courseId" });
      const entry = await tx.waitlistEntry.create({
        data: { learnerId: actor.id, courseId: input.courseId, cohortId: input.cohortId ?? null },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "waitlist.requested",
        entityType: "waitlist_entry",
        entityId: entry.id,
        data: { courseId: input.courseId, cohortId: input.cohortId ?? null },
      });
      return entry;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("waitlist.already_waiting", { field: "courseId" });
    throw error;
  }
}
