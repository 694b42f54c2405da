import type { Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { keyedHash } from "./crypto.server.ts";
import { issueDeviceCookie, verifiedDeviceId } from "./device.server.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.server.ts";
import type { LoginInput } from "./schemas.ts";
import { createSession } from "./session.server.ts";
import { loginCounters, refundAttempt, takeAttempt, THROTTLE, type Refusal } from "./throttle.server.ts";
import { looksLikeEmail } from "./usernames.ts";

/**
 * What an anonymous log-in needs to know about its request: the client address (server/index.ts, see
 * TRUST_PROXY) and the request's Cookie header, for the device cookie (device.server.ts).
 */
export type LogInContext = { ip: string | null; cookie?: string | null };

export type LoggedIn = { userId: string; roles: Role[]; cookie: string; deviceCookie: string };

// Messages with plural forms (app/locales/*.auth.json), picked by `count`.
const minutes = (n: number) => new AppError("login.locked", { key: "login.locked_minutes", params: { minutes: n, count: n } });

function refused(refusal: Refusal): AppError {
  if (refusal.refused === "locked") return minutes(refusal.minutes);
  const n = refusal.seconds;
  return new AppError("login.slow_down", { key: "login.slow_down_seconds", params: { seconds: n, count: n } });
}

// The dummy hash is made once per process; make it now rather than on the first unknown name.
void verifyAgainstDummy("").catch(() => undefined);

/**
 * Logs a person in with their username or confirmed email (`identifier`, normalised by LoginSchema).
 * An unknown name, a wrong password and a suspended account give the same answer (`login.invalid`, 400),
 * and do the same work in the same time: one lookup, the same throttle statements, one argon2 verify
 * (against a dummy hash when there is no account), one audit row. Throttling (throttle.server.ts) may
 * refuse before the password is checked: `login.locked` (429, { minutes }) for this client on this name
 * or for this IP, `login.slow_down` (429, { seconds }) while the name is under attack. A device whose
 * cookie verifies for the account is refused only by its own failures. A success opens a new session
 * (with its audit row, in one transaction), gives the attempt back and sets a fresh device cookie.
 */
export async function logIn(context: LogInContext, input: Pick<LoginInput, "identifier" | "password">): Promise<LoggedIn> {
  const { identifier } = input;
  // No relation in this select: an unknown name must not cost one query less than a known one.
  const user = await prisma.user.findUnique({
    where: looksLikeEmail(identifier) ? { email: identifier } : { username: identifier },
    select: { id: true, passwordHash: true, status: true },
  });
  const deviceId = await verifiedDeviceId(context.cookie, user?.id ?? null);
  const attempt = await takeAttempt(loginCounters(identifier, { ip: context.ip, deviceId }));
  if ("refused" in attempt) throw refused(attempt);

  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  // A keyed hash, so that repeated attempts on one unknown name can be correlated without storing it.
  const tag = keyedHash(`login-audit\0${identifier}`).slice(0, 16);

  if (!user || !valid || user.status !== "active") {
    await prisma.$transaction(async (tx) => {
      await recordAudit(tx, {
        actorId: user?.id ?? null,
        action: "auth.login_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        data: { subject: user ? "known" : `unknown:${tag}` },
      });
    });
    // The failure that reached a limit says so at once (the same for a known name and an unknown one).
    if (attempt.locks.length) throw minutes(THROTTLE.lockMinutes);
    throw new AppError("login.invalid");
  }

  const { cookie, roles } = await prisma.$transaction(async (tx) => {
    const session = await createSession(tx, user.id);
    const rows = await tx.userRole.findMany({ where: { userId: user.id }, select: { role: true } });
    await recordAudit(tx, { actorId: user.id, action: "auth.login", entityType: "user", entityId: user.id });
    return { cookie: session, roles: rows.map((r) => r.role) };
  });
  await refundAttempt(attempt);
  return { userId: user.id, roles, cookie, deviceCookie: await issueDeviceCookie(user.id) };
}
