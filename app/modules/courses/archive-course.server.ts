import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import type { ArchiveCourseInput } from "./schemas.ts";

/** An admin archives a published course: it leaves the catalog; its revisions stay. */
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
}
