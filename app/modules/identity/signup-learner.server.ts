import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { sha256 } from "./crypto.server.ts";
import { checkPasswordPolicy, hashPassword } from "./password.server.ts";
import { normaliseReferralCode } from "./referral-codes.server.ts";
import { createSession } from "./session.server.ts";

export type SignupResult = { ok: true; cookie: string; userId: string } | { ok: false; field: string; message: string };

class SignupRefused extends Error {
  constructor(
    readonly field: string,
    readonly key: string,
  ) {
    super(key);
  }
}

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/**
 * A learner joins with a referral code from a partner NGO. The code use, the account, the learner role,
 * the redemption, the session and the audit rows commit in one transaction, or none of them does.
 */
export async function signUpLearner(options: {
  code: string;
  email: string;
  displayName: string;
  password: string;
  locale: Locale;
}): Promise<SignupResult> {
  const problem = await checkPasswordPolicy(options.password, [options.email, options.displayName, "waystone"]);
  if (problem) return { ok: false, field: "password", message: `password.${problem}` };
  const passwordHash = await hashPassword(options.password);
  const codeHash = sha256(normaliseReferralCode(options.code));
  try {
    return await prisma.$transaction(async (tx) => {
      const code = await tx.referralCode.findUnique({
        where: { codeHash },
        select: { id: true, ngoId: true, maxUses: true, expiresAt: true, revokedAt: true },
      });
      if (!code || code.revokedAt || code.expiresAt.getTime() <= Date.now())
        throw new SignupRefused("code", "signup.code_invalid");
      // Conditional increment: two sign-ups racing for the last use cannot both win.
      const claimed = await tx.referralCode.updateMany({
        where: { id: code.id, uses: { lt: code.maxUses } },
        data: { uses: { increment: 1 } },
      });
      if (claimed.count !== 1) throw new SignupRefused("code", "signup.code_invalid");
      const user = await tx.user.create({
        data: {
          email: options.email,
          displayName: options.displayName,
          passwordHash,
          locale: options.locale,
          roles: { create: { role: "learner" } },
          referralRedemption: { create: { codeId: code.id } },
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "user.signed_up",
        entityType: "user",
        entityId: user.id,
        data: { role: "learner" },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "referral_code.redeemed",
        entityType: "referral_code",
        entityId: code.id,
        data: { ngoId: code.ngoId },
      });
      const cookie = await createSession(tx, user.id);
      return { ok: true as const, cookie, userId: user.id };
    });
  } catch (error) {
    if (error instanceof SignupRefused) return { ok: false, field: error.field, message: error.key };
    if (isUniqueViolation(error)) return { ok: false, field: "email", message: "signup.email_taken" };
    throw error;
  }
}

export { isUniqueViolation };
