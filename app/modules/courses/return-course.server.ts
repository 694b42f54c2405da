import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import type { ReturnCourseInput } from "./schemas.ts";

/** An admin returns the revision in review to its authors as a draft, with the reason they will read. */
export async function returnCourse(actor: Actor, input: ReturnCourseInput) {
  requirePermission(actor, "publish:course:any");
  await prisma.$transaction(async (tx) => {
    invariant(await lockRow(tx, "Course", input.courseId));
    const revision = await tx.courseRevision.findFirst({
      where: { courseId: input.courseId, status: "in_review" },
      select: { id: true, number: true },
    });
    if (!revision) throw new AppError("course.not_in_review");
    if (revision.id !== input.revisionId) throw new AppError("course.changed_since_review");
    await tx.courseRevision.update({
      where: { id: revision.id },
      data: { status: "draft", reviewNote: input.returnReason },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "course.returned",
      entityType: "course",
      entityId: input.courseId,
      data: { revision: revision.number, why: input.returnReason },
    });
  });
}
