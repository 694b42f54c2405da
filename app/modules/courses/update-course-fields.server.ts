import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { auditEdit, openDraft } from "./draft.server.ts";
import type { UpdateCourseFieldsInput } from "./schemas.ts";

/** A co-author changes the course fields of the draft (the first change of a published course makes the draft). */
export async function updateCourseFields(actor: Actor, input: UpdateCourseFieldsInput) {
  await requireActiveEducator(actor);
  const { courseId, ...fields } = input;
  await prisma.$transaction(async (tx) => {
    const draft = await openDraft(tx, actor, courseId);
    await tx.courseRevision.update({
      where: { id: draft.id },
      data: { ...fields, translationOf: fields.translationOf ?? null },
      select: { id: true },
    });
    await auditEdit(tx, actor, draft, "fields");
  });
}
