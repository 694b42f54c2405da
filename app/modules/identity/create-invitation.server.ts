import type { OrgMemberRole, Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { queueEmail } from "#app/utils/mailer.server.ts";
import { randomToken, sha256 } from "./crypto.server.ts";
import type { Actor } from "./permissions.ts";
import type { CreateInvitationInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

export const INVITATION_DAYS = 7;

/** The role an invitation to each kind of organisation gives. NGOs issue referral codes; they have no members. */
const ROLE_FOR_ORG = { sponsor: "sponsor", institution: "verifier" } as const satisfies Record<string, Role>;

/**
 * Inside the caller's transaction: the invitation (its link token stored only as a hash), its
 * `invitation.created` audit row and the ONE neutral email with the link (handed to SMTP after the
 * commit). The same work whoever the address belongs to: nothing here looks for an account. Shared by
 * the admins' invitations (createInvitation) and a sponsor owner's (invite-org-member.server.ts).
 */
export async function writeInvitation(
  tx: Tx,
  request: {
    actorId: string;
    email: string;
    orgId: string;
    role: Role;
    orgRole: OrgMemberRole;
    /** Who invited, for the audit row: an admin, or an owner of the organisation. */
    by: "admin" | "owner";
  },
): Promise<{ invitationId: string; token: string }> {
  const token = randomToken(32);
  const invitation = await tx.invitation.create({
    data: {
      email: request.email,
      role: request.role,
      orgId: request.orgId,
      orgRole: request.orgRole,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      lastSentAt: new Date(),
      invitedById: request.actorId,
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actorId: request.actorId,
    action: "invitation.created",
    entityType: "invitation",
    entityId: invitation.id,
    data: { orgId: request.orgId, role: request.role, orgRole: request.orgRole, by: request.by },
  });
  await queueEmail(tx, { to: request.email, path: `/invite/${token}` });
  return { invitationId: invitation.id, token };
}

/**
 * An admin invites a person to a sponsor organisation (role sponsor; in the organisation an `owner`,
 * who may invite and remove its members, unless `orgRole` says `member`) or a partner institution (role
 * verifier; always a `member`). The invitation, its audit row and the neutral email commit together;
 * the email is handed to SMTP after the commit. The link token is returned once and stored only as a
 * hash. Refusals: `permission.denied`; `invitation.organisation_invalid` (orgId) for an unknown
 * organisation or an NGO.
 */
export async function createInvitation(
  actor: Actor,
  input: Pick<CreateInvitationInput, "email" | "orgId"> & { orgRole?: OrgMemberRole | undefined },
) {
  requirePermission(actor, "create:invitation:any");
  return prisma.$transaction(async (tx) => {
    const org = await tx.organisation.findUnique({ where: { id: input.orgId }, select: { id: true, kind: true } });
    if (!org || org.kind === "ngo") throw new AppError("invitation.organisation_invalid", { field: "orgId" });
    return writeInvitation(tx, {
      actorId: actor.id,
      email: input.email,
      orgId: org.id,
      role: ROLE_FOR_ORG[org.kind],
      // Institutions have no owners: their verifiers are all members.
      orgRole: org.kind === "sponsor" ? (input.orgRole ?? "owner") : "member",
      by: "admin",
    });
  });
}
