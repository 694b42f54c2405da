import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { createAccount, provisionalUsername, preparePassword, withAccountConflicts } from "./create-account.server.ts";
import { referralCodeHash } from "./crypto.server.ts";
import type { SignupInput } from "./schemas.ts";
import { createSession } from "./session.server.ts";

/** What an anonymous sign-up needs to know about its request. */
export type SignUpContext = { locale: Locale };

const codeRefused = () => new AppError("referral_code.invalid", { field: "code" });

/**
 * A learner joins with a referral code from a partner NGO. The code use, the account, the learner role,
 * the redemption, the session and the audit rows commit in one transaction, or none of them does.
 * Refusals: `password.rejected` (password), `referral_code.invalid` (code: unknown, revoked, expired or
 * used up), `account.email_taken` (email). Returns the session's Set-Cookie value.
 */
export async function signUpLearner(context: SignUpContext, input: SignupInput): Promise<{ userId: string; cookie: string }> {
  const passwordHash = await preparePassword(input.password, [input.email, input.displayName]);
  const codeHash = referralCodeHash(input.code);
  return withAccountConflicts(() =>
    prisma.$transaction(async (tx) => {
      const code = await tx.referralCode.findUnique({
        where: { codeHash },
        select: { id: true, ngoId: true, maxUses: true },
      });
      if (!code) throw codeRefused();
      // Conditional increment: two sign-ups racing for the last use cannot both win, and a code revoked
      // or expired a moment ago is not used.
      const claimed = await tx.referralCode.updateMany({
        where: { id: code.id, revokedAt: null, expiresAt: { gt: new Date() }, uses: { lt: code.maxUses } },
        data: { uses: { increment: 1 } },
      });
      if (claimed.count !== 1) throw codeRefused();
      const user = await createAccount(tx, {
        username: provisionalUsername(), // TEMP (issue 7): replaced by the username the form asks for
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        locale: context.locale,
        roles: ["learner"],
      });
      await tx.referralRedemption.create({ data: { codeId: code.id, userId: user.id }, select: { id: true } });
      await recordAudit(tx, {
        actorId: user.id,
        action: "referral_code.redeemed",
        entityType: "referral_code",
        entityId: code.id,
        data: { ngoId: code.ngoId },
      });
      const cookie = await createSession(tx, user.id);
      return { userId: user.id, cookie };
    }),
  );
}
