import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { onUniqueViolation, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { auditEdit, openDraft } from "./draft.server.ts";
import type { AddModuleInput } from "./schemas.ts";

/** A co-author adds a module at the end of the draft. Two modules of a revision never share a slug (the unique key decides). */
export async function addModule(actor: Actor, input: AddModuleInput) {
  await requireActiveEducator(actor);
  return onUniqueViolation(
    () =>
      prisma.$transaction(async (tx) => {
        const draft = await openDraft(tx, actor, input.courseId);
        const last = await tx.module.aggregate({ where: { revisionId: draft.id }, _max: { position: true } });
        const created = await tx.module.create({
          data: {
            revisionId: draft.id,
            position: (last._max.position ?? 0) + 1,
            slug: input.slug,
            title: input.title,
            summary: input.summary,
          },
          select: { id: true, slug: true },
        });
        await auditEdit(tx, actor, draft, "module.added", { module: input.slug });
        return created;
      }),
    [{ model: "Module", fields: ["revisionId", "slug"], error: () => new AppError("module.slug_taken", { field: "slug" }) }],
  );
}
