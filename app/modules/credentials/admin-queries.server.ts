// The admin's reads of the credentials page (/admin/credentials): the issued credentials, newest first,
// and the issuer's keys with how many credentials each signed. Each takes the actor and checks its read
// permission itself; each answers in a fixed number of queries, whatever the number of rows.
// A learner is never named here: a credential is shown by its id, its course and its dates.
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, readRows, sql } from "#app/utils/db.server.ts";
import { listIssuerKeys } from "./issuer.server.ts";

/** How many credentials the admin list shows (the newest). */
export const ADMIN_CREDENTIALS_LIMIT = 100;

export const CREDENTIAL_STATES = ["valid", "revoked"] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

export type CredentialFilter = { course?: string; status?: CredentialState };

/** Course slugs are short lowercase words with hyphens (courses' SlugSchema); anything longer is not one. */
const COURSE_SLUG_MAX = 120;

/**
 * The filter from the page's query string (a GET form): `course` (a course slug) and `status` (valid or
 * revoked). An unknown status or an empty course is ignored, so a hand-edited link shows everything.
 */
export function parseCredentialFilter(params: URLSearchParams): CredentialFilter {
  const course = (params.get("course") ?? "").trim().slice(0, COURSE_SLUG_MAX);
  const status = params.get("status");
  return {
    ...(course ? { course } : {}),
    ...(CREDENTIAL_STATES.some((s) => s === status) ? { status: status as CredentialState } : {}),
  };
}

export type AdminCredentialRow = {
  id: string;
  courseSlug: string;
  /** The achievement's name as the signed document states it (the course title when it was issued). */
  achievementName: string | null;
  issuedAt: Date;
  revokedAt: Date | null;
  revocationReason: string | null;
  /** The fragment of the key that signed it (`<did>#<fragment>`). */
  keyFragment: string | null;
};

/**
 * The newest credentials (at most ADMIN_CREDENTIALS_LIMIT), optionally of one course and/or in one state,
 * with the courses that have credentials (the filter's choices). Two queries: the name comes out of the
 * stored document in the database (the documents themselves are not read), the key's fragment by a join.
 */
export async function listCredentialsForAdmin(actor: Actor, filter: CredentialFilter = {}) {
  requirePermission(actor, "read:credential:any");
  const course = filter.course ?? null;
  const status = filter.status ?? null;
  const rows = await readRows<AdminCredentialRow>(sql`
    SELECT c.id, c."courseSlug", c.document -> 'credentialSubject' -> 'achievement' ->> 'name' AS "achievementName",
      c."issuedAt", c."revokedAt", c."revocationReason", k.fragment AS "keyFragment"
    FROM "Credential" c
    LEFT JOIN "IssuerKey" k ON k.id = c."keyId"
    WHERE (${course}::text IS NULL OR c."courseSlug" = ${course}::text)
      AND (${status}::text IS NULL OR (${status}::text = 'revoked') = (c."revokedAt" IS NOT NULL))
    ORDER BY c."issuedAt" DESC, c."createdAt" DESC, c.id DESC
    LIMIT ${ADMIN_CREDENTIALS_LIMIT + 1}`);
  const courses = await prisma.credential.groupBy({
    by: ["courseSlug"],
    _count: { _all: true },
    orderBy: { courseSlug: "asc" },
  });
  return {
    credentials: rows.slice(0, ADMIN_CREDENTIALS_LIMIT),
    /** True when there are more than the list shows (older ones, or a filter would narrow it). */
    more: rows.length > ADMIN_CREDENTIALS_LIMIT,
    courses: courses.map((c) => ({ slug: c.courseSlug, count: c._count._all })),
  };
}

export type AdminIssuerKeyRow = {
  id: string;
  fragment: string;
  status: "current" | "retired" | "compromised";
  createdAt: Date;
  retiredAt: Date | null;
  compromisedAt: Date | null;
  /** How many credentials it signed. */
  credentials: number;
};

/** Every key of the issuer, newest first, with how many credentials each signed. Two queries. */
export async function listIssuerKeysForAdmin(actor: Actor): Promise<AdminIssuerKeyRow[]> {
  requirePermission(actor, "update:issuer-key:any");
  const keys = await listIssuerKeys();
  const counts = await prisma.credential.groupBy({ by: ["keyId"], _count: { _all: true } });
  const signed = new Map(counts.map((c) => [c.keyId, c._count._all]));
  return keys.reverse().map((k) => ({
    id: k.id,
    fragment: k.fragment,
    status: k.status,
    createdAt: k.createdAt,
    retiredAt: k.retiredAt,
    compromisedAt: k.compromisedAt,
    credentials: signed.get(k.id) ?? 0,
  }));
}
