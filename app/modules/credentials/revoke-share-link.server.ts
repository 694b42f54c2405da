import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { RevokeShareLinkInput } from "./schemas.ts";

/**
 * The learner withdraws one of their share links: from now on it answers like an unknown link. Not
 * confirmed (ADR 015 is for actions that harm others; this protects the learner, and a new link is one
 * form away).
 *
 * **Idempotent**: revoking a link that is already revoked changes nothing (no second audit row, the first
 * `revokedAt` stays) and answers `{ revoked: false }`, so a double click, Back and re-post, or two tabs
 * end where the learner wanted. The update is conditional on `revokedAt IS NULL`, so two revocations at
 * the same moment write one row and one audit event. Another learner's share, a share of another
 * credential than the page's, or a forged id: `not_found`; roles without `revoke:share-link:own`: 403.
 */
export async function revokeShareLink(actor: Actor, input: RevokeShareLinkInput, options: { now?: Date } = {}) {
  requirePermission(actor, "revoke:share-link:own");
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const share = await tx.shareLink.findUnique({
      where: { id: input.shareId },
      select: { id: true, learnerId: true, credentialId: true, audience: true, revokedAt: true },
    });
    if (!share || (input.credentialId !== undefined && share.credentialId !== input.credentialId))
      throw new AppError("not_found");
    requirePermission(actor, "revoke:share-link:own", { ownerId: share.learnerId }, { hide: true });
    const { count } = await tx.shareLink.updateMany({ where: { id: share.id, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) {
      const { revokedAt } = await tx.shareLink.findUniqueOrThrow({ where: { id: share.id }, select: { revokedAt: true } });
      return { shareId: share.id, credentialId: share.credentialId, revoked: false, revokedAt: revokedAt! };
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "share_link.revoked",
      entityType: "share_link",
      entityId: share.id,
      data: { credentialId: share.credentialId, audience: share.audience },
    });
    return { shareId: share.id, credentialId: share.credentialId, revoked: true, revokedAt: now };
  });
}
