import type { Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
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
 * An admin invites a person to a sponsor organisation (role sponsor) or a partner institution (role
 * verifier). The invitation, its audit row and the neutral email commit together; the email is handed
 * to SMTP after the commit. The link token is returned once and stored only as a hash. Refusals:
 * `permission.denied`; `invitation.organisation_invalid` (orgId) for an unknown organisation or an NGO.
 */
export async function createInvitation(actor: Actor, input: Pick<CreateInvitationInput, "email" | "orgId">) {
  requirePermission(actor, "create:invitation:any");
  const token = randomToken(32);
  const { invitationId } = await prisma.$transaction(async (tx) => {
    const org = await tx.organisation.findUnique({ where: { id: input.orgId }, select: { id: true, kind: true } });
    if (!org || org.kind === "ngo") throw new AppError("invitation.organisation_invalid", { field: "orgId" });
    const role = ROLE_FOR_ORG[org.kind];
    const invitation = await tx.invitation.create({
      data: {
        email: input.email,
        role,
        orgId: org.id,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
        lastSentAt: new Date(),
        invitedById: actor.id,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invitation.created",
      entityType: "invitation",
      entityId: invitation.id,
      data: { orgId: org.id, role },
    });
    await queueEmail(tx, { to: input.email, path: `/invite/${token}` });
    return { invitationId: invitation.id };
  });
  return { invitationId, token };
}
