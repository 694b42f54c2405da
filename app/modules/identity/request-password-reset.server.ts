import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { isLocale } from "#app/utils/i18n.ts";
import { queueEmail } from "#app/utils/mailer.server.ts";
import { keyedHash, randomToken } from "./crypto.server.ts";
import { takeRateLimit } from "./rate-limit.server.ts";
import { RESET_LINK_TTL_MS, resetLinkHash } from "./recovery.server.ts";
import type { RequestPasswordResetInput } from "./schemas.ts";
import { looksLikeEmail } from "./usernames.ts";

/** What an anonymous request needs to know about itself: the client, for the per-client limit. */
export type RecoveryContext = { clientIp: string | null };

/** Links being written after their answer has left (see requestPasswordReset). */
const inFlight = new Set<Promise<void>>();

/**
 * "Email me a link" (/recover). The answer is the same whether or not an account matches the username
 * or email, and whether or not it has a confirmed address, and it takes the same time BY CONSTRUCTION:
 * the request counts against the per-client limit (`request.too_many`, before anything is written) and
 * then returns, before the account is even looked up; the rest runs after the answer has left
 * (writeResetLink). Errors there are logged, never shown: the answer could not differ anyway.
 */
export async function requestPasswordReset(context: RecoveryContext, input: RequestPasswordResetInput): Promise<void> {
  await takeRateLimit("recovery", context.clientIp);
  // setImmediate: not even the lookup's first synchronous step runs before this answer is on its way.
  const job = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => writeResetLink(input.identifier))
    .catch((error: unknown) => {
      console.error("password reset: the link could not be written", error);
    });
  inFlight.add(job);
  void job.finally(() => inFlight.delete(job));
}

/** Resolves once every link requested so far has been written and its email queued (tests wait on it). */
export async function resetRequestsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}

/**
 * Only an active account with a confirmed address gets a PasswordReset (email_link, 30 minutes, the
 * token stored as a keyed hash; any earlier open link of the account stops working) and a neutral email
 * with /reset/<token>, in one transaction with its audit row. Every request writes
 * `auth.password_reset_requested` (an unknown name only as a keyed hash).
 */
async function writeResetLink(identifier: string): Promise<void> {
  const user = await prisma.user.findUnique({
    where: looksLikeEmail(identifier) ? { email: identifier } : { username: identifier },
    select: { id: true, email: true, locale: true, status: true },
  });
  const target = user?.email && user.status === "active" ? { ...user, email: user.email } : null;
  const token = randomToken(32);
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    if (target) {
      await tx.passwordReset.updateMany({
        where: { userId: target.id, kind: "email_link", usedAt: null, expiresAt: { gt: now } },
        data: { expiresAt: now },
      });
      await tx.passwordReset.create({
        data: {
          userId: target.id,
          kind: "email_link",
          tokenHash: resetLinkHash(token),
          expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS),
        },
        select: { id: true },
      });
      await queueEmail(tx, {
        to: target.email,
        path: `/reset/${token}`,
        locale: isLocale(target.locale) ? target.locale : null,
        kind: "password_reset",
      });
    }
    await recordAudit(tx, {
      actorId: null,
      action: "auth.password_reset_requested",
      entityType: "user",
      entityId: user?.id ?? null,
      // a keyed hash, so repeated requests for one unknown name can be correlated without storing it
      data: { subject: user ? "known" : `unknown:${keyedHash(identifier).slice(0, 16)}`, sent: Boolean(target) },
    });
  });
}
