import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Actor } from "./permissions.ts";

/** Ends the session the request came with (other sessions of the person stay). */
export async function logOut(actor: Pick<Actor, "id"> & { sessionId: string }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const ended = await tx.session.deleteMany({ where: { id: actor.sessionId, userId: actor.id } });
    if (ended.count === 0) return; // already ended (a second tab, a double click): nothing to record
    await recordAudit(tx, { actorId: actor.id, action: "auth.logout", entityType: "user", entityId: actor.id });
  });
}
