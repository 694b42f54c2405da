import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { invariant } from "#app/utils/errors.ts";
import { auditEdit, openDraft } from "./draft.server.ts";
import type { DeleteLessonInput } from "./schemas.ts";

/** A co-author deletes a lesson from the draft (the published revision keeps it until the draft is published). */
export async function deleteLesson(actor: Actor, input: DeleteLessonInput) {
  await requireActiveEducator(actor);
  await prisma.$transaction(async (tx) => {
    const draft = await openDraft(tx, actor, input.courseId);
    const { count } = await tx.lesson.deleteMany({ where: { revisionId: draft.id, slug: input.lessonSlug } });
    invariant(count === 1);
    await auditEdit(tx, actor, draft, "lesson.deleted", { lesson: input.lessonSlug });
  });
}
