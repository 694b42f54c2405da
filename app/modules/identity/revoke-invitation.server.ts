import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Actor } from "./permissions.ts";
import type { RevokeInvitationInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin withdraws an invitation that was not accepted: `revokedAt` is set and its link stops working
 * (acceptance refuses a revoked invitation). It is a confirmed action (ADR 015): without `confirm: "yes"`
 * it refuses with `confirmation.required` (naming the address) and writes nothing. The update is
 * conditional on the invitation being neither accepted nor revoked, so an acceptance at the same moment
 * wins or loses cleanly. Withdrawing a withdrawn invitation changes nothing and writes no audit row.
 * Refusals: `permission.denied`; `not_found`; `invitation.already_accepted` (409).
 */
export async function revokeInvitation(
  actor: Actor,
  input: Pick<RevokeInvitationInput, "invitationId" | "confirm">,
): Promise<{ revoked: boolean }> {
  requirePermission(actor, "revoke:invitation:any");
  return prisma.$transaction((tx) => withdrawInvitation(tx, actor.id, input));
}

/**
 * Inside the caller's transaction, after its permission check: withdraws the invitation as described
 * above. With `orgId`, an invitation of another organisation is `not_found` (a sponsor owner's page:
 * revoke-org-invitation.server.ts).
 */
export async function withdrawInvitation(
  tx: Tx,
  actorId: string,
  input: { invitationId: string; confirm?: "yes" | undefined },
  scope: { orgId?: string } = {},
): Promise<{ revoked: boolean }> {
  const invitation = await tx.invitation.findUnique({
    where: { id: input.invitationId },
    select: { id: true, email: true, orgId: true, acceptedAt: true, revokedAt: true },
  });
  if (!invitation || (scope.orgId !== undefined && invitation.orgId !== scope.orgId)) throw new AppError("not_found");
  if (invitation.acceptedAt) throw new AppError("invitation.already_accepted");
  if (invitation.revokedAt) return { revoked: false };
  requireConfirmation(input, { email: invitation.email });
  const { count } = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const now = await tx.invitation.findUniqueOrThrow({ where: { id: invitation.id }, select: { acceptedAt: true } });
    if (now.acceptedAt) throw new AppError("invitation.already_accepted");
    return { revoked: false };
  }
  await recordAudit(tx, {
    actorId,
    action: "invitation.revoked",
    entityType: "invitation",
    entityId: invitation.id,
    ...(scope.orgId ? { data: { orgId: scope.orgId, by: "owner" } } : {}),
  });
  return { revoked: true };
}
