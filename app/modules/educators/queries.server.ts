// Reads of the educators module (applications and vetting status). Other modules use these, never the
// EducatorApplication table: "who may author or teach" has exactly one home, here.
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/** Approved and not suspended: the only educators who author courses and teach cohorts. */
export async function isActiveEducator(userId: string): Promise<boolean> {
  const app = await prisma.educatorApplication.findUnique({ where: { userId }, select: { status: true, suspendedAt: true } });
  return app?.status === "approved" && !app.suspendedAt;
}

/** Refuses (403 `educator.not_active`) anyone who is not an active educator. */
export async function requireActiveEducator(actor: Pick<Actor, "id" | "roles">): Promise<void> {
  if (!actor.roles.includes("educator") || !(await isActiveEducator(actor.id))) throw new AppError("educator.not_active");
}

/** Of these users, the ones who are active educators. */
export async function filterActiveEducators(userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await prisma.educatorApplication.findMany({
    where: { userId: { in: [...userIds] }, status: "approved", suspendedAt: null },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}

/** Applications waiting for a first decision (the admin overview). */
export function countPendingApplications(): Promise<number> {
  return prisma.educatorApplication.count({ where: { status: "pending" } });
}
