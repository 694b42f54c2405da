// Reads of the identity module. Page reads take the actor and check its read permission themselves;
// the reads other modules use get people by id and display name only (never an email, never a legal
// name), through these functions, never the User table.
import type { OrgKind } from "#app/generated/prisma/enums.ts";
import { prisma } from "#app/utils/db.server.ts";
import { invariant } from "#app/utils/errors.ts";
import { isLocale, type Locale } from "#app/utils/i18n.ts";
import { decryptField, sha256 } from "./crypto.server.ts";
import type { Actor } from "./permissions.ts";
import { requirePermission } from "./session.server.ts";

// ---------------------------------------------------------------- for other modules

/** Display names (pseudonyms) by user id; unknown ids are absent from the map. */
export async function getDisplayNames(userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await prisma.user.findMany({
    where: { id: { in: [...new Set(userIds)] } },
    select: { id: true, displayName: true },
  });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** The id of the account with this (lower-cased) email, for staff actions that name a person by email. */
export async function findUserIdByEmail(email: string): Promise<string | null> {
  const row = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  return row?.id ?? null;
}

/**
 * Where and in which language to send a person a neutral notice (the mailer's `to` and `locale`), for
 * modules whose operations tell someone that something changed. Null for an unknown account or one
 * without a confirmed email.
 */
export async function getContactForNotice(userId: string): Promise<{ email: string; locale: Locale | null } | null> {
  const row = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, locale: true } });
  if (!row?.email) return null;
  return { email: row.email, locale: isLocale(row.locale) ? row.locale : null };
}

/**
 * Changes whenever an educator's display name may have changed (a profile update bumps User.updatedAt).
 * Part of the catalog version: course pages show their educators' display names. Computed in the
 * database over educators only, so its cost and its answer do not grow with the catalog.
 */
export async function getDisplayNamesVersion(): Promise<string> {
  const row = await prisma.user.aggregate({
    where: { roles: { some: { role: "educator" } } },
    _max: { updatedAt: true },
    _count: { _all: true },
  });
  return `${row._max.updatedAt?.getTime() ?? 0}-${row._count._all}`;
}

// ---------------------------------------------------------------- one's own account

/** The settings page: the actor's own account (whether a legal name is stored, not the name). */
export async function getAccount(actor: Actor) {
  requirePermission(actor, "read:settings:own", { ownerId: actor.id });
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      id: true,
      displayName: true,
      email: true,
      locale: true,
      lowData: true,
      legalNameCipher: true,
      legalNameConsent: true,
    },
  });
  const { legalNameCipher, ...rest } = user;
  return { ...rest, hasLegalName: legalNameCipher !== null };
}

/** Decrypts the legal name for its owner only (the settings page shows it back to them on request). */
export async function revealLegalName(actor: Actor): Promise<string | null> {
  requirePermission(actor, "read:settings:own", { ownerId: actor.id });
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { legalNameCipher: true } });
  return user.legalNameCipher ? decryptField(user.legalNameCipher) : null;
}

// ---------------------------------------------------------------- admin pages

const STAFF_ROLES = ["educator", "verifier", "sponsor", "admin"] as const;

/**
 * Accounts for the admin users page. There is no learner directory (docs/architecture.md "safety first"):
 * the list shows staff and partner accounts only; any single account is found by its exact email.
 */
export function listUsers(actor: Actor, options: { email?: string | null } = {}) {
  requirePermission(actor, "read:user:any");
  const email = options.email?.trim().toLowerCase().slice(0, 254);
  return prisma.user.findMany({
    where: email ? { email } : { roles: { some: { role: { in: [...STAFF_ROLES] } } } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, displayName: true, status: true, createdAt: true, roles: { select: { role: true } } },
  });
}

/** One account for an admin (`not_found` when unknown). A learner's email is not shown: staff found it by typing it. */
export async function getUserForAdmin(actor: Actor, userId: string) {
  requirePermission(actor, "read:user:any");
  const user = await prisma.user.findUnique({
    where: { id: userId.slice(0, 40) },
    select: {
      id: true,
      displayName: true,
      email: true,
      status: true,
      createdAt: true,
      roles: { select: { role: true } },
      memberships: { select: { org: { select: { name: true, kind: true } } } },
    },
  });
  invariant(user);
  const isLearnerOnly = user.roles.every((r) => r.role === "learner");
  return { ...user, email: isLearnerOnly ? null : user.email };
}

/** The admin overview. */
export function countUsers(actor: Actor): Promise<number> {
  requirePermission(actor, "read:user:any");
  return prisma.user.count();
}

export function countOrganisations(actor: Actor): Promise<number> {
  requirePermission(actor, "read:organisation:any");
  return prisma.organisation.count();
}

/** Every organisation (optionally of some kinds) with its member count (admin pages). */
export function listOrganisations(actor: Actor, options: { kinds?: readonly OrgKind[] } = {}) {
  requirePermission(actor, "read:organisation:any");
  return prisma.organisation.findMany({
    where: options.kinds ? { kind: { in: [...options.kinds] } } : {},
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    take: 200,
    select: { id: true, kind: true, name: true, _count: { select: { memberships: true } } },
  });
}

/** The organisations of a kind that the actor is a member of (the sponsor and partner homes). */
export function listOwnOrganisations(actor: Actor, kind: OrgKind) {
  requirePermission(actor, "read:organisation:org");
  return prisma.organisation.findMany({
    where: { id: { in: [...actor.orgIds] }, kind },
    orderBy: { name: "asc" },
    select: { id: true, kind: true, name: true },
  });
}

/** The newest referral codes (never the codes themselves: only their hashes are stored). */
export function listReferralCodes(actor: Actor) {
  requirePermission(actor, "read:referral-code:any");
  return prisma.referralCode.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      label: true,
      maxUses: true,
      uses: true,
      expiresAt: true,
      revokedAt: true,
      createdAt: true,
      ngo: { select: { name: true } },
    },
  });
}

/** The newest invitations, without the invitees' addresses. */
export function listInvitations(actor: Actor) {
  requirePermission(actor, "read:invitation:any");
  return prisma.invitation.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, role: true, expiresAt: true, acceptedAt: true, createdAt: true, org: { select: { name: true } } },
  });
}

// ---------------------------------------------------------------- invitation links (anonymous)

/** The invitation behind a link, if it can still be used; null for unknown, used and expired links alike. */
export async function findOpenInvitation(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: sha256(token) },
    select: {
      id: true,
      email: true,
      role: true,
      orgId: true,
      expiresAt: true,
      acceptedAt: true,
      org: { select: { name: true } },
    },
  });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= Date.now()) return null;
  return invitation;
}

/** What the invitation page shows (`not_found` for a link that cannot be used, whatever the reason). */
export async function getInvitationPage(token: string) {
  const invitation = await findOpenInvitation(token);
  invariant(invitation);
  return { orgName: invitation.org.name, role: invitation.role };
}
