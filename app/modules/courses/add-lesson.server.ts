import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { onUniqueViolation, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { auditEdit, openDraft } from "./draft.server.ts";
import { lessonFromForm, lessonRowData } from "./lesson-mapping.ts";
import type { AddLessonInput } from "./schemas.ts";

/** A co-author adds a lesson at the end of one of the draft's modules. Lesson slugs are unique in a revision. */
export async function addLesson(actor: Actor, input: AddLessonInput) {
  await requireActiveEducator(actor);
  const { courseId, module: moduleSlug, slug, ...form } = input;
  return onUniqueViolation(
    () =>
      prisma.$transaction(async (tx) => {
        const draft = await openDraft(tx, actor, courseId);
        const module = await tx.module.findUnique({
          where: { revisionId_slug: { revisionId: draft.id, slug: moduleSlug } },
          select: { id: true },
        });
        if (!module) throw new AppError("lesson.module_missing", { field: "module" });
        const last = await tx.lesson.aggregate({ where: { moduleId: module.id }, _max: { position: true } });
        const created = await tx.lesson.create({
          data: {
            revisionId: draft.id,
            moduleId: module.id,
            position: (last._max.position ?? 0) + 1,
            slug,
            ...lessonRowData(lessonFromForm(form)),
          },
          select: { id: true, slug: true },
        });
        await auditEdit(tx, actor, draft, "lesson.added", { lesson: slug });
        return created;
      }),
    [{ model: "Lesson", fields: ["revisionId", "slug"], error: () => new AppError("lesson.slug_taken", { field: "slug" }) }],
  );
}
