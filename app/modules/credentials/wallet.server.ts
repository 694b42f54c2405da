// Reads of the learner's wallet (/wallet, /wallet/:credentialId and its downloads) and of shared
// credentials (/s/:token and its print and JSON). Page reads take the actor and check the read permission
// themselves: a credential that is not the actor's is `not_found` (never a 403 that confirms it exists).
// What a page shows of a credential is read from its signed document, so the page and the JSON agree.
import { getDisplayNames, getConsentedLegalName } from "#app/modules/identity/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { sha256 } from "#app/modules/identity/crypto.server.ts";
import type { ShareName } from "#app/generated/prisma/enums.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { CredentialIdSchema, ShareTokenSchema } from "./schemas.ts";
import { sharePath } from "./wallet-paths.ts";

// ---------------------------------------------------------------- what a credential says

/** What the pages show of a credential, read from its signed document (OB 3.0 terms only). */
export type CredentialFacts = {
  /** The credential's `id` (its URL). */
  url: string | null;
  achievementName: string;
  description: string | null;
  criteria: string | null;
  fieldOfStudy: string | null;
  /** The language the course was taught in: its text is shown in it (`lang`). */
  language: string | null;
  creditsEarned: number | null;
  /** The grade as the credential states it (`result[0].value`, a percent). */
  grade: string | null;
  /** The grade as a number, when it is one (shown as a percent in the reader's language). */
  gradePercent: number | null;
  /** `validFrom`, ISO 8601. */
  issuedOn: string | null;
  issuerName: string | null;
  issuerUrl: string | null;
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** Reads the display facts of an OpenBadgeCredential; never throws (a malformed document reads as blanks). */
export function credentialFacts(document: unknown): CredentialFacts {
  const doc = obj(document) ?? {};
  const subject = obj(first(doc.credentialSubject)) ?? {};
  const achievement = obj(subject.achievement) ?? {};
  const issuer = obj(doc.issuer);
  const result = obj(first(subject.result));
  const grade = str(result?.value) ?? (num(result?.value) !== null ? String(result!.value) : null);
  const gradeNumber = grade !== null ? Number(grade.replace(/%$/, "").trim()) : NaN;
  return {
    url: str(doc.id),
    achievementName: str(achievement.name) ?? str(doc.name) ?? "",
    description: str(achievement.description),
    criteria: str(obj(achievement.criteria)?.narrative),
    fieldOfStudy: str(achievement.fieldOfStudy),
    language: str(first(achievement.inLanguage)) ?? str(first(doc.inLanguage)),
    creditsEarned: num(subject.creditsEarned),
    grade,
    gradePercent: Number.isFinite(gradeNumber) ? gradeNumber : null,
    issuedOn: str(doc.validFrom),
    issuerName: str(issuer?.name),
    issuerUrl: str(issuer?.url),
  };
}

// ---------------------------------------------------------------- the wallet

export type ShareState = "active" | "expired" | "revoked";

export function shareState(share: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): ShareState {
  if (share.revokedAt) return "revoked";
  return share.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

/**
 * The wallet: the learner's own credentials, newest first, each with what it says, valid or revoked, and
 * how many of its share links work now. Two queries, plus one per credential for its credit unit.
 */
export async function listWalletCredentials(actor: Actor, now = new Date()) {
  requirePermission(actor, "read:credential:own");
  const rows = await prisma.credential.findMany({
    where: { learnerId: actor.id },
    orderBy: [{ issuedAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    select: { id: true, creditUnit: true, document: true, issuedAt: true, revokedAt: true },
  });
  const ids = rows.map((r) => r.id);
  const [active] = await Promise.all([
    ids.length
      ? prisma.shareLink.groupBy({
          by: ["credentialId"],
          where: { credentialId: { in: ids }, learnerId: actor.id, revokedAt: null, expiresAt: { gt: now } },
          _count: { _all: true },
        })
      : Promise.resolve([]),
  ]);
  const activeShares = new Map(active.map((a) => [a.credentialId, a._count._all]));
  const credentials = rows.map((r) => ({
    id: r.id,
    ...credentialFacts(r.document),
    creditUnit: r.creditUnit,
    issuedAt: r.issuedAt,
    status: r.revokedAt ? ("revoked" as const) : ("valid" as const),
    activeShares: activeShares.get(r.id) ?? 0,
  }));
  return { credentials, canExportTranscript: credentials.some((c) => c.status === "valid") };
}

/** A credential id from the URL; a malformed one is answered like an unknown one. */
export function credentialIdParam(value: string | undefined): string {
  const parsed = CredentialIdSchema.safeParse(value);
  if (!parsed.success) throw new AppError("not_found");
  return parsed.data;
}

/** The actor's own credential row, or not_found (another learner's included); staff roles: 403. */
async function requireOwnCredential(actor: Actor, credentialId: string) {
  requirePermission(actor, "read:credential:own");
  const row = await prisma.credential.findUnique({
    where: { id: credentialId },
    select: { id: true, learnerId: true, creditUnit: true, document: true, issuedAt: true, revokedAt: true },
  });
  if (!row) throw new AppError("not_found");
  requirePermission(actor, "read:credential:own", { ownerId: row.learnerId }, { hide: true });
  return row;
}

/**
 * One credential of the wallet: what it says, its status, its share links (newest first: audience,
 * expiry, name shown, views, last view, active/expired/revoked), and what the share form may offer (the
 * legal name only when the learner stored one and consented; never the name itself, which the page does
 * not show back).
 */
export async function getWalletCredential(actor: Actor, credentialId: string, now = new Date()) {
  const row = await requireOwnCredential(actor, credentialId);
  const [shares, legalName, names] = await Promise.all([
    prisma.shareLink.findMany({
      where: { credentialId: row.id, learnerId: actor.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        audience: true,
        nameShown: true,
        expiresAt: true,
        revokedAt: true,
        viewCount: true,
        lastViewedAt: true,
        createdAt: true,
      },
    }),
    getConsentedLegalName(actor.id),
    getDisplayNames([actor.id]),
  ]);
  const legalNameAvailable = legalName !== null;
  return {
    credential: {
      id: row.id,
      ...credentialFacts(row.document),
      creditUnit: row.creditUnit,
      issuedAt: row.issuedAt,
      status: row.revokedAt ? ("revoked" as const) : ("valid" as const),
    },
    shares: shares.map((s) => ({
      ...s,
      state: shareState(s, now),
      // A legal-name share whose consent was withdrawn since shows no name (the share page reads it live).
      nameHidden: s.nameShown === "legal" && !legalNameAvailable,
    })),
    displayName: names.get(actor.id) ?? "",
    legalNameAvailable,
  };
}

/** The signed credential as issued, for "Download JSON" (own only). */
export async function getCredentialDocument(actor: Actor, credentialId: string) {
  const row = await requireOwnCredential(actor, credentialId);
  return { document: row.document, filename: credentialFilename(row.document) };
}

/** A neutral file name: the achievement's words (ASCII), never the learner's. */
export function credentialFilename(document: unknown, suffix = "credential"): string {
  const words = credentialFacts(document)
    .achievementName.normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${words ? `${words}-` : ""}${suffix}.json`;
}

/** What the certificate printed from the wallet shows (no name at all) and where its QR code points. */
export async function getWalletCertificate(actor: Actor, credentialId: string) {
  const row = await requireOwnCredential(actor, credentialId);
  return {
    credential: {
      id: row.id,
      ...credentialFacts(row.document),
      creditUnit: row.creditUnit,
      status: row.revokedAt ? ("revoked" as const) : ("valid" as const),
    },
  };
}

// ---------------------------------------------------------------- shares, as their audience sees them

export function shareUrl(token: string): string {
  return `${getEnv().APP_ORIGIN}${sharePath(token)}`;
}

/** The name a share shows, read when it is opened: the display name, or the legal name while consented. */
export async function nameStatementFor(share: { learnerId: string; nameShown: ShareName }) {
  if (share.nameShown === "display") {
    const name = (await getDisplayNames([share.learnerId])).get(share.learnerId);
    return name ? { kind: "display" as const, name } : null;
  }
  if (share.nameShown === "legal") {
    const name = await getConsentedLegalName(share.learnerId);
    return name ? { kind: "legal" as const, name } : null;
  }
  return null;
}

export type LiveShare = { id: string; credentialId: string; learnerId: string; nameShown: ShareName; expiresAt: Date };

/** The share of a token that works now (not revoked, not expired), without counting a view; else null. */
export async function findLiveShare(token: string, now = new Date()): Promise<LiveShare | null> {
  if (!ShareTokenSchema.safeParse(token).success) return null;
  return prisma.shareLink.findFirst({
    where: { tokenHash: sha256(token), revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, credentialId: true, learnerId: true, nameShown: true, expiresAt: true },
  });
}

/** The shared credential's row and facts (for the share page, its print and its JSON). */
export async function sharedCredential(share: LiveShare) {
  const row = await prisma.credential.findUnique({
    where: { id: share.credentialId },
    select: { id: true, creditUnit: true, document: true, revokedAt: true },
  });
  if (!row) return null;
  return {
    id: row.id,
    document: row.document,
    facts: { ...credentialFacts(row.document), creditUnit: row.creditUnit },
    revoked: row.revokedAt !== null,
  };
}

/** The certificate of a share (`/s/:token/print`): what the share shows, and its own address for the QR code. Counts no view. */
export async function getShareCertificate(token: string, now = new Date()) {
  const share = await findLiveShare(token, now);
  const credential = share && (await sharedCredential(share));
  if (!share || !credential) return null;
  return {
    credential: { facts: credential.facts, revoked: credential.revoked },
    name: await nameStatementFor(share),
    shareUrl: shareUrl(token),
  };
}

/** The signed JSON behind a share (`/s/:token/credential.json`), for the audience's own tools. Counts no view. */
export async function getSharedDocument(token: string, now = new Date()) {
  const share = await findLiveShare(token, now);
  const credential = share && (await sharedCredential(share));
  if (!credential) return null;
  return { document: credential.document, filename: credentialFilename(credential.document) };
}
