import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Actor } from "./permissions.ts";
import type { RevokeReferralCodeInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin revokes a referral code: no sign-up uses it afterwards (sign-up's claim checks revokedAt
 * in the same conditional update). Revoking a revoked code changes nothing and writes no audit row
 * (two admins pressing the button at once give one revocation). Unknown code: `not_found`.
 */
export async function revokeReferralCode(
  actor: Actor,
  input: Pick<RevokeReferralCodeInput, "codeId">,
): Promise<{ revoked: boolean }> {
  requirePermission(actor, "revoke:referral-code:any");
  return prisma.$transaction(async (tx) => {
    const revoked = await tx.referralCode.updateMany({
      where: { id: input.codeId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) {
      const exists = await tx.referralCode.count({ where: { id: input.codeId } });
      if (!exists) throw new AppError("not_found");
      return { revoked: false };
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "referral_code.revoked",
      entityType: "referral_code",
      entityId: input.codeId,
    });
    return { revoked: true };
  });
}
