import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { invariant } from "#app/utils/errors.ts";
import { auditEdit, openDraft } from "./draft.server.ts";
import type { MoveItemInput } from "./schemas.ts";

/**
 * A co-author moves a module, or a lesson within its module, one place up or down (plain forms, so
 * reordering works without JavaScript). An unknown slug is a 404; at either end nothing moves.
 */
export async function moveItem(actor: Actor, input: MoveItemInput) {
  await requireActiveEducator(actor);
  await prisma.$transaction(async (tx) => {
    const draft = await openDraft(tx, actor, input.courseId);
    const up = input.direction === "up";
    const position = up ? ("lt" as const) : ("gt" as const);
    const order = up ? ("desc" as const) : ("asc" as const);
    if (input.item === "module") {
      const item = await tx.module.findUnique({
        where: { revisionId_slug: { revisionId: draft.id, slug: input.slug } },
        select: { id: true, position: true },
      });
      invariant(item);
      const neighbour = await tx.module.findFirst({
        where: { revisionId: draft.id, position: { [position]: item.position } },
        orderBy: { position: order },
        select: { id: true, position: true },
      });
      if (!neighbour) return;
      // Positions are not unique-constrained, so a plain swap is safe inside the transaction.
      await tx.module.update({ where: { id: item.id }, data: { position: neighbour.position }, select: { id: true } });
      await tx.module.update({ where: { id: neighbour.id }, data: { position: item.position }, select: { id: true } });
    } else {
      const item = await tx.lesson.findUnique({
        where: { revisionId_slug: { revisionId: draft.id, slug: input.slug } },
        select: { id: true, position: true, moduleId: true },
      });
      invariant(item);
      const neighbour = await tx.lesson.findFirst({
        where: { moduleId: item.moduleId, position: { [position]: item.position } },
        orderBy: { position: order },
        select: { id: true, position: true },
      });
      if (!neighbour) return;
      await tx.lesson.update({ where: { id: item.id }, data: { position: neighbour.position }, select: { id: true } });
      await tx.lesson.update({ where: { id: neighbour.id }, data: { position: item.position }, select: { id: true } });
    }
    await auditEdit(tx, actor, draft, `${input.item}.moved`, { slug: input.slug, direction: input.direction });
  });
}
