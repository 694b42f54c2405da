import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Actor } from "./permissions.ts";
import type { ReinstateReferralCodeInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin undoes a revocation: the code works again for its remaining uses until it expires. Whoever may
 * revoke a code may reinstate it (`revoke:referral-code:any`). A code that has expired
 * (`referral_code.expired`) or has no use left (`referral_code.used_up`) is refused (409, nothing written):
 * reinstating it would not make it usable, so the admin creates a new one instead. Reinstating a code
 * that is not revoked changes nothing and writes no audit row; two admins at once give one reinstatement
 * (the update is conditional on the code still being revoked, unexpired and not used up). Unknown code:
 * `not_found`.
 */
export async function reinstateReferralCode(
  actor: Actor,
  input: Pick<ReinstateReferralCodeInput, "codeId">,
): Promise<{ reinstated: boolean }> {
  requirePermission(actor, "revoke:referral-code:any");
  return prisma.$transaction(async (tx) => {
    const code = await tx.referralCode.findUnique({
      where: { id: input.codeId },
      select: { id: true, revokedAt: true, expiresAt: true, uses: true, maxUses: true },
    });
    if (!code) throw new AppError("not_found");
    if (!code.revokedAt) return { reinstated: false };
    const now = new Date();
    if (code.expiresAt.getTime() <= now.getTime()) throw new AppError("referral_code.expired");
    if (code.uses >= code.maxUses) throw new AppError("referral_code.used_up");
    const reinstated = await tx.referralCode.updateMany({
      where: { id: code.id, revokedAt: { not: null }, expiresAt: { gt: now }, uses: { lt: code.maxUses } },
      data: { revokedAt: null },
    });
    if (reinstated.count === 0) return { reinstated: false };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "referral_code.reinstated",
      entityType: "referral_code",
      entityId: code.id,
    });
    return { reinstated: true };
  });
}
