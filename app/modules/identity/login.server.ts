import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { keyedHash } from "./crypto.server.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.server.ts";
import { createSession } from "./session.server.ts";
import { clearAccountFailures, lockedFor, recordFailure, throttleKeys } from "./throttle.server.ts";

export type LoginResult =
  | { ok: true; cookie: string; userId: string; roles: string[] }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; minutes: number };

/** Logs a person in: throttle check, password check, new session, audit row, all or nothing. */
export async function logIn(options: { email: string; password: string; ip: string | null }): Promise<LoginResult> {
  const keys = throttleKeys(options.email, options.ip);
  const minutes = await lockedFor(keys);
  if (minutes > 0) return { ok: false, reason: "locked", minutes };

  const user = await prisma.user.findUnique({
    where: { email: options.email },
    select: { id: true, passwordHash: true, status: true, roles: { select: { role: true } } },
  });
  const valid = user ? await verifyPassword(user.passwordHash, options.password) : await verifyAgainstDummy(options.password);

  if (!user || !valid || user.status !== "active") {
    await recordFailure(keys);
    await prisma.$transaction(async (tx) => {
      await recordAudit(tx, {
        actorId: user?.id ?? null,
        action: "auth.login_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        // a keyed hash, so repeated attempts on one unknown address can be correlated without storing it
        data: { subject: user ? "known" : `unknown:${keyedHash(options.email).slice(0, 16)}` },
      });
    });
    const nowLocked = await lockedFor(keys);
    if (nowLocked > 0) return { ok: false, reason: "locked", minutes: nowLocked };
    return { ok: false, reason: "invalid" };
  }

  const cookie = await prisma.$transaction(async (tx) => {
    const c = await createSession(tx, user.id);
    await recordAudit(tx, { actorId: user.id, action: "auth.login", entityType: "user", entityId: user.id });
    return c;
  });
  await clearAccountFailures(options.email);
  return { ok: true, cookie, userId: user.id, roles: user.roles.map((r) => r.role) };
}

export async function logOut(user: { id: string; sessionId: string }) {
  await prisma.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { id: user.sessionId } });
    await recordAudit(tx, { actorId: user.id, action: "auth.logout", entityType: "user", entityId: user.id });
  });
}
