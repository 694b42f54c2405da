// Email addresses wait for their confirmation link before they are used (User.email holds a confirmed
// address only). Shared by sign-up and Settings. Whether the address already belongs to another account
// decides only which neutral email is queued, never what the screen says: both paths write the same rows.
import { randomToken, sha256 } from "./crypto.server.ts";
import type { Tx } from "#app/utils/db.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { queueEmail } from "#app/utils/mailer.server.ts";

export const EMAIL_CONFIRMATION_HOURS = 24;
/** The shape of every emailed token (randomToken(32)): anything else is not looked up. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * Inside the caller's transaction: replaces the account's pending address with `email` (one row,
 * token stored hashed, valid 24 h) and queues ONE neutral email to that address: the confirmation link
 * if no other account has it, otherwise "someone tried to use this address; if it was you, you already
 * have an account: sign in or recover" (no link that would attach it). Returns the outbox id.
 */
export async function requestEmailConfirmation(
  tx: Tx,
  request: { userId: string; email: string; locale: Locale | null },
): Promise<string> {
  const token = randomToken(32);
  await tx.emailConfirmation.deleteMany({ where: { userId: request.userId, usedAt: null } });
  await tx.emailConfirmation.create({
    data: {
      userId: request.userId,
      email: request.email,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + EMAIL_CONFIRMATION_HOURS * 3_600_000),
    },
    select: { id: true },
  });
  const owner = await tx.user.findUnique({ where: { email: request.email }, select: { id: true } });
  const taken = owner !== null && owner.id !== request.userId;
  return queueEmail(
    tx,
    taken
      ? { to: request.email, kind: "account_exists", path: "/login", locale: request.locale }
      : { to: request.email, kind: "confirm_address", path: `/confirm-email/${token}`, locale: request.locale },
  );
}
