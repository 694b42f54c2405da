import { isLessonOfRevision } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { completeEnrolment } from "./complete-enrolment.server.ts";
import { recordLessonDone } from "./lesson-done.server.ts";
import { requireOwnEnrolment } from "./player.server.ts";
import type { MarkLessonCompleteInput } from "./schemas.ts";

/**
 * The enrolment's learner marks a lesson of the cohort's pinned revision complete. Another learner's
 * enrolment, a lesson of another revision or a forged id is "not found" and changes nothing. Idempotent,
 * also under concurrency: the row is inserted with ON CONFLICT DO NOTHING on (enrolmentId, lessonId) and
 * `completedAt` set by a conditional update, so two calls at once make one row, one completion and one
 * audit row (the second waits for the first's row lock and then finds it complete). After the commit, the
 * last lesson may complete the course (completeEnrolment, exactly once).
 */
export async function markLessonComplete(actor: Actor, input: MarkLessonCompleteInput) {
  const marked = await prisma.$transaction(async (tx) => {
    const enrolment = await requireOwnEnrolment(actor, input.enrolmentId, "update:lesson-progress", tx);
    if (!(await isLessonOfRevision(tx, enrolment.revisionId, input.lessonId))) throw new AppError("not_found");
    const newlyCompleted = await recordLessonDone(tx, {
      actorId: actor.id,
      enrolmentId: enrolment.id,
      lessonId: input.lessonId,
      at: new Date(),
    });
    return { enrolmentId: enrolment.id, lessonId: input.lessonId, newlyCompleted };
  });
  const completion = marked.newlyCompleted ? await completeEnrolment(marked.enrolmentId) : null;
  return { ...marked, courseCompleted: completion?.completed ?? false };
}
