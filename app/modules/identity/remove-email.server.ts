import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Actor } from "./permissions.ts";
import { requirePermission } from "./session.server.ts";

/**
 * A person removes their email address: the confirmed one and any address waiting for confirmation.
 * Notices then appear in the app only, and recovery is by recovery code or through the partner NGO.
 * Audited without the address.
 */
export async function removeEmail(actor: Actor): Promise<void> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { email: null }, select: { id: true } });
    await tx.emailConfirmation.deleteMany({ where: { userId: actor.id, usedAt: null } });
    await recordAudit(tx, { actorId: actor.id, action: "user.email_removed", entityType: "user", entityId: actor.id });
  });
}
