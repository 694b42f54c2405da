import type { Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { deliverQueued, queueEmail } from "#app/utils/mailer.server.ts";
import { randomToken, sha256 } from "./crypto.server.ts";
import { checkPasswordPolicy, hashPassword } from "./password.server.ts";
import { createSession } from "./session.server.ts";
import { isUniqueViolation } from "./signup-learner.server.ts";

export const INVITATION_DAYS = 7;

const ROLE_FOR_ORG = { sponsor: "sponsor", institution: "verifier" } as const satisfies Record<string, Role>;

/** Invites a person to a sponsor organisation (role sponsor) or a partner institution (role verifier). */
export async function createInvitation(options: { actorId: string; email: string; orgId: string }) {
  const token = randomToken(32);
  const { emailId, invitationId } = await prisma.$transaction(async (tx) => {
    const org = await tx.organisation.findUnique({ where: { id: options.orgId }, select: { id: true, kind: true } });
    if (!org) throw new AppError("NOT_FOUND");
    if (org.kind === "ngo") throw new AppError("BAD_REQUEST", "NGOs issue referral codes; they have no members");
    const role = ROLE_FOR_ORG[org.kind];
    const invitation = await tx.invitation.create({
      data: {
        email: options.email,
        role,
        orgId: org.id,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
        invitedById: options.actorId,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "invitation.created",
      entityType: "invitation",
      entityId: invitation.id,
      data: { orgId: org.id, role },
    });
    const emailId = await queueEmail(tx, { to: options.email, path: `/invite/${token}` });
    return { emailId, invitationId: invitation.id };
  });
  await deliverQueued([emailId]);
  return { invitationId, token };
}

/** The invitation behind a link, if it can still be used. */
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

export type AcceptResult = { ok: true; cookie: string; role: Role } | { ok: false; field: string; message: string };

/** Accepting creates the account (or adds the role to an existing one), the membership and a session. */
export async function acceptInvitation(options: {
  token: string;
  displayName: string;
  password: string;
  locale: string;
}): Promise<AcceptResult> {
  const invitation = await findOpenInvitation(options.token);
  if (!invitation) throw new AppError("NOT_FOUND");
  const problem = await checkPasswordPolicy(options.password, [invitation.email, options.displayName, "waystone"]);
  if (problem) return { ok: false, field: "password", message: `password.${problem}` };
  const passwordHash = await hashPassword(options.password);
  try {
    const cookie = await prisma.$transaction(async (tx) => {
      // Claim the invitation first: a second use of the same link finds nothing to claim.
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, acceptedAt: null },
        data: { acceptedAt: new Date() },
      });
      if (claimed.count !== 1) throw new AppError("NOT_FOUND");
      const existing = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
      if (existing) throw new AppError("CONFLICT");
      const user = await tx.user.create({
        data: {
          email: invitation.email,
          displayName: options.displayName,
          passwordHash,
          locale: options.locale,
          roles: { create: { role: invitation.role, grantedById: null } },
          memberships: { create: { orgId: invitation.orgId } },
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "invitation.accepted",
        entityType: "invitation",
        entityId: invitation.id,
        data: { orgId: invitation.orgId },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "role.granted",
        entityType: "user",
        entityId: user.id,
        data: { role: invitation.role, via: "invitation" },
      });
      return createSession(tx, user.id);
    });
    return { ok: true, cookie, role: invitation.role };
  } catch (error) {
    if ((error instanceof AppError && error.code === "CONFLICT") || isUniqueViolation(error)) {
      return { ok: false, field: "form", message: "invite.account_exists" };
    }
    throw error;
  }
}

export function listInvitations() {
  return prisma.invitation.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, role: true, expiresAt: true, acceptedAt: true, createdAt: true, org: { select: { name: true } } },
  });
}
