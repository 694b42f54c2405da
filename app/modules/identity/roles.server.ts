import type { Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/** An admin grants a role. Idempotent: granting a held role changes nothing and writes no audit row. */
export async function grantRole(options: { actorId: string; userId: string; role: Role }) {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: options.userId }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND");
    const held = await tx.userRole.findUnique({
      where: { userId_role: { userId: user.id, role: options.role } },
      select: { id: true },
    });
    if (held) return;
    await tx.userRole.create({
      data: { userId: user.id, role: options.role, grantedById: options.actorId },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "role.granted",
      entityType: "user",
      entityId: user.id,
      data: { role: options.role },
    });
  });
}

/** An admin revokes a role; the user's sessions end so the change applies at once. */
export async function revokeRole(options: { actorId: string; userId: string; role: Role }) {
  if (options.actorId === options.userId && options.role === "admin") {
    throw new AppError("BAD_REQUEST", "An admin cannot remove their own admin role");
  }
  await prisma.$transaction(async (tx) => {
    const removed = await tx.userRole.deleteMany({ where: { userId: options.userId, role: options.role } });
    if (removed.count === 0) return;
    await tx.session.deleteMany({ where: { userId: options.userId } });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "role.revoked",
      entityType: "user",
      entityId: options.userId,
      data: { role: options.role },
    });
  });
}

/**
 * Accounts for the admin users page. There is no learner directory (ARCHITECTURE.md "safety first"):
 * the list shows staff and partner accounts only; any single account is found by its exact email.
 */
export function listUsers(options: { email?: string }) {
  const email = options.email?.trim().toLowerCase();
  return prisma.user.findMany({
    where: email ? { email } : { roles: { some: { role: { in: ["educator", "verifier", "sponsor", "admin"] } } } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, displayName: true, status: true, createdAt: true, roles: { select: { role: true } } },
  });
}

export function getUserForAdmin(userId: string) {
  return prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      displayName: true,
      email: true,
      status: true,
      createdAt: true,
      roles: { select: { role: true } },
      memberships: { select: { org: { select: { name: true, kind: true } } } },
    },
  });
}
