import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { holdPublishedCourse } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { type CreateSeatsInput, MAX_SEATS_AT_ONCE } from "./schemas.ts";

/**
 * An admin creates `count` programme-funded seats (1 to MAX_SEATS_AT_ONCE) for any cohort of a published
 * course, or for one of its cohorts. Seats are what allocation spends: one per enrolment.
 */
export async function createSeats(actor: Actor, input: CreateSeatsInput) {
  requirePermission(actor, "allocate:seat:any");
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_SEATS_AT_ONCE)
    throw new AppError("seat.count_invalid", { field: "count" });
  return prisma.$transaction(async (tx) => {
    if (!(await holdPublishedCourse(tx, input.courseId))) throw new AppError("cohort.course_unavailable", { field: "courseId" });
    if (input.cohortId) {
      const cohort = await tx.cohort.findUnique({ where: { id: input.cohortId }, select: { courseId: true } });
      if (cohort?.courseId !== input.courseId) throw new AppError("cohort.unavailable", { field: "cohortId" });
    }
    const { count } = await tx.seat.createMany({
      data: Array.from({ length: input.count }, () => ({
        funding: "programme" as const,
        courseId: input.courseId,
        cohortId: input.cohortId ?? null,
        createdById: actor.id,
      })),
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "seat.created",
      entityType: input.cohortId ? "cohort" : "course",
      entityId: input.cohortId ?? input.courseId,
      data: { courseId: input.courseId, cohortId: input.cohortId ?? null, count, funding: "programme" },
    });
    return { count };
  });
}
