import type { Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { claimInvitation } from "./confirm-invitation.server.ts";
import type { Actor } from "./permissions.ts";
import { requireOpenInvitation } from "./queries.server.ts";
import type { LinkTokenInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * "Join <organisation> with this account": a logged-in person whose CONFIRMED email is the invitation's
 * adds its role and membership to their account. The invitation is claimed by a conditional update, the
 * role and membership are added (kept if already there; a member invited as an owner becomes one, an
 * owner invited as a member stays an owner: the higher role is kept) and audited, in one transaction. Refusals:
 * `not_found`, `invitation.revoked|used|expired`, `permission.denied` (another account).
 */
export async function joinWithInvitation(actor: Actor, input: LinkTokenInput): Promise<{ role: Role }> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  const invitation = await requireOpenInvitation(input.token);
  return prisma.$transaction(async (tx) => {
    const me = await tx.user.findUnique({ where: { id: actor.id }, select: { email: true } });
    if (!me?.email || me.email !== invitation.email) throw new AppError("permission.denied");
    const { role, orgId, orgRole } = await claimInvitation(tx, invitation.id);
    await tx.userRole.createMany({ data: [{ userId: actor.id, role }], skipDuplicates: true });
    await tx.membership.createMany({ data: [{ userId: actor.id, orgId, orgRole }], skipDuplicates: true });
    if (orgRole === "owner") {
      await tx.membership.updateMany({ where: { userId: actor.id, orgId, orgRole: "member" }, data: { orgRole: "owner" } });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invitation.accepted",
      entityType: "invitation",
      entityId: invitation.id,
      data: { orgId, orgRole },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "role.granted",
      entityType: "user",
      entityId: actor.id,
      data: { role, via: "invitation" },
    });
    return { role };
  });
}
