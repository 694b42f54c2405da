import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { randomReadableCode, referralCodeHash } from "./crypto.server.ts";
import type { Actor } from "./permissions.ts";
import type { CreateReferralCodeInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin creates a referral code for a partner NGO. The code and its absolute sign-up link are
 * returned once, to be handed over, and the code is stored only as a hash. Refusals: `permission.denied`; `referral_code.ngo_required` (ngoId) when
 * the organisation is unknown or is not an NGO.
 */
export async function createReferralCode(
  actor: Actor,
  input: Omit<CreateReferralCodeInput, "intent">,
): Promise<{ id: string; code: string; signupLink: string }> {
  requirePermission(actor, "create:referral-code:any");
  const code = input.code ?? randomReadableCode(12);
  return prisma.$transaction(async (tx) => {
    const ngo = await tx.organisation.findUnique({ where: { id: input.ngoId }, select: { id: true, kind: true } });
    if (!ngo || ngo.kind !== "ngo") throw new AppError("referral_code.ngo_required", { field: "ngoId" });
    const row = await tx.referralCode.create({
      data: {
        ngoId: ngo.id,
        codeHash: referralCodeHash(code),
        label: input.label,
        maxUses: input.maxUses,
        expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
        createdById: actor.id,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "referral_code.created",
      entityType: "referral_code",
      entityId: row.id,
      data: { ngoId: ngo.id, maxUses: input.maxUses, expiresInDays: input.expiresInDays },
    });
    return { id: row.id, code, signupLink: referralSignupLink(code) };
  });
}

/** The absolute sign-up link of a code (APP_ORIGIN + /signup?code=…), to hand over with the code. */
export function referralSignupLink(code: string): string {
  return new URL(`/signup?code=${encodeURIComponent(code)}`, getEnv().APP_ORIGIN).toString();
}
