// Throttling of password guesses (docs/decisions/012-login-throttling-and-device-cookies.md), built so
// that nobody can turn it against the account holder:
//   - per (login name, client): 5 failures within 15 minutes lock THAT client out of THAT name for 15
//     minutes. The client is the device (a verified device cookie) or else the IP address;
//   - per login name, from anywhere: a slowdown, never a lock. After 3 failures each further attempt
//     waits 2^(n-3) seconds after the previous one, at most 60 s; the count ends after 15 quiet minutes;
//   - per IP, for clients without a device cookie: 30 failures within 15 minutes lock the IP (spraying
//     many names from one address);
//   - per (account, session) for the current password in Settings, apart from the login counters.
// A device whose cookie verifies for the account is counted and checked on its own (name, device)
// counter only, so other clients' failures never refuse it. The login name is what was typed, normalised
// (a username or an email), not the account: counting per account would let anyone learn that an email
// and a username belong to one account by watching one slow the other down.
//
// Counters live in PostgreSQL (LoginThrottle) so they hold across app instances; keys are keyed hashes
// (HMAC with SESSION_SECRET), never a raw name or address. An attempt is charged BEFORE its password is
// checked, in one transaction that locks its counter rows (in key order, so two attempts never deadlock):
// parallel attempts are counted one after the other, and none slips past a limit. A correct password
// gives its charge back (`refundAttempt`). Times are the database's clock.
import { prisma } from "#app/utils/db.server.ts";
import { keyedHash } from "./crypto.server.ts";

export const THROTTLE = {
  /** Failures of one client on one login name within `windowMinutes` that lock that client out of it. */
  clientLimit: 5,
  windowMinutes: 15,
  lockMinutes: 15,
  /** Failures on one login name, from anywhere, after which each attempt must wait. */
  slowAfter: 3,
  maxDelaySeconds: 60,
  /** The name's count ends after this long without an attempt. */
  quietMinutes: 15,
  /** Failures from one IP address (clients without a device cookie), across names, within the window. */
  ipLimit: 30,
  /** Wrong current passwords in Settings within the window, per (account, session). */
  passwordLimit: 5,
} as const;

/** Seconds the next attempt on a login name must wait after `failures` failures on it (0: none). */
export function slowdownSeconds(failures: number): number {
  if (failures < THROTTLE.slowAfter) return 0;
  return Math.min(THROTTLE.maxDelaySeconds, 2 ** (failures - THROTTLE.slowAfter));
}

type Kind = "client" | "name" | "ip" | "password";
export type Counter = { kind: Kind; key: string };

/** Who is attempting: the verified device id (see device.server.ts) or else the IP address. */
export type LoginClient = { ip: string | null; deviceId: string | null };

/**
 * The counters an attempt on `identifier` (normalised: IdentifierSchema) is charged to. Every client
 * without a device cookie gets the same three, known name or not, so both cost the same work.
 */
export function loginCounters(identifier: string, client: LoginClient): Counter[] {
  const who = client.deviceId ? `device\0${client.deviceId}` : `ip\0${client.ip ?? "none"}`;
  const counters: Counter[] = [{ kind: "client", key: `login:client:${keyedHash(`login-client\0${identifier}\0${who}`)}` }];
  if (!client.deviceId) {
    counters.push({ kind: "name", key: `login:name:${keyedHash(`login-name\0${identifier}`)}` });
    if (client.ip) counters.push({ kind: "ip", key: `login:ip:${keyedHash(`login-ip\0${client.ip}`)}` });
  }
  return counters;
}

/** The counter of current-password guesses in Settings for one (account, session). */
export function passwordCounters(userId: string, sessionId: string): Counter[] {
  return [{ kind: "password", key: `password:${keyedHash(`password\0${userId}\0${sessionId}`)}` }];
}

const LIMITS: Record<Exclude<Kind, "name">, number> = {
  client: THROTTLE.clientLimit,
  ip: THROTTLE.ipLimit,
  password: THROTTLE.passwordLimit,
};

/** An attempt that was let through: what it was charged, and which locks its failure sets. */
export type Attempt = { counters: Counter[]; locks: Kind[] };
/** An attempt that was not let through: a lock (minutes left) or the slowdown (seconds left). */
export type Refusal = { refused: "locked"; minutes: number } | { refused: "slow_down"; seconds: number };

type Row = { key: string; failures: number; lockSeconds: number | null; windowOver: boolean; quiet: boolean };
type Change = { key: string; failures: number; resetWindow: boolean; lockSeconds: number | null };

