import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { invariant } from "#app/utils/errors.ts";
import { auditEdit, openDraft } from "./draft.server.ts";
import { lessonFromForm, lessonRowData } from "./lesson-mapping.ts";
import type { UpdateLessonInput } from "./schemas.ts";

/** A co-author saves a lesson of the draft (its slug and module stay). An unknown lesson is a 404. */
export async function updateLesson(actor: Actor, input: UpdateLessonInput) {
  await requireActiveEducator(actor);
  const { courseId, lessonSlug, ...form } = input;
  await prisma.$transaction(async (tx) => {
    const draft = await openDraft(tx, actor, courseId);
    const { count } = await tx.lesson.updateMany({
      where: { revisionId: draft.id, slug: lessonSlug },
      data: lessonRowData(lessonFromForm(form)),
    });
    invariant(count === 1);
    await auditEdit(tx, actor, draft, "lesson.updated", { lesson: lessonSlug });
  });
}
