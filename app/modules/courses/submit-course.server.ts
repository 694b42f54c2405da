import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { lockAuthoredCourse } from "./draft.server.ts";
import type { SubmitCourseInput } from "./schemas.ts";

/**
 * A co-author submits the draft for review, with an optional note to the reviewer. The submit checklist
 * is what a reviewer cannot do without: at least one module, and a lesson in every module
 * (`course.empty`, 409, naming the empty modules when there are modules; nothing is written). The rest
 * of the publication checklist (quiz answers, transcripts, rubrics) is the reviewer's to read and decide.
 */
export async function submitCourse(actor: Actor, input: SubmitCourseInput) {
  await requireActiveEducator(actor);
  await prisma.$transaction(async (tx) => {
    const course = await lockAuthoredCourse(tx, actor, input.courseId);
    if (course.archivedAt) throw new AppError("course.archived");
    const draft = await tx.courseRevision.findFirst({
      where: { courseId: course.id, status: "draft" },
      select: { id: true, number: true },
    });
    if (!draft) throw new AppError("course.nothing_to_submit");
    const modules = await tx.module.findMany({
      where: { revisionId: draft.id },
      orderBy: { position: "asc" },
      select: { title: true, _count: { select: { lessons: true } } },
    });
    const empty = modules.filter((m) => m._count.lessons === 0).map((m) => m.title);
    if (modules.length === 0) throw new AppError("course.empty");
    if (empty.length > 0)
      throw new AppError("course.empty", { key: "course_submit.empty_modules", params: { modules: empty.join(", ") } });
    await tx.courseRevision.update({
      where: { id: draft.id },
      data: { status: "in_review", submittedAt: new Date(), reviewNote: input.note ?? null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "course.submitted",
      entityType: "course",
      entityId: course.id,
      data: { revision: draft.number, why: input.note ?? null },
    });
  });
}
