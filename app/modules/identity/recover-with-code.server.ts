import type { Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { preparePassword } from "./create-account.server.ts";
import { keyedHash } from "./crypto.server.ts";
import { takeRateLimit } from "./rate-limit.server.ts";
import { recoveryCodeHash } from "./recovery-codes.server.ts";
import { finishRecovery, resetCodeHash, type RecoveryMethod } from "./recovery.server.ts";
import type { RecoverWithCodeInput } from "./schemas.ts";

/** The client (for the limits) and the account signed in on this browser, if any. */
export type RecoverWithCodeContext = { clientIp: string | null; sessionUserId: string | null };

/**
 * Sets a new password with one of the account's recovery codes or with a reset code an admin issued at
 * the request of the learner's partner NGO (/recover/code). An unknown username and a wrong code give
 * the same answer (`recovery.code_invalid`) after the same work (one lookup of the account, one of each
 * kind of code, one audit row). Attempts are limited per client and per (username, client), before
 * anything is written, and never for everyone: nobody can lock another person out. A used code is
 * `recovery.code_used`, an expired or replaced reset code `recovery.code_expired` (only someone who holds
 * the code learns that). A browser signed in as another account is refused (`recovery.signed_in_as_other`).
 * Then the password policy (`password.rejected`), and in one transaction: the code is used
 * (conditionally), the password set, every session of the account ended, its open resets revoked, a new
 * session opened and `auth.password_reset` {method} written. Returns the new session's cookie.
 */
export async function recoverWithCode(
  context: RecoverWithCodeContext,
  input: Pick<RecoverWithCodeInput, "username" | "code" | "password">,
): Promise<{ userId: string; roles: Role[]; cookie: string; method: RecoveryMethod }> {
  await takeRateLimit("recovery", context.clientIp);
  await takeRateLimit("recovery-code", context.clientIp ? `${input.username}\n${context.clientIp}` : null);
  // No relation in this select: an unknown name must not cost one query less than a known one.
  const user = await prisma.user.findUnique({
    where: { username: input.username },
    select: { id: true, username: true, email: true, displayName: true, status: true },
  });
  const userId = user?.id ?? ""; // "" matches no code: the same two lookups either way
  const recoveryCode = await prisma.recoveryCode.findUnique({
    where: { userId_codeHash: { userId, codeHash: recoveryCodeHash(input.code) } },
    select: { id: true, usedAt: true },
  });
  const resetCode = await prisma.passwordReset.findUnique({
    where: { tokenHash: resetCodeHash(input.code) },
    select: { id: true, userId: true, kind: true, usedAt: true, expiresAt: true },
  });
  const adminCode = user && resetCode?.kind === "admin_code" && resetCode.userId === user.id ? resetCode : null;

  if (context.sessionUserId && context.sessionUserId !== user?.id) throw new AppError("recovery.signed_in_as_other");
  if (!user || (!recoveryCode && !adminCode)) {
    await prisma.$transaction(async (tx) => {
      await recordAudit(tx, {
        actorId: null,
        action: "auth.recovery_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        data: { subject: user ? "known" : `unknown:${keyedHash(input.username).slice(0, 16)}` },
      });
    });
    throw new AppError("recovery.code_invalid");
  }
  if (recoveryCode ? recoveryCode.usedAt : adminCode!.usedAt) throw new AppError("recovery.code_used");
  if (!recoveryCode && adminCode!.expiresAt.getTime() <= Date.now()) throw new AppError("recovery.code_expired");
  if (user.status !== "active") throw new AppError("account.suspended");

  const passwordHash = await preparePassword(input.password, [user.username, user.email ?? "", user.displayName]);
  const method: RecoveryMethod = recoveryCode ? "recovery_code" : "admin_code";
  const { cookie, roles } = await prisma.$transaction(async (tx) => {
    const now = new Date();
    const used = recoveryCode
      ? await tx.recoveryCode.updateMany({ where: { id: recoveryCode.id, usedAt: null }, data: { usedAt: now } })
      : await tx.passwordReset.updateMany({
          where: { id: adminCode!.id, usedAt: null, expiresAt: { gt: now } },
          data: { usedAt: now },
        });
    if (used.count !== 1) throw new AppError("recovery.code_used");
    const rows = await tx.userRole.findMany({ where: { userId: user.id }, select: { role: true } });
    return { cookie: await finishRecovery(tx, { userId: user.id, passwordHash, method }), roles: rows.map((r) => r.role) };
  });
  return { userId: user.id, roles, cookie, method };
}
