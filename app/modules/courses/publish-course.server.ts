import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import { contentHash, publicationChecklist, readRevisionContent } from "./revision-content.server.ts";
import type { PublishCourseInput } from "./schemas.ts";
import { forgetCourseLabels } from "./published.server.ts";

/**
 * An admin publishes the revision in review: exactly the one they read. The form carries the revision id
 * and the hash of the content the page showed; under the Course row lock the revision is read again and
 * refused (409 `course.changed_since_review`) if it is another one or its content changed (a withdrawal,
 * an edit and a new submission keep the revision id, not the hash). The publication checklist must pass.
 * Of two admins publishing at once, the second finds nothing in review (409 `course.not_in_review`).
 * It is a confirmed action (ADR 015): after all those checks, without `confirm: "yes"` it refuses with
 * `confirmation.required` (naming the course's title) and writes nothing.
 */
export async function publishCourse(actor: Actor, input: PublishCourseInput) {
  requirePermission(actor, "publish:course:any");
  await prisma.$transaction(async (tx) => {
    invariant(await lockRow(tx, "Course", input.courseId));
    const course = await tx.course.findUniqueOrThrow({
      where: { id: input.courseId },
      select: { id: true, publishedRevisionId: true },
    });
    const revision = await tx.courseRevision.findFirst({
      where: { courseId: course.id, status: "in_review" },
      select: { id: true, number: true },
    });
    if (!revision) throw new AppError("course.not_in_review");
    if (revision.id !== input.revisionId) throw new AppError("course.changed_since_review");
    const content = await readRevisionContent(tx, revision.id);
    invariant(content);
    const hash = contentHash(content);
    if (hash !== input.contentHash) throw new AppError("course.changed_since_review");
    if (publicationChecklist(content).some((item) => !item.ok)) throw new AppError("course.checklist_incomplete");
    requireConfirmation(input, { title: content.fields.title });
    if (course.publishedRevisionId) {
      await tx.courseRevision.update({
        where: { id: course.publishedRevisionId },
        data: { status: "superseded" },
        select: { id: true },
      });
    }
    await tx.courseRevision.update({
      where: { id: revision.id },
      data: { status: "published", publishedAt: new Date(), reviewNote: input.publishReason || null, contentHash: hash },
      select: { id: true },
    });
    await tx.course.update({
      where: { id: course.id },
      data: { publishedRevisionId: revision.id, archivedAt: null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "course.published",
      entityType: "course",
      entityId: course.id,
      data: { revision: revision.number, why: input.publishReason || null },
    });
  });
  forgetCourseLabels(); // the course's title is now the new revision's
}
