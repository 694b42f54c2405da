// Reads of the identity module. Page reads take the actor and check its read permission themselves;
// the reads other modules use get people by id and display name only (never an email, never a legal
// name), through these functions, never the User table.
import type { OrgKind } from "#app/generated/prisma/enums.ts";
import { prisma, readRows, sql, type Tx } from "#app/utils/db.server.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import { isLocale, type Locale } from "#app/utils/i18n.ts";
import { decryptField, sha256 } from "./crypto.server.ts";
import type { Actor } from "./permissions.ts";
import { requireSponsorOrg } from "./org-access.server.ts";
import { findOpenResetLink, type ResetContext } from "./reset-password.server.ts";
import { requirePermission } from "./session.server.ts";
import { normaliseUsername } from "./usernames.ts";

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

/**
 * The one exception to "never a legal name": the person's decrypted legal name, ONLY when they stored
 * one AND said it may be used (`legalNameConsent`), else null (also for an unknown id). For the
 * credentials module's shares, where the learner chose to show it to the share's audience; a consent
 * withdrawn later hides it again at once. Takes the caller's transaction (PGlite has one connection).
 */
export async function getConsentedLegalName(userId: string, db: Tx = prisma): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { legalNameCipher: true, legalNameConsent: true } });
  return user?.legalNameCipher && user.legalNameConsent ? decryptField(user.legalNameCipher) : null;
}

/** Names of organisations by id (partner NGOs, sponsors, institutions are public partners); unknown ids are absent. */
export async function getOrganisationNames(orgIds: readonly string[]): Promise<Map<string, string>> {
  if (orgIds.length === 0) return new Map();
  const rows = await prisma.organisation.findMany({
    where: { id: { in: [...new Set(orgIds)] } },
    select: { id: true, name: true },
  });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Staff labels of referral codes by id (never the codes: only their hashes are stored). */
export async function getReferralCodeLabels(codeIds: readonly string[]): Promise<Map<string, string>> {
  if (codeIds.length === 0) return new Map();
  const rows = await prisma.referralCode.findMany({
    where: { id: { in: [...new Set(codeIds)] } },
    select: { id: true, label: true },
  });
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** What names an invitation in staff pages, by id: its organisation and role (not the invitee's address). */
export async function getInvitationLabels(
  invitationIds: readonly string[],
): Promise<Map<string, { orgName: string; role: string }>> {
  if (invitationIds.length === 0) return new Map();
  const rows = await prisma.invitation.findMany({
    where: { id: { in: [...new Set(invitationIds)] } },
    select: { id: true, role: true, org: { select: { name: true } } },
  });
  return new Map(rows.map((r) => [r.id, { orgName: r.org.name, role: r.role }]));
}

/**
 * The id of the account with this username or (exact, confirmed) email, for staff pages that find one
 * person by what they log in with (the audit log's actor filter). Null when there is none.
 */
export async function findUserIdByHandle(handle: string): Promise<string | null> {
  const value = handle.trim().slice(0, 254);
  if (!value) return null;
  const row = value.includes("@")
    ? await prisma.user.findUnique({ where: { email: value.toLowerCase() }, select: { id: true } })
    : await prisma.user.findUnique({ where: { username: normaliseUsername(value) }, select: { id: true } });
  return row?.id ?? null;
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
export async function getContactForNotice(
  userId: string,
  /** The caller's transaction, when the notice is written in one (the mailer's `notify`). */
  db: Pick<Tx, "user"> = prisma,
): Promise<{ email: string; locale: Locale | null } | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { email: true, locale: true } });
  if (!row?.email) return null;
  return { email: row.email, locale: isLocale(row.locale) ? row.locale : null };
}

/**
 * Changes whenever an educator's display name may have changed (a profile update bumps User.updatedAt).
 * Part of the catalog version: course pages show their educators' display names. Computed in the
 * database over educators only, so its cost and its answer do not grow with the catalog.
 */
export async function getDisplayNamesVersion(): Promise<string> {
  // Read on every catalog request (the HTML cache's key): straight from the pool (readRows).
  const [row] = await readRows<{ max: Date | null; count: number }>(sql`
    SELECT max(u."updatedAt") AS max, count(*)::int AS count FROM "User" u
    WHERE EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role = 'educator')`);
  return `${row?.max?.getTime() ?? 0}-${row?.count ?? 0}`;
}

// ---------------------------------------------------------------- one's own account

/**
 * The settings page: the actor's own account: the username, the confirmed email and the address waiting
 * for confirmation, whether a legal name is stored (not the name), and whether a legal name is offered at
 * all (only to learners: the role that holds credentials).
 */
export async function getAccount(actor: Actor) {
  requirePermission(actor, "read:settings:own", { ownerId: actor.id });
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      id: true,
      username: true,
      displayName: true,
      email: true,
      locale: true,
      lowData: true,
      legalNameCipher: true,
      legalNameConsent: true,
      emailConfirmations: {
        where: { usedAt: null },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { email: true },
      },
    },
  });
  const { legalNameCipher, emailConfirmations, ...rest } = user;
  return {
    ...rest,
    pendingEmail: emailConfirmations[0]?.email ?? null,
    hasLegalName: legalNameCipher !== null,
    offersLegalName: offersLegalName(actor),
  };
}

