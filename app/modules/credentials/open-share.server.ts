import { prisma } from "#app/utils/db.server.ts";
import type { ShareName } from "#app/generated/prisma/enums.ts";
import { sha256 } from "#app/modules/identity/crypto.server.ts";
import type { VerificationReport } from "./verification.ts";
import { verifyOnline } from "./verify-online.server.ts";
import { ShareTokenSchema } from "./schemas.ts";
import { nameStatementFor, sharedCredential, type LiveShare } from "./wallet.server.ts";

/**
 * Someone opens a share link (`/s/:token`, no login). A public read with one write: the view is counted
 * in the same statement that finds the link (`viewCount + 1`, `lastViewedAt`), only while the link works
 * (not revoked, not expired), so concurrent opens each count exactly once and a dead link counts nothing.
 *
 * An unknown, malformed, expired or revoked token all answer `null`, with one statement and nothing
 * else: the page then says only that the link is not valid. A working link gives the credential as its
 * signed document says it, its LIVE verification (a revoked credential shows as revoked), and the name the
 * learner chose to show, read now (a legal name only while consent holds), which the page states as the
 * holder's own statement beside the credential. Not audited: the viewer is nobody we know, and the count
 * is the record.
 */
export async function openShare(token: string, options: { now?: Date } = {}) {
  if (!ShareTokenSchema.safeParse(token).success) return null;
  const now = options.now ?? new Date();
  const rows = await prisma.$queryRaw<Array<LiveShare & { nameShown: ShareName }>>`
    UPDATE "ShareLink"
    SET "viewCount" = "viewCount" + 1,
        "lastViewedAt" = GREATEST(COALESCE("lastViewedAt", ${now}), ${now}),
        "updatedAt" = ${now}
    WHERE "tokenHash" = ${sha256(token)} AND "revokedAt" IS NULL AND "expiresAt" > ${now}
    RETURNING id, "credentialId", "learnerId", "nameShown"::text AS "nameShown", "expiresAt"`;
  const share = rows[0];
  if (!share) return null;
  const credential = await sharedCredential(share);
  if (!credential) return null;
  const [name, verification] = await Promise.all([nameStatementFor(share), verifyOnline(credential.document)]);
  return {
    credential: { facts: credential.facts, revoked: credential.revoked },
    name,
    verification: verification satisfies VerificationReport,
    expiresAt: share.expiresAt,
  };
}
