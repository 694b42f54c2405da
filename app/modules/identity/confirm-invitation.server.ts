import type { OrgMemberRole, Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { claimPendingSignup, withPendingConflicts } from "./pending-signup.server.ts";
import { invitationRefusal } from "./queries.server.ts";
import type { LinkTokenInput } from "./schemas.ts";

/**
 * Claims the invitation for the account being made or joined, inside the caller's transaction, by one
 * conditional update (so two uses at the same moment give one); refuses with why it cannot be used.
 */
export async function claimInvitation(
  tx: Tx,
  invitationId: string,
): Promise<{ role: Role; orgId: string; orgRole: OrgMemberRole }> {
  const now = new Date();
  const claimed = await tx.invitation.updateMany({
    where: { id: invitationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  const invitation = await tx.invitation.findUnique({
    where: { id: invitationId },
    select: { role: true, orgId: true, orgRole: true, acceptedAt: true, revokedAt: true, expiresAt: true },
  });
  if (!invitation) throw new AppError("link.unusable");
  if (claimed.count !== 1) throw new AppError(invitationRefusal(invitation) ?? "invitation.used");
  return { role: invitation.role, orgId: invitation.orgId, orgRole: invitation.orgRole };
}

/**
 * The POST behind an invitation's "finish joining" link: the pending sign-up is claimed, the invitation
 * too, and the account (with the invitation's address, confirmed by the link), its role, its membership
 * (with the invitation's `orgRole`: owner or member) and a session are made in one transaction with the audit rows. Refusals: `link.unusable` (unknown,
 * used or expired link; the address got an account meanwhile), `invitation.revoked|used|expired`,
 * `account.username_taken` (taken meanwhile). Nothing is written on a refusal.
 */
export async function confirmInvitation(_context: unknown, input: LinkTokenInput) {
  return withPendingConflicts(() =>
    prisma.$transaction(async (tx) => {
      let granted: { role: Role; orgId: string; orgRole: OrgMemberRole; invitationId: string } | undefined;
      const claimed = await claimPendingSignup(tx, input.token, "invitation", async (data) => {
        const invitationId = typeof data.invitationId === "string" ? data.invitationId : "";
        const invitation = await claimInvitation(tx, invitationId);
        granted = { ...invitation, invitationId };
        return { roles: [invitation.role], orgIds: [invitation.orgId], orgRole: invitation.orgRole };
      });
      const { role, orgId, orgRole, invitationId } = granted!;
      await recordAudit(tx, {
        actorId: claimed.userId,
        action: "invitation.accepted",
        entityType: "invitation",
        entityId: invitationId,
        data: { orgId, orgRole },
      });
      await recordAudit(tx, {
        actorId: claimed.userId,
        action: "role.granted",
        entityType: "user",
        entityId: claimed.userId,
        data: { role, via: "invitation" },
      });
      return { userId: claimed.userId, role, cookie: claimed.cookie };
    }),
  );
}
