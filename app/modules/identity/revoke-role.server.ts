import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import type { Actor } from "./permissions.ts";
import type { RoleChangeInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin revokes a role; the person's sessions end so the change applies at once. It is a confirmed
 * action (ADR 015): without `confirm: "yes"` the operation refuses with `confirmation.required` (naming
 * the person and the role) and writes nothing. An admin cannot remove their own admin role
 * (`role.cannot_remove_own_admin`), so the platform is never left without the admin who was using it.
 * Revoking a role not held changes nothing and writes no audit row. Unknown account: `not_found`.
 */
export async function revokeRole(actor: Actor, input: RoleChangeInput): Promise<{ revoked: boolean }> {
  requirePermission(actor, "revoke:role:any");
  if (actor.id === input.userId && input.role === "admin") throw new AppError("role.cannot_remove_own_admin");
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, displayName: true, roles: { where: { role: input.role }, select: { id: true } } },
    });
    invariant(user);
    if (user.roles.length === 0) return { revoked: false };
    requireConfirmation(input, { name: user.displayName, role: input.role });
    const removed = await tx.userRole.deleteMany({ where: { userId: user.id, role: input.role } });
    if (removed.count === 0) return { revoked: false };
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "role.revoked",
      entityType: "user",
      entityId: user.id,
      data: { role: input.role },
    });
    return { revoked: true };
  });
}
