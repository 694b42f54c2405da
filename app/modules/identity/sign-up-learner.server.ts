import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { createAccount, preparePassword, withAccountConflicts } from "./create-account.server.ts";
import { referralCodeHash } from "./crypto.server.ts";
import { requestEmailConfirmation } from "./email-confirmation.server.ts";
import { takeRateLimit } from "./rate-limit.server.ts";
import { issueRecoveryCodes } from "./recovery-codes.server.ts";
import type { SignupInput } from "./schemas.ts";
import { createSession } from "./session.server.ts";

/** What an anonymous sign-up needs to know about its request: the visitor's language and address. */
export type SignUpContext = { locale: Locale; clientIp: string | null };

const codeRefused = () => new AppError("referral_code.invalid", { field: "code" });

/**
 * A learner joins with a referral code from a partner NGO, a username (a pseudonym, used only to log
 * in) and a display name; an email address is optional. The account exists at once, WITHOUT an email:
 * a given address waits for its confirmation link (see email-confirmation.server.ts), and an address that
 * already belongs to another account gets a neutral "you already have an account" email instead, so the
 * answer is the same either way. The code use, the account, the learner role, the redemption, the ten
 * recovery codes, the pending address, the session and the audit rows commit in one transaction, or
 * none of them does; the email is handed over after the commit.
 *
 * Limited per client (`request.too_many`, before anything is written). Refusals: `password.rejected`
 * (password), `referral_code.invalid` (code: unknown, revoked, expired or used up),
 * `account.username_taken` (username). Returns the session's Set-Cookie value and the recovery codes,
 * which the response shows once.
 */
export async function signUpLearner(
  context: SignUpContext,
  input: SignupInput,
): Promise<{ userId: string; cookie: string; recoveryCodes: string[] }> {
  await takeRateLimit("signup", context.clientIp);
  const passwordHash = await preparePassword(input.password, [input.username, input.displayName, input.email ?? ""]);
  const codeHash = referralCodeHash(input.code);
  const result = await withAccountConflicts(() =>
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
        username: input.username,
        email: null,
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
      const recoveryCodes = await issueRecoveryCodes(tx, user.id);
      await recordAudit(tx, {
        actorId: user.id,
        action: "recovery_codes.issued",
        entityType: "user",
        entityId: user.id,
        data: { count: recoveryCodes.length },
      });
      if (input.email) await requestEmailConfirmation(tx, { userId: user.id, email: input.email, locale: context.locale });
      const cookie = await createSession(tx, user.id);
      return { userId: user.id, cookie, recoveryCodes };
    }),
  );
  return { userId: result.userId, cookie: result.cookie, recoveryCodes: result.recoveryCodes };
}
