// Login rate limiting, per account and per IP, in Postgres so it holds across app instances.
// Keys are hashed: the table never holds an email address or an IP address.
import { prisma } from "#app/utils/db.server.ts";
import { sha256 } from "./crypto.server.ts";

export const THROTTLE = {
  windowMinutes: 15,
  lockMinutes: 15,
  accountLimit: 5,
  ipLimit: 30,
} as const;

export function throttleKeys(email: string, ip: string | null) {
  const keys = [`account:${sha256(email.toLowerCase())}`];
  if (ip) keys.push(`ip:${sha256(ip)}`);
  return keys;
}

/** Minutes until the first lock among `keys` ends, or 0 when none is locked. */
export async function lockedFor(keys: string[]): Promise<number> {
  const rows = await prisma.loginThrottle.findMany({
    where: { key: { in: keys }, lockedUntil: { gt: new Date() } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  return until ? Math.max(1, Math.ceil((until - Date.now()) / 60_000)) : 0;
}

/** Counts one failure against each key, atomically; locks a key that reaches its limit. */
export async function recordFailure(keys: string[]): Promise<void> {
  for (const key of keys) {
    const limit = key.startsWith("ip:") ? THROTTLE.ipLimit : THROTTLE.accountLimit;
    await prisma.$executeRaw`
      INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "createdAt", "updatedAt")
      VALUES (${key}, 1, now(), now(), now())
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE.windowMinutes}::int)
                          THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE.windowMinutes}::int)
                             THEN now() ELSE "LoginThrottle"."windowStart" END,
        "lockedUntil" = CASE WHEN "LoginThrottle"."windowStart" >= now() - make_interval(mins => ${THROTTLE.windowMinutes}::int)
                               AND "LoginThrottle"."failures" + 1 >= ${limit}::int
                             THEN now() + make_interval(mins => ${THROTTLE.lockMinutes}::int) ELSE "LoginThrottle"."lockedUntil" END,
        "updatedAt" = now()`;
  }
}

export async function clearAccountFailures(email: string) {
  await prisma.loginThrottle.deleteMany({ where: { key: `account:${sha256(email.toLowerCase())}` } });
}
