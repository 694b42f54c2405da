// Factories named by state, shared by the seed and the tests (STYLE.md habit 8). They write through the
// real Prisma client to a real database. Each is idempotent on its natural key, so the seed can run twice.
import { randomBytes } from "node:crypto";
import type { OrgKind, Role } from "#app/generated/prisma/enums.ts";
import { sha256 } from "#app/modules/identity/crypto.server.ts";
import { hashPassword } from "#app/modules/identity/password.server.ts";
import { normaliseReferralCode } from "#app/modules/identity/referral-codes.server.ts";
import { prisma } from "#app/utils/db.server.ts";

export function uniqueEmail(prefix = "person") {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.test`;
}

export const TEST_PASSWORD = "Correct-Horse-Battery-Staple-9";
let testHash: Promise<string> | undefined;

type UserOptions = { email?: string; displayName?: string; password?: string; roles?: Role[]; orgIds?: string[] };

/** Creates (or finds, by email) a user with the given roles and memberships. */
export async function createUser(options: UserOptions = {}) {
  const email = (options.email ?? uniqueEmail()).toLowerCase();
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return { id: existing.id, email, created: false };
  const passwordHash = options.password ? await hashPassword(options.password) : await (testHash ??= hashPassword(TEST_PASSWORD));
  const user = await prisma.user.create({
    data: {
      email,
      displayName: options.displayName ?? `Person ${randomBytes(2).toString("hex")}`,
      passwordHash,
      roles: { create: (options.roles ?? []).map((role) => ({ role })) },
      memberships: { create: (options.orgIds ?? []).map((orgId) => ({ orgId })) },
    },
    select: { id: true },
  });
  return { id: user.id, email, created: true };
}

export const createLearner = (o: Omit<UserOptions, "roles"> = {}) => createUser({ ...o, roles: ["learner"] });
export const createAdmin = (o: Omit<UserOptions, "roles"> = {}) => createUser({ ...o, roles: ["admin"] });

export async function createOrganisation(options: { kind: OrgKind; name?: string; slug?: string }) {
  const slug = options.slug ?? `${options.kind}-${randomBytes(4).toString("hex")}`;
  const existing = await prisma.organisation.findUnique({ where: { slug }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const org = await prisma.organisation.create({
    data: { kind: options.kind, slug, name: options.name ?? `Organisation ${slug}` },
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

/** An educator whose application is in the given state (pending by default). */
export async function createEducatorApplicant(o: Omit<UserOptions, "roles"> & { status?: "pending" | "approved" } = {}) {
  const user = await createUser({ ...o, roles: ["educator"] });
  await prisma.educatorApplication.upsert({
    where: { userId: user.id },
    update: {},
    create: {
      userId: user.id,
      status: o.status ?? "pending",
      subjects: ["computer-science", "mathematics"],
      highestQualification: "master",
      statement: "I have taught introductory programming and statistics for eight years and want to help.",
      languages: ["en", "es"],
      availabilityHours: 4,
      references: [
        { name: "A. Colleague", contact: "colleague@example.test (head of department)" },
        { name: "B. Mentor", contact: "+00 555 0100 (former supervisor)" },
      ],
    },
  });
  return user;
}
export const createApprovedEducator = (o: Omit<UserOptions, "roles"> = {}) =>
  createEducatorApplicant({ ...o, status: "approved" });

/** A referral code of an NGO (created with the NGO when none is given). Idempotent on the code. */
export async function createReferralCode(options: {
  code?: string;
  ngoId?: string;
  maxUses?: number;
  expiresAt?: Date;
  revoked?: boolean;
  createdById?: string;
  label?: string;
}) {
  const code = options.code ?? randomBytes(6).toString("hex").toUpperCase();
  const codeHash = sha256(normaliseReferralCode(code));
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
      expiresAt: options.expiresAt ?? new Date(Date.now() + 30 * 86_400_000),
      revokedAt: options.revoked ? new Date() : null,
      createdById,
    },
    select: { id: true },
  });
  return { id: row.id, code, ngoId, created: true };
}