/** A legal name is for credentials, which learners hold: no other role is offered one. */
export function offersLegalName(actor: Actor): boolean {
  return actor.roles.includes("learner");
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
 * the list shows staff and partner accounts only; any single account is found by its exact email or
 * username.
 */
export function listUsers(actor: Actor, options: { email?: string | null } = {}) {
  requirePermission(actor, "read:user:any");
  // An exact email, or an exact username (a learner without email, whose NGO asks for a reset code).
  const exact = options.email?.trim().slice(0, 254);
  const match = exact ? (exact.includes("@") ? { email: exact.toLowerCase() } : { username: normaliseUsername(exact) }) : null;
  return prisma.user.findMany({
    where: match ?? { roles: { some: { role: { in: [...STAFF_ROLES] } } } },
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

export type ReferralCodeState = "active" | "revoked" | "expired" | "used_up";

/**
 * Where a referral code stands. A revoked code can be reinstated only while it could still be used
 * (reinstate-referral-code.server.ts refuses expired and used-up codes).
 */
export function referralCodeState(
  c: { revokedAt: Date | null; expiresAt: Date; uses: number; maxUses: number },
  now = Date.now(),
): { state: ReferralCodeState; reinstatable: boolean } {
  const expired = c.expiresAt.getTime() <= now;
  const usedUp = c.uses >= c.maxUses;
  const state: ReferralCodeState = c.revokedAt ? "revoked" : expired ? "expired" : usedUp ? "used_up" : "active";
  return { state, reinstatable: state === "revoked" && !expired && !usedUp };
}

/** The newest referral codes with their state (never the codes themselves: only their hashes are stored). */
export async function listReferralCodes(actor: Actor) {
  requirePermission(actor, "read:referral-code:any");
  const rows = await prisma.referralCode.findMany({
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
  const now = Date.now();
  return rows.map((r) => ({ ...r, ...referralCodeState(r, now) }));
}

export type InvitationState = "open" | "accepted" | "expired" | "revoked";

/** Where an invitation stands, for the admin list (a withdrawal or an acceptance outlasts the expiry date). */
export function invitationState(i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = Date.now()) {
  const state: InvitationState = i.acceptedAt
    ? "accepted"
    : i.revokedAt
      ? "revoked"
      : i.expiresAt.getTime() <= now
        ? "expired"
        : "open";
  return state;
}

/**
 * The newest invitations for admins: the invitee's address (staff sent it and may need to resend it), the
 * organisation and role, the state, and when it was last sent. Invitees are staff and partners, never
 * learners.
 */
export async function listInvitations(actor: Actor) {
  requirePermission(actor, "read:invitation:any");
  const rows = await prisma.invitation.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: {
      id: true,
      email: true,
      role: true,
      orgRole: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      lastSentAt: true,
      createdAt: true,
      org: { select: { name: true, kind: true } },
    },
  });
  const now = Date.now();
  return rows.map((r) => ({ ...r, state: invitationState(r, now) }));
}

// ---------------------------------------------------------------- invitation links (anonymous)

const INVITATION_LINK_SELECT = {
  id: true,
  email: true,
  role: true,
  orgId: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  org: { select: { name: true } },
} as const;

/** The invitation behind a link, whatever its state; null for an unknown or malformed link. */
export async function findInvitationByToken(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return prisma.invitation.findUnique({ where: { tokenHash: sha256(token) }, select: INVITATION_LINK_SELECT });
}

/**
 * Why an invitation can no longer be used (revoked by staff, used, expired), or null while it is open.
 * The link's holder is the invitee, so a clear reason reveals nothing to anyone else.
 */
export function invitationRefusal(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }) {
  if (invitation.revokedAt) return "invitation.revoked" as const;
  if (invitation.acceptedAt) return "invitation.used" as const;
  if (invitation.expiresAt.getTime() <= Date.now()) return "invitation.expired" as const;
  return null;
}

/** The open invitation behind a link: `not_found` for an unknown link, the refusal's reason otherwise. */
export async function requireOpenInvitation(token: string) {
  const invitation = await findInvitationByToken(token);
  invariant(invitation);
  const refusal = invitationRefusal(invitation);
  if (refusal) throw new AppError(refusal);
  return invitation;
}

/** The invitation behind a link, if it can still be used; null for unknown, used, revoked and expired links alike. */
export async function findOpenInvitation(token: string) {
  const invitation = await findInvitationByToken(token);
  return invitation && !invitationRefusal(invitation) ? invitation : null;
}

/**
 * What the invitation page shows: the organisation and role, and what the visitor can do: create an
 * account (anonymous: `accept`), join with their account (logged in with the invitation's confirmed
 * address: `join`), or nothing (logged in as someone else: `other-account`; the page never says whose
 * address it is). `not_found` for an unknown link; `invitation.revoked|used|expired` with a clear message.
 */
export async function getInvitationPage(token: string, actor: Actor | null = null) {
  const invitation = await requireOpenInvitation(token);
  let mode: "accept" | "join" | "other-account" = "accept";
  if (actor) {
    const me = await prisma.user.findUnique({ where: { id: actor.id }, select: { email: true } });
    mode = me?.email === invitation.email ? "join" : "other-account";
  }
  return { orgName: invitation.org.name, role: invitation.role, mode };
}

// ---------------------------------------------------------------- recovery (docs/decisions/014-account-recovery.md)

/** The Settings recovery-codes page: how many of the actor's codes are still unused (never the codes). */
export async function getRecoveryCodeStatus(actor: Actor): Promise<{ unused: number; total: number }> {
  requirePermission(actor, "read:settings:own", { ownerId: actor.id });
  const rows = await prisma.recoveryCode.findMany({ where: { userId: actor.id }, select: { usedAt: true } });
  return { unused: rows.filter((r) => r.usedAt === null).length, total: rows.length };
}

/**
 * The page behind an emailed reset link. Opening it changes nothing (mail scanners open links): it
 * shows the username the link is for, or refuses like the reset itself (reset-password.server.ts).
 */
export async function getResetLinkPage(context: ResetContext, token: string): Promise<{ username: string }> {
  const reset = await findOpenResetLink(context, token);
  return { username: reset.user.username };
}

/**
 * The admin's reset-code page for one account: who it is (display name and username, which the
 * learner types at /recover/code), whether it may get a code, the partner NGOs to choose from (the one
 * whose referral code the learner joined with first), and when the open code, if any, expires.
 */
export async function getResetCodePage(actor: Actor, userId: string) {
  requirePermission(actor, "create:password-reset:any");
  const user = await prisma.user.findUnique({
    where: { id: userId.slice(0, 40) },
    select: {
      id: true,
      displayName: true,
      username: true,
      status: true,
      roles: { select: { role: true } },
      referralRedemption: { select: { code: { select: { ngoId: true } } } },
    },
  });
  invariant(user);
  const [ngos, openCode] = await Promise.all([
    prisma.organisation.findMany({
      where: { kind: "ngo" },
      orderBy: { name: "asc" },
      take: 200,
      select: { id: true, name: true },
    }),
    prisma.passwordReset.findFirst({
      where: { userId: user.id, kind: "admin_code", usedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { expiresAt: true },
    }),
  ]);
  const referredBy = user.referralRedemption?.code.ngoId ?? null;
  const ngoFirst = [...ngos].sort((a, b) => Number(b.id === referredBy) - Number(a.id === referredBy));
  const roles = user.roles.map((r) => r.role);
  return {
    user: { id: user.id, displayName: user.displayName, username: user.username },
    eligible: roles.includes("learner") && roles.every((r) => r === "learner") && user.status === "active",
    ngos: ngoFirst,
    suggestedNgoId: ngos.some((n) => n.id === referredBy) ? referredBy : null,
    openCodeExpiresAt: openCode?.expiresAt ?? null,
  };
}

// ---------------------------------------------------------------- emailed links (anonymous)

type EmailedLink = "email_confirmation" | "educator_application" | "invitation";

/**
 * Whether an emailed link (an address confirmation, or a pending sign-up of `kind`) can still be used:
 * its GET page shows its button only then. Unknown, used and expired links are alike. Reads only.
 */
export async function isEmailedLinkOpen(token: string, kind: EmailedLink): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
  const tokenHash = sha256(token);
  const now = new Date();
  const open =
    kind === "email_confirmation"
      ? await prisma.emailConfirmation.count({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } } })
      : await prisma.pendingSignup.count({ where: { tokenHash, purpose: kind, usedAt: null, expiresAt: { gt: now } } });
  return open > 0;
}

/** isEmailedLinkOpen, or the neutral `link.unusable` (410) page. */
export async function requireOpenEmailedLink(token: string, kind: EmailedLink): Promise<void> {
  if (!(await isEmailedLinkOpen(token, kind))) throw new AppError("link.unusable");
}

// ---------------------------------------------------------------- a sponsor organisation's members (issue 10)

/**
 * The members page of a sponsor organisation: its members (owners first) with their role in it, and
 * its open invitations. Members are sponsor staff, so the other members see their confirmed email (the
 * address they were invited at) and display name; the display name is left out for an account that is
 * also a learner (a learner's pseudonym never reaches a sponsor). `canManage`: the actor is one of its
 * owners (invite, remove, withdraw). Only its members and admins may read it; anyone else (another
 * sponsor's member, learners, educators, verifiers) gets `not_found`.
 */
export async function listOrgMembers(actor: Actor, orgId: string) {
  const org = await requireSponsorOrg(actor, orgId, { allowAdmin: true });
  const members = await prisma.membership.findMany({
    where: { orgId: org.id },
    orderBy: [{ orgRole: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: {
      orgRole: true,
      createdAt: true,
      user: { select: { id: true, displayName: true, email: true, roles: { select: { role: true } } } },
    },
  });
  const invitations = await prisma.invitation.findMany({
    where: { orgId: org.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, email: true, orgRole: true, expiresAt: true, lastSentAt: true, createdAt: true },
  });
  const mine = members.find((m) => m.user.id === actor.id)?.orgRole ?? null;
  return {
    org,
    canManage: mine === "owner",
    members: members.map((m) => ({
      userId: m.user.id,
      displayName: m.user.roles.some((r) => r.role === "learner") ? null : m.user.displayName,
      email: m.user.email,
      orgRole: m.orgRole,
      since: m.createdAt,
      isMe: m.user.id === actor.id,
    })),
    invitations,
  };
}
