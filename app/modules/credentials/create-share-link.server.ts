import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { randomToken, sha256 } from "#app/modules/identity/crypto.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { getConsentedLegalName } from "#app/modules/identity/queries.server.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { SHARE_MAX_DAYS, type CreateShareLinkInput } from "./schemas.ts";
import { shareUrl } from "./wallet.server.ts";

const DAY_MS = 86_400_000;

/** The end (UTC) of a calendar day `YYYY-MM-DD`. */
function endOfUtcDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1);
}

/**
 * When a new share stops working: N days from now, or the end (UTC) of the chosen day, which must be
 * today or later and at most SHARE_MAX_DAYS days ahead (`share_link.expiry_invalid` on `expiresOn`).
 */
export function shareExpiry(input: Pick<CreateShareLinkInput, "expiresIn" | "expiresOn">, now: Date): Date {
  if (input.expiresIn !== "date") return new Date(now.getTime() + Number(input.expiresIn) * DAY_MS);
  const day = input.expiresOn ?? "";
  const today = now.toISOString().slice(0, 10);
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + SHARE_MAX_DAYS * DAY_MS).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < today || day > last)
    throw new AppError("share_link.expiry_invalid", { field: "expiresOn", params: { max: SHARE_MAX_DAYS } });
  return endOfUtcDay(day);
}

/**
 * The learner shares one of their own credentials with one audience ("Admissions at University X"),
 * until an expiry (at most a year), showing no name, their display name or (only when they stored one
 * and consented: `share_link.legal_name_unavailable` otherwise) their legal name. The name is never put
 * in the signed credential; the share page states it beside it, read when the page is opened.
 *
 * The token is 32 random bytes (base64url); only its SHA-256 is stored, so the link is shown ONCE, in
 * this answer. Another learner's credential (or a forged id) is `not_found`; roles without
 * `create:share-link:own` get `permission.denied`; a revoked credential is not shared
 * (`share_link.credential_revoked`). One transaction with the audit row, which holds ids and the
 * audience only, never the token or a name.
 */
export async function createShareLink(actor: Actor, input: CreateShareLinkInput, options: { now?: Date } = {}) {
  requirePermission(actor, "create:share-link:own");
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const credential = await tx.credential.findUnique({
      where: { id: input.credentialId },
      select: { id: true, learnerId: true, revokedAt: true },
    });
    if (!credential) throw new AppError("not_found");
    requirePermission(actor, "create:share-link:own", { ownerId: credential.learnerId }, { hide: true });
    if (credential.revokedAt) throw new AppError("share_link.credential_revoked");
    const expiresAt = shareExpiry(input, now);
    if (input.nameShown === "legal" && (await getConsentedLegalName(actor.id, tx)) === null)
      throw new AppError("share_link.legal_name_unavailable", { field: "nameShown" });
    const token = randomToken(32);
    const share = await tx.shareLink.create({
      data: {
        credentialId: credential.id,
        learnerId: actor.id,
        audience: input.audience,
        tokenHash: sha256(token),
        nameShown: input.nameShown,
        expiresAt,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "share_link.created",
      entityType: "share_link",
      entityId: share.id,
      data: { credentialId: credential.id, audience: input.audience },
    });
    return { shareId: share.id, token, url: shareUrl(token), expiresAt };
  });
}
