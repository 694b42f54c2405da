import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireOrgOwner } from "./invite-org-member.server.ts";
import type { Actor } from "./permissions.ts";
import type { RemoveOrgMemberInput } from "./schemas.ts";

/**
 * An owner of a sponsor organisation removes one of its members (an owner too, themselves included):
 * the Membership goes, so the person no longer sees the organisation's orders and reports from their next
 * request on (the session reads memberships every time). Their account and its `sponsor` role stay (an
 * admin revokes roles). A confirmed action (ADR 015: `confirmation.required` names the person first).
 * The last owner cannot be removed (`organisation.last_owner`): the organisation row is locked
 * (requireOrgOwner), so two owners removing each other at the same moment cannot leave it with none. Refusals: `not_found` (an
 * organisation not theirs, a person who is not its member), `permission.denied` (not an owner).
 */
export async function removeOrgMember(actor: Actor, input: RemoveOrgMemberInput): Promise<{ removed: true }> {
  return prisma.$transaction(async (tx) => {
    await requireOrgOwner(tx, actor, input.orgId, "update:organisation:org");
    const membership = await tx.membership.findUnique({
      where: { userId_orgId: { userId: input.userId, orgId: input.orgId } },
      select: { id: true, orgRole: true, user: { select: { email: true, displayName: true } } },
    });
    if (!membership) throw new AppError("not_found");
    if (membership.orgRole === "owner") {
      const owners = await tx.membership.count({ where: { orgId: input.orgId, orgRole: "owner" } });
      if (owners <= 1) throw new AppError("organisation.last_owner");
    }
    requireConfirmation(input, { name: membership.user.email ?? membership.user.displayName });
    await tx.membership.delete({ where: { id: membership.id }, select: { id: true } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "membership.removed",
      entityType: "user",
      entityId: input.userId,
      data: { orgId: input.orgId, orgRole: membership.orgRole },
    });
    return { removed: true as const };
  });
}
