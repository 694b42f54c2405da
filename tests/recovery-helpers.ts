// Shared by the recovery tests (request-password-reset, reset-password, recover-with-code, …): a fresh
// client address per test, the link token of the newest reset email, and what a session cookie opens.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { getOptionalUser } from "#app/modules/identity/session.server.ts";

/** A client address no other test uses (the per-client limits count per address). */
export function freshIp() {
  return `198.51.100.${randomBytes(1)[0]}-${randomBytes(6).toString("hex")}`;
}

/** The /reset/<token> of the newest email sent to `to`. */
export async function resetTokenSentTo(to: string): Promise<string> {
  const email = await prisma.outboxEmail.findFirst({ where: { to }, orderBy: { createdAt: "desc" } });
  const token = email?.text.match(/\/reset\/([A-Za-z0-9_-]+)/)?.[1];
  expect(token, `a reset link in the email to ${to}`).toBeTruthy();
  return token!;
}

/** The user a Set-Cookie value logs in, or null. */
export async function userOfCookie(setCookie: string) {
  const request = new Request("http://localhost/", { headers: { Cookie: setCookie.split(";")[0]! } });
  return getOptionalUser(request);
}

/** What recovery leaves behind for one account: sessions, password hash, resets and audit rows. */
export async function accountState(userId: string) {
  const [user, sessions, resets, codes, audit] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, passwordChangedAt: true } }),
    prisma.session.findMany({ where: { userId }, select: { id: true }, orderBy: { id: "asc" } }),
    prisma.passwordReset.findMany({
      where: { userId },
      select: { id: true, usedAt: true, expiresAt: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.recoveryCode.findMany({ where: { userId }, select: { id: true, usedAt: true }, orderBy: { id: "asc" } }),
    prisma.auditEvent.count({ where: { entityId: userId, action: "auth.password_reset" } }),
  ]);
  return { user, sessions, resets, codes, audit };
}
