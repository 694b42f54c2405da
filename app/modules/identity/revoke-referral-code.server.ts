import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Actor } from "./permissions.ts";
import type { RevokeReferralCodeInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin revokes a referral code: no sign-up uses it afterwards (sign-up's claim checks revokedAt
 * in the same conditional update). It is a confirmed action (ADR 015): without `confirm: "yes"` the
 * operation refuses with `confirmation.required` (naming the code's label) and writes nothing. Revoking a
 * revoked code changes nothing and writes no audit row (two admins confirming at once give one
 * revocation). Unknown code: `not_found`. A revoked code can be reinstated (reinstate-referral-code).
 */
export async function revokeReferralCode(
  actor: Actor,
  input: Pick<RevokeReferralCodeInput, "codeId" | "confirm">,
): Promise<{ revoked: boolean }> {
  requirePermission(actor, "revoke:referral-code:any");
  return prisma.$transaction(async (tx) => {
    const code = await tx.referralCode.findUnique({
      where: { id: input.codeId },
      select: { id: true, label: true, revokedAt: true },
    });
    if (!code) throw new AppError("not_found");
    if (code.revokedAt) return { revoked: false };
    requireConfirmation(input, { label: code.label });
    const revoked = await tx.referralCode.updateMany({
      where: { id: code.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) return { revoked: false };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "referral_code.revoked",
      entityType: "referral_code",
      entityId: code.id,
    });
    return { revoked: true };
  });
}
