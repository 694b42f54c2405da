// Per-client request limits for anonymous endpoints (sign-up, educator application, recovery, invitation
// acceptance), counted in PostgreSQL (RateLimit) so they hold across app instances. Keys are hashed: the
// table never holds an address. A client is the caller's IP (see server/index.ts on TRUST_PROXY), or the
// device cookie's id when there is no IP.
import { prisma } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { sha256 } from "./crypto.server.ts";

export type RateLimitRule = { limit: number; windowSeconds: number };

/** The endpoints' limits per client. Generous enough for a shared NGO office connection. */
export const RATE_LIMITS = {
  signup: { limit: 20, windowSeconds: 3600 },
  application: { limit: 10, windowSeconds: 3600 },
  recovery: { limit: 10, windowSeconds: 900 },
  // code attempts on one username from one client (recover-with-code): never a lock for everyone
  "recovery-code": { limit: 5, windowSeconds: 900 },
  invitation: { limit: 20, windowSeconds: 3600 },
  "email-confirmation": { limit: 20, windowSeconds: 3600 },
  // credential checks (/verify, /api/verify, /credentials/verify): each costs a signature check or two
  verification: { limit: 300, windowSeconds: 300 },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitBucket = keyof typeof RATE_LIMITS;

/**
 * Counts one request of `client` against `bucket`, atomically (one upsert, so concurrent requests cannot
 * slip past the limit), and refuses with `request.too_many` (429) once the limit is exceeded within the
 * window. A null client (no address known) is not limited. Call it BEFORE the operation writes anything.
 */
export async function takeRateLimit(bucket: RateLimitBucket, client: string | null): Promise<void> {
  if (!client) return;
  const rule: RateLimitRule = RATE_LIMITS[bucket];
  const limit = rule.limit * getEnv().RATE_LIMIT_SCALE; // 1 but in the e2e server (see env.server.ts)
  const key = `${bucket}:${sha256(client)}`;
  const rows = await prisma.$queryRaw<Array<{ count: number }>>`
    INSERT INTO "RateLimit" ("key", "count", "windowStart", "createdAt", "updatedAt")
    VALUES (${key}, 1, now(), now(), now())
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" < now() - make_interval(secs => ${rule.windowSeconds}::int)
                     THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" < now() - make_interval(secs => ${rule.windowSeconds}::int)
                           THEN now() ELSE "RateLimit"."windowStart" END,
      "updatedAt" = now()
    RETURNING "count"`;
  if ((rows[0]?.count ?? 0) > limit) throw new AppError("request.too_many");
}
