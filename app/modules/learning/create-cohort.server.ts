import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { holdPublishedRevision } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { type CreateCohortInput, DEFAULT_CAPACITY, MAX_CAPACITY } from "./schemas.ts";

/**
 * An admin opens a cohort of a published, not archived course. The course is asked of the courses
 * module and held open for the transaction (holdPublishedRevision), which also names the published
 * revision the cohort will teach for its whole life and its language, so an archive at the same moment
 * either comes first and refuses the cohort, or waits for it. The cohort keeps the course from being
 * deleted (Cohort.course is ON DELETE RESTRICT).
 */
export async function createCohort(actor: Actor, input: Omit<CreateCohortInput, "intent" | "capacity"> & { capacity?: number }) {
  requirePermission(actor, "create:cohort:any");
  // The schema says so too; checked here for every caller (the seed, scripts).
  if (input.endsOn && input.endsOn < input.startsOn) throw new AppError("cohort.dates_invalid", { field: "endsOn" });
  const capacity = input.capacity ?? DEFAULT_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY)
    throw new AppError("cohort.capacity_invalid", { field: "capacity" });
  return prisma.$transaction(async (tx) => {
    const revision = await holdPublishedRevision(tx, input.courseId);
    if (!revision) throw new AppError("cohort.course_unavailable", { field: "courseId" });
    const cohort = await tx.cohort.create({
      data: {
        courseId: input.courseId,
        revisionId: revision.revisionId,
        language: revision.language,
        capacity,
        name: input.name,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "cohort.created",
      entityType: "cohort",
      entityId: cohort.id,
      data: { courseId: input.courseId, revisionId: revision.revisionId, capacity },
    });
    return cohort;
  });
}
