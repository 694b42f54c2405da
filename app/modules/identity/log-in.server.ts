import type { Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { keyedHash } from "./crypto.server.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.server.ts";
import type { LoginInput } from "./schemas.ts";
import { createSession } from "./session.server.ts";
import { clearAccountFailures, lockedFor, recordFailure, throttleKeys } from "./throttle.server.ts";

/** What an anonymous log-in needs to know about its request: the client address, for the IP throttle. */
export type LogInContext = { ip: string | null };

const locked = (minutes: number) => new AppError("login.locked", { params: { minutes } });

/**
 * Logs a person in: throttle check, password check, then a new session and its audit row in one
 * transaction. A wrong password and an unknown email give the same answer (`login.invalid`), and take
 * the same time; both count against the per-account and per-IP throttles, which are shared by every
 * app instance through the database (atomic upserts: see throttle.server.ts). Locked: `login.locked`
 * with params { minutes }.
 */
export async function logIn(
  context: LogInContext,
  input: Pick<LoginInput, "email" | "password">,
): Promise<{ userId: string; roles: Role[]; cookie: string }> {
  const keys = throttleKeys(input.email, context.ip);
  const minutes = await lockedFor(keys);
  if (minutes > 0) throw locked(minutes);

  const user = await prisma.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, status: true, roles: { select: { role: true } } },
  });
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);

  if (!user || !valid || user.status !== "active") {
    await recordFailure(keys);
    await prisma.$transaction(async (tx) => {
      await recordAudit(tx, {
        actorId: user?.id ?? null,
        action: "auth.login_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        // a keyed hash, so repeated attempts on one unknown address can be correlated without storing it
        data: { subject: user ? "known" : `unknown:${keyedHash(input.email).slice(0, 16)}` },
      });
    });
    const nowLocked = await lockedFor(keys);
    if (nowLocked > 0) throw locked(nowLocked);
    throw new AppError("login.invalid");
  }

  const cookie = await prisma.$transaction(async (tx) => {
    const c = await createSession(tx, user.id);
    await recordAudit(tx, { actorId: user.id, action: "auth.login", entityType: "user", entityId: user.id });
    return c;
  });
  await clearAccountFailures(input.email);
  return { userId: user.id, roles: user.roles.map((r) => r.role), cookie };
}
