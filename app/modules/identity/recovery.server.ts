// What the three recovery paths share (docs/decisions/014-account-recovery.md): how their secrets are
// stored (keyed hashes, so a leaked table confirms no guess), how long they live, and the one way a
// recovery ends: a new password, every session of the account ended, a fresh one for the person.
// The operations are request-password-reset, reset-password, recover-with-code and issue-reset-code.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Tx } from "#app/utils/db.server.ts";
import { keyedHash, normaliseReferralCode } from "./crypto.server.ts";
import { createSession } from "./session.server.ts";

/** An emailed reset link works for 30 minutes. */
export const RESET_LINK_TTL_MS = 30 * 60 * 1000;
/** A reset code issued by an admin (at the request of the learner's partner NGO) works for 72 hours. */
export const RESET_CODE_TTL_MS = 72 * 60 * 60 * 1000;
/** Length of an admin-issued reset code, without its dashes (recovery codes have 12). */
export const RESET_CODE_LENGTH = 16;

/** What an emailed link's token is stored as. */
export function resetLinkHash(token: string): string {
  return keyedHash(`reset-link:${token}`);
}

/** What an admin-issued reset code is stored as: the code without dashes, spaces or case. */
export function resetCodeHash(code: string): string {
  return keyedHash(`reset-code:${normaliseReferralCode(code)}`);
}

/** The shape of a link token (randomToken(32)): anything else is not looked up at all. */
export function isLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

export type RecoveryMethod = "email_link" | "recovery_code" | "admin_code";

/**
 * Ends a recovery inside the caller's transaction (which has already consumed the link or code,
 * conditionally): the new password, every session of the account ended, every other open reset of the
 * account revoked (it expires now), a new session, and `auth.password_reset` {method}. Returns the
 * Set-Cookie value of the new session.
 */
export async function finishRecovery(
  tx: Tx,
  input: { userId: string; passwordHash: string; method: RecoveryMethod },
): Promise<string> {
  const now = new Date();
  await tx.user.update({
    where: { id: input.userId },
    data: { passwordHash: input.passwordHash, passwordChangedAt: now },
    select: { id: true },
  });
  await tx.session.deleteMany({ where: { userId: input.userId } });
  await tx.passwordReset.updateMany({
    where: { userId: input.userId, usedAt: null, expiresAt: { gt: now } },
    data: { expiresAt: now },
  });
  const cookie = await createSession(tx, input.userId);
  await recordAudit(tx, {
    actorId: input.userId,
    action: "auth.password_reset",
    entityType: "user",
    entityId: input.userId,
    data: { method: input.method },
  });
  return cookie;
}
