import { prisma } from "#app/utils/db.server.ts";

/**
 * Housekeeping, run hourly by the job queue (app/utils/job-workers.server.ts): deletes the one-time tokens
 * whose time is up — pending sign-ups, address confirmations and password resets (emailed links and
 * admin-issued codes) with `expiresAt` before `now`, used or not. An expired token can no longer be used
 * by anyone, so keeping it would only keep addresses and sign-up details (PendingSignup.payload) longer
 * than needed. Not audited: it is the system forgetting what nobody can act on, not a decision.
 * One transaction, so the three counts are of one moment.
 */
export async function deleteExpiredTokens(
  now: Date,
): Promise<{ pendingSignups: number; emailConfirmations: number; passwordResets: number }> {
  const [pendingSignups, emailConfirmations, passwordResets] = await prisma.$transaction([
    prisma.pendingSignup.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma.emailConfirmation.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma.passwordReset.deleteMany({ where: { expiresAt: { lt: now } } }),
  ]);
  return {
    pendingSignups: pendingSignups.count,
    emailConfirmations: emailConfirmations.count,
    passwordResets: passwordResets.count,
  };
}
