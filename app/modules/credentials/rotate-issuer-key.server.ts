import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { ensureIssuer, ISSUER_ID, replaceCurrentKey } from "./issuer.server.ts";
import { forgetSignedStatusLists } from "./status-lists.server.ts";

/**
 * An admin rotates the issuer's signing key (ADR 026): a new key becomes current and signs every credential
 * and status list from now on; the old one is retired, stays in the DID document and still verifies what
 * it signed. Confirmed (ADR 015). The Issuer row is locked, so two rotations at once make two keys, one after
 * the other, never two current ones.
 */
export async function rotateIssuerKey(actor: Actor, input: { confirm?: "yes" }) {
  requirePermission(actor, "update:issuer-key");
  requireConfirmation(input);
  const result = await prisma.$transaction(async (tx) => {
    await ensureIssuer(tx);
    await lockRow(tx, "Issuer", ISSUER_ID);
    const issuer = await tx.issuer.findUniqueOrThrow({ where: { id: ISSUER_ID }, select: { currentKeyId: true } });
    const now = new Date();
    if (issuer.currentKeyId) {
      await tx.issuerKey.updateMany({
        where: { id: issuer.currentKeyId, status: "current" },
        data: { status: "retired", retiredAt: now },
      });
    }
    const key = await replaceCurrentKey(tx, now);
    await tx.issuer.update({ where: { id: ISSUER_ID }, data: { currentKeyId: key.id }, select: { id: true } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "issuer_key.rotated",
      entityType: "issuer-key",
      entityId: key.id,
      data: { retired: issuer.currentKeyId },
    });
    return { keyId: key.id, retiredKeyId: issuer.currentKeyId };
  });
  forgetSignedStatusLists();
  return result;
}
