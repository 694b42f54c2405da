import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import type { ArchiveCourseInput } from "./schemas.ts";
import { forgetCourseLabels } from "./published.server.ts";

/**
 * An admin archives a published course: it leaves the catalog; its revisions stay. Refusals:
 * `course.archived`, `course.not_published` (409). It is a confirmed action (ADR 015): after those checks,
 * without `confirm: "yes"` it refuses with `confirmation.required` (naming the course) and writes nothing.
 */
export async function archiveCourse(actor: Actor, input: ArchiveCourseInput) {
  requirePermission(actor, "publish:course:any");
  await prisma.$transaction(async (tx) => {
    invariant(await lockRow(tx, "Course", input.courseId));
    const course = await tx.course.findUniqueOrThrow({
      where: { id: input.courseId },
      select: { id: true, publishedRevisionId: true, archivedAt: true },
    });
    if (course.archivedAt) throw new AppError("course.archived");
    if (!course.publishedRevisionId) throw new AppError("course.not_published");
    const published = await tx.courseRevision.findUniqueOrThrow({
      where: { id: course.publishedRevisionId },
      select: { title: true },
    });
    requireConfirmation(input, { title: published.title });
    await tx.course.update({ where: { id: course.id }, data: { archivedAt: new Date() }, select: { id: true } });
    await tx.courseRevision.update({
      where: { id: course.publishedRevisionId },
      data: { status: "archived" },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "course.archived",
      entityType: "course",
      entityId: course.id,
      data: { why: input.archiveReason },
    });
  });
  forgetCourseLabels();
}
