import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { queueEmail } from "#app/utils/mailer.server.ts";
import { INVITATION_DAYS } from "./create-invitation.server.ts";
import { randomToken, sha256 } from "./crypto.server.ts";
import type { Actor } from "./permissions.ts";
import type { ResendInvitationInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin sends an invitation again (the person lost the email, or it expired): a new link token, valid
 * for another INVITATION_DAYS, replaces the old one, so the old link stops working at once; `lastSentAt`
 * records when; the same neutral email as the first goes out after the commit. The invitation row is
 * locked, so a resend and an acceptance at the same moment run one after the other. Refusals:
 * `permission.denied`; `not_found`; `invitation.already_accepted` and `invitation.already_revoked` (409),
 * with nothing written.
 */
export async function resendInvitation(actor: Actor, input: Pick<ResendInvitationInput, "invitationId">) {
  requirePermission(actor, "create:invitation:any");
  const token = randomToken(32);
  await prisma.$transaction(async (tx) => {
    if (!(await lockRow(tx, "Invitation", input.invitationId))) throw new AppError("not_found");
    const invitation = await tx.invitation.findUniqueOrThrow({
      where: { id: input.invitationId },
      select: { id: true, email: true, acceptedAt: true, revokedAt: true },
    });
    if (invitation.acceptedAt) throw new AppError("invitation.already_accepted");
    if (invitation.revokedAt) throw new AppError("invitation.already_revoked");
    const now = new Date();
    await tx.invitation.update({
      where: { id: invitation.id },
      data: {
        tokenHash: sha256(token),
        lastSentAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invitation.resent",
      entityType: "invitation",
      entityId: invitation.id,
    });
    return queueEmail(tx, { to: invitation.email, path: `/invite/${token}` });
  });
  return { invitationId: input.invitationId, token };
}
