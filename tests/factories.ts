// Factories named by state, shared by the seed and the tests (docs/architecture.md). They write through the
// real Prisma client to a real database. Each is idempotent on its natural key, so the seed can run twice.
import { randomBytes } from "node:crypto";
import type { OrgKind, Role } from "#app/generated/prisma/enums.ts";
import { randomToken, referralCodeHash, sha256 } from "#app/modules/identity/crypto.server.ts";
import { organisationNameKey } from "#app/modules/identity/create-organisation.server.ts";
import { hashPassword } from "#app/modules/identity/password.server.ts";
import { prisma } from "#app/utils/db.server.ts";

export function uniqueEmail(prefix = "person") {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.test`;
}

/** A username nobody else has (usernames are unique and normalised: see identity/usernames.ts). */
export function uniqueUsername(prefix = "person") {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export const TEST_PASSWORD = "Correct-Horse-Battery-Staple-9";
let testHash: Promise<string> | undefined;

type UserOptions = {
  /** A confirmed address. */
  email?: string;
  username?: string;
  displayName?: string;
  password?: string;
  roles?: Role[];
  orgIds?: string[];
  /** The role in each of those organisations (default member). */
  orgRole?: "owner" | "member";
};

/** Creates (or finds, by email) a user with the given roles and memberships, with a confirmed email. */
export async function createUser(options: UserOptions = {}) {
  const email = (options.email ?? uniqueEmail()).toLowerCase();
  const user = await createAccountRow(email, options);
  return { ...user, email };
}

/** A learner who joined with a username only: no email at all (found by username when it exists). */
export async function createLearnerWithoutEmail(options: Omit<UserOptions, "email" | "roles"> = {}) {
  return createAccountRow(null, { ...options, roles: ["learner"] });
}

async function createAccountRow(email: string | null, options: UserOptions) {
  const username =
    options.username ??
    uniqueUsername(
      email
        ? email
            .split("@")[0]!
            .replace(/[^a-z0-9]+/g, "-")
            .slice(0, 16)
        : "person",
    );
  const existing = await prisma.user.findUnique({
    where: email ? { email } : { username },
    select: { id: true, username: true },
  });
  if (existing) return { id: existing.id, username: existing.username, created: false };
  const passwordHash = options.password ? await hashPassword(options.password) : await (testHash ??= hashPassword(TEST_PASSWORD));
  const user = await prisma.user.create({
    data: {
      email,
      username,
      displayName: options.displayName ?? `Person ${randomBytes(2).toString("hex")}`,
      passwordHash,
      roles: { create: (options.roles ?? []).map((role) => ({ role })) },
      memberships: { create: (options.orgIds ?? []).map((orgId) => ({ orgId, orgRole: options.orgRole ?? "member" })) },
    },
    select: { id: true },
  });
  return { id: user.id, username, created: true };
}

export const createLearner = (o: Omit<UserOptions, "roles"> = {}) => createUser({ ...o, roles: ["learner"] });
export const createAdmin = (o: Omit<UserOptions, "roles"> = {}) => createUser({ ...o, roles: ["admin"] });

export async function createOrganisation(options: { kind: OrgKind; name?: string; slug?: string }) {
  const slug = options.slug ?? `${options.kind}-${randomBytes(4).toString("hex")}`;
  const existing = await prisma.organisation.findUnique({ where: { slug }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const name = options.name ?? `Organisation ${slug}`;
  const org = await prisma.organisation.create({
    data: { kind: options.kind, slug, name, nameKey: organisationNameKey(name) },
    select: { id: true },
  });
  return { id: org.id, created: true };
}

export async function createSponsorMember(o: Omit<UserOptions, "roles" | "orgIds"> & { orgId?: string } = {}) {
  const orgId = o.orgId ?? (await createOrganisation({ kind: "sponsor" })).id;
  return { ...(await createUser({ ...o, roles: ["sponsor"], orgIds: [orgId] })), orgId };
}

export async function createVerifier(o: Omit<UserOptions, "roles" | "orgIds"> & { orgId?: string } = {}) {
  const orgId = o.orgId ?? (await createOrganisation({ kind: "institution" })).id;
  return { ...(await createUser({ ...o, roles: ["verifier"], orgIds: [orgId] })), orgId };
}

type ApplicationState = "pending" | "info_requested" | "approved" | "rejected" | "suspended";

/**
 * An educator whose application is in the given state (pending by default); "suspended" is an approved
 * educator who was then suspended. Idempotent on the email: an existing application keeps its state.
 */
export async function createEducatorApplicant(
  o: Omit<UserOptions, "roles"> & { status?: ApplicationState; decisionReason?: string } = {},
) {
  const user = await createUser({ ...o, roles: ["educator"] });
  const state = o.status ?? "pending";
  const decided = state !== "pending";
  const application = await prisma.educatorApplication.upsert({
    where: { userId: user.id },
    update: {},
    create: {
      userId: user.id,
      status: state === "suspended" ? "approved" : state,
      subjects: ["computer-science", "mathematics"],
      highestQualification: "master",
      statement: "I have taught introductory programming and statistics for eight years and want to help.",
      languages: ["en", "es"],
      availabilityHours: 4,
      references: [
        { name: "A. Colleague", contact: "colleague@example.test (head of department)" },
        { name: "B. Mentor", contact: "+00 555 0100 (former supervisor)" },
      ],
      decisionReason: decided ? (o.decisionReason ?? "Decided by a test factory.") : null,
      decidedAt: decided ? new Date() : null,
      suspendedAt: state === "suspended" ? new Date() : null,
    },
    select: { id: true },
  });
  return { ...user, applicationId: application.id };
}
export const createApprovedEducator = (o: Omit<UserOptions, "roles"> = {}) =>
  createEducatorApplicant({ ...o, status: "approved" });
/** Approved, then suspended: may neither author nor teach. */
export const createSuspendedEducator = (o: Omit<UserOptions, "roles"> = {}) =>
  createEducatorApplicant({ ...o, status: "suspended" });
/** Staff asked for more information (the reason is what the applicant reads on /teach). */
export const createApplicationWithInfoRequested = (o: Omit<UserOptions, "roles"> & { decisionReason?: string } = {}) =>
  createEducatorApplicant({
    ...o,
    status: "info_requested",
    decisionReason: o.decisionReason ?? "Please add a second reference.",
  });

/** A referral code of an NGO (created with the NGO when none is given). Idempotent on the code. */
export async function createReferralCode(options: {
  code?: string;
  ngoId?: string;
  maxUses?: number;
  /** How many sign-ups used it already (without their accounts). */
  uses?: number;
  expiresAt?: Date;
  revoked?: boolean;
  createdById?: string;
  label?: string;
}) {
  const code = options.code ?? randomBytes(6).toString("hex").toUpperCase();
  const codeHash = referralCodeHash(code);
  const existing = await prisma.referralCode.findUnique({ where: { codeHash }, select: { id: true, ngoId: true } });
  if (existing) return { id: existing.id, code, ngoId: existing.ngoId, created: false };
  const ngoId = options.ngoId ?? (await createOrganisation({ kind: "ngo" })).id;
  const createdById =
    options.createdById ?? (await createAdmin({ email: "factory-admin@example.test", displayName: "Factory admin" })).id;
  const row = await prisma.referralCode.create({
    data: {
      ngoId,
      codeHash,
      label: options.label ?? "Test code",
      maxUses: options.maxUses ?? 5,
      uses: options.uses ?? 0,
      expiresAt: options.expiresAt ?? new Date(Date.now() + 30 * 86_400_000),
      revokedAt: options.revoked ? new Date() : null,
      createdById,
    },
    select: { id: true },
  });
  return { id: row.id, code, ngoId, created: true };
}

export const createRevokedReferralCode = (o: Parameters<typeof createReferralCode>[0] = {}) =>
  createReferralCode({ ...o, revoked: true });
export const createExpiredReferralCode = (o: Parameters<typeof createReferralCode>[0] = {}) =>
  createReferralCode({ ...o, expiresAt: new Date(Date.now() - 60_000) });
/** A code whose every use is taken. */
export const createUsedUpReferralCode = (o: Parameters<typeof createReferralCode>[0] = {}) =>
  createReferralCode({ ...o, maxUses: o.maxUses ?? 1, uses: o.maxUses ?? 1 });

/** An invitation to a sponsor organisation or an institution, open unless `state` says otherwise; returns its link token. */
export async function createInvitation(
  options: { orgId?: string; email?: string; state?: "open" | "accepted" | "expired"; invitedById?: string } = {},
) {
  const orgId = options.orgId ?? (await createOrganisation({ kind: "institution" })).id;
  const org = await prisma.organisation.findUniqueOrThrow({ where: { id: orgId }, select: { kind: true } });
  if (org.kind === "ngo") throw new Error("createInvitation: NGOs have no members to invite");
  const invitedById =
    options.invitedById ?? (await createAdmin({ email: "factory-admin@example.test", displayName: "Factory admin" })).id;
  const token = randomToken(32);
  const email = (options.email ?? uniqueEmail("invitee")).toLowerCase();
  const row = await prisma.invitation.create({
    data: {
      email,
      role: org.kind === "sponsor" ? "sponsor" : "verifier",
      orgId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + (options.state === "expired" ? -60_000 : 7 * 86_400_000)),
      acceptedAt: options.state === "accepted" ? new Date() : null,
      invitedById,
    },
    select: { id: true },
  });
  return { id: row.id, token, email, orgId };
}
