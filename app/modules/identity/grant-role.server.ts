import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { invariant } from "#app/utils/errors.ts";
import type { Actor } from "./permissions.ts";
import type { RoleChangeInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin grants a role. It is a confirmed action (ADR 015): without `confirm: "yes"` the operation
 * refuses with `confirmation.required` (naming the person and the role) and writes nothing. Granting a
 * held role changes nothing and writes no audit row, confirmed or not; two admins granting the same role
 * at once give one grant (the unique key on userId+role decides, without an error). Unknown account:
 * `not_found`. The change applies from the person's next request.
 */
export async function grantRole(actor: Actor, input: RoleChangeInput): Promise<{ granted: boolean }> {
  requirePermission(actor, "grant:role:any");
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, displayName: true, roles: { where: { role: input.role }, select: { id: true } } },
    });
    invariant(user);
    if (user.roles.length > 0) return { granted: false };
    requireConfirmation(input, { name: user.displayName, role: input.role });
    const created = await tx.userRole.createMany({
      data: [{ userId: user.id, role: input.role, grantedById: actor.id }],
      skipDuplicates: true,
    });
    if (created.count === 0) return { granted: false };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "role.granted",
      entityType: "user",
      entityId: user.id,
      data: { role: input.role },
    });
    return { granted: true };
  });
}
