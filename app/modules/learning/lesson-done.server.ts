// "This lesson is done" inside the caller's transaction: marking a lesson complete, sending a quiz attempt
// and handing in an assignment all record it the same way, once.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Tx } from "#app/utils/db.server.ts";

/**
 * Marks the enrolment's lesson done (inserted with ON CONFLICT DO NOTHING on (enrolmentId, lessonId),
 * `completedAt` set by a conditional update, so concurrent calls make one row and one `lesson.completed`
 * audit row). Returns true when it was not done before.
 */
export async function recordLessonDone(
  tx: Tx,
  by: { actorId: string; enrolmentId: string; lessonId: string; at: Date },
): Promise<boolean> {
  await tx.lessonProgress.createMany({
    data: [{ enrolmentId: by.enrolmentId, lessonId: by.lessonId, lastOpenedAt: by.at }],
    skipDuplicates: true,
  });
  const { count } = await tx.lessonProgress.updateMany({
    where: { enrolmentId: by.enrolmentId, lessonId: by.lessonId, completedAt: null },
    data: { completedAt: by.at },
  });
  if (count === 1) {
    await recordAudit(tx, {
      actorId: by.actorId,
      action: "lesson.completed",
      entityType: "enrolment",
      entityId: by.enrolmentId,
      data: { lessonId: by.lessonId },
    });
  }
  return count === 1;
}