/** What one counter says about a new attempt: refuse it, or charge it (the row's new values). */
export function decide(kind: Kind, row: Row): Refusal | Change {
  const waiting = row.lockSeconds !== null && row.lockSeconds > 0;
  if (kind === "name") {
    const failures = row.quiet ? 0 : row.failures;
    if (waiting && !row.quiet) return { refused: "slow_down", seconds: row.lockSeconds! };
    const delay = slowdownSeconds(failures + 1);
    return { key: row.key, failures: failures + 1, resetWindow: row.quiet, lockSeconds: delay || null };
  }
  if (waiting) return { refused: "locked", minutes: Math.max(1, Math.ceil(row.lockSeconds! / 60)) };
  const failures = row.windowOver ? 1 : row.failures + 1;
  return {
    key: row.key,
    failures,
    resetWindow: row.windowOver,
    lockSeconds: failures >= LIMITS[kind] ? THROTTLE.lockMinutes * 60 : null,
  };
}

// A lock on the client or the IP outranks the slowdown: its message is the more useful one.
const PRIORITY: Record<Kind, number> = { client: 0, password: 0, ip: 1, name: 2 };

/**
 * Charges one attempt to every counter, or to none when one of them refuses it. Always the same
 * statements for the same number of counters: begin, make the rows exist, lock and read them, one update
 * per counter (none on a refusal), commit.
 */
export async function takeAttempt(counters: Counter[]): Promise<Attempt | Refusal> {
  const keys = counters.map((c) => c.key).sort();
  const kinds = new Map(counters.map((c) => [c.key, c.kind]));
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "createdAt", "updatedAt")
      SELECT k, 0, now(), now(), now() FROM unnest(${keys}::text[]) AS k ORDER BY k
      ON CONFLICT ("key") DO NOTHING`;
    const rows = await tx.$queryRaw<Row[]>`
      SELECT "key", "failures",
             CEIL(EXTRACT(EPOCH FROM ("lockedUntil" - now())))::int AS "lockSeconds",
             ("windowStart" <= now() - make_interval(mins => ${THROTTLE.windowMinutes}::int)) AS "windowOver",
             ("updatedAt" <= now() - make_interval(mins => ${THROTTLE.quietMinutes}::int)) AS "quiet"
      FROM "LoginThrottle" WHERE "key" = ANY(${keys}::text[]) ORDER BY "key" FOR UPDATE`;
    const verdicts = rows.map((row) => ({ kind: kinds.get(row.key)!, verdict: decide(kinds.get(row.key)!, row) }));
    const refusal = verdicts
      .filter((v): v is { kind: Kind; verdict: Refusal } => "refused" in v.verdict)
      .sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind])[0];
    if (refusal) return refusal.verdict;
    const locks: Kind[] = [];
    for (const { kind, verdict } of verdicts) {
      const change = verdict as Change;
      if (kind !== "name" && change.lockSeconds !== null) locks.push(kind);
      await tx.$executeRaw`
        UPDATE "LoginThrottle" SET
          "failures" = ${change.failures}::int,
          "windowStart" = CASE WHEN ${change.resetWindow}::boolean THEN now() ELSE "windowStart" END,
          "lockedUntil" = CASE WHEN ${change.lockSeconds}::int IS NULL THEN NULL
                               ELSE now() + make_interval(secs => ${change.lockSeconds}::int) END,
          "updatedAt" = now()
        WHERE "key" = ${change.key}`;
    }
    return { counters, locks };
  });
}

/**
 * A correct password gives its attempt back: the client's (or session's) own count starts again, and the
 * attempt no longer counts against the name or the IP (nor does a lock it would have set).
 */
export async function refundAttempt(attempt: Attempt): Promise<void> {
  const own = attempt.counters.filter((c) => c.kind === "client" || c.kind === "password").map((c) => c.key);
  const shared = attempt.counters.filter((c) => c.kind === "name" || c.kind === "ip");
  // Reset, not deleted: a row that exists is locked by every attempt that reads it, so none can miss it.
  await prisma.$executeRaw`
    UPDATE "LoginThrottle" SET "failures" = 0, "lockedUntil" = NULL, "windowStart" = now(), "updatedAt" = now()
    WHERE "key" = ANY(${own}::text[])`;
  for (const counter of shared) {
    const clearLock = counter.kind === "ip" && attempt.locks.includes("ip");
    await prisma.$executeRaw`
      UPDATE "LoginThrottle" SET
        "failures" = GREATEST("failures" - 1, 0),
        "lockedUntil" = CASE WHEN ${clearLock}::boolean THEN NULL ELSE "lockedUntil" END
      WHERE "key" = ${counter.key}`;
  }
}
