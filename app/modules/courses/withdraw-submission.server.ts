import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { lockAuthoredCourse } from "./draft.server.ts";
import type { WithdrawSubmissionInput } from "./schemas.ts";

/**
 * A co-author takes a submission back to keep editing. The revision stays the same one (same id): what
 * changes before it is submitted again changes its content hash, which the reviewer's form carries.
 */
export async function withdrawSubmission(actor: Actor, input: WithdrawSubmissionInput) {
  await requireActiveEducator(actor);
  await prisma.$transaction(async (tx) => {
    const course = await lockAuthoredCourse(tx, actor, input.courseId);
    const revision = await tx.courseRevision.findFirst({
      where: { courseId: course.id, status: "in_review" },
      select: { id: true, number: true },
    });
    if (!revision) throw new AppError("course.not_in_review");
    // The author's note belonged to that submission; a draft's reviewNote only ever holds a reviewer's note.
    await tx.courseRevision.update({
      where: { id: revision.id },
      data: { status: "draft", reviewNote: null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "course.withdrawn",
      entityType: "course",
      entityId: course.id,
      data: { revision: revision.number },
    });
  });
}
