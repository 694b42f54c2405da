import { isLessonOfRevision } from "#app/modules/courses/published.server.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireOwnEnrolment } from "./player.server.ts";
import type { MarkLessonCompleteInput } from "./schemas.ts";

/**
 * The enrolment's learner marks a lesson of the cohort's pinned revision complete. Another learner's
 * enrolment, a lesson of another revision or a forged id is "not found" and changes nothing. Idempotent,
 * also under concurrency: the row is inserted with ON CONFLICT DO NOTHING on (enrolmentId, lessonId) and
 * `completedAt` set by a conditional update, so two calls at once make one row, one completion and one
 * audit row (the second waits for the first's row lock and then finds it complete).
 */
export async function markLessonComplete(actor: Actor, input: MarkLessonCompleteInput) {
  return prisma.$transaction(async (tx) => {
    const enrolment = await requireOwnEnrolment(actor, input.enrolmentId, "update:lesson-progress", tx);
    if (!(await isLessonOfRevision(tx, enrolment.revisionId, input.lessonId))) throw new AppError("not_found");
    const now = new Date();
    await tx.lessonProgress.createMany({
      data: [{ enrolmentId: enrolment.id, lessonId: input.lessonId, lastOpenedAt: now }],
      skipDuplicates: true,
    });
    const { count } = await tx.lessonProgress.updateMany({
      where: { enrolmentId: enrolment.id, lessonId: input.lessonId, completedAt: null },
      data: { completedAt: now },
    });
    if (count === 1) {
      await recordAudit(tx, {
        actorId: actor.id,
        action: "lesson.completed",
        entityType: "enrolment",
        entityId: enrolment.id,
        data: { lessonId: input.lessonId },
      });
    }
    return { enrolmentId: enrolment.id, lessonId: input.lessonId, newlyCompleted: count === 1 };
  });
}
