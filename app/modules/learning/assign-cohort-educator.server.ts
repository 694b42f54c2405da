import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { holdActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { AssignCohortEducatorInput } from "./schemas.ts";

/**
 * An admin assigns an active educator (approved, not suspended: the educators module decides) to teach
 * a cohort. Assigning someone who already teaches it changes nothing and writes no audit row; two
 * admins assigning the same educator at once give one assignment (the unique key decides). The educator
 * is held active for the transaction (educators' holdActiveEducator), so a suspension at the same moment
 * either comes first and refuses the assignment, or waits for it.
 */
export async function assignCohortEducator(actor: Actor, input: Omit<AssignCohortEducatorInput, "intent">) {
  requirePermission(actor, "update:cohort:any");
  return prisma.$transaction(async (tx) => {
    const cohort = await tx.cohort.findUnique({ where: { id: input.cohortId }, select: { id: true } });
    if (!cohort) throw new AppError("cohort.unavailable", { field: "cohortId" });
    if (!(await holdActiveEducator(tx, input.userId))) throw new AppError("educator.unavailable", { field: "userId" });
    // ON CONFLICT DO NOTHING on (cohortId, userId): the loser of a race inserts nothing.
    const { count } = await tx.cohortEducator.createMany({
      data: [{ cohortId: cohort.id, userId: input.userId }],
      skipDuplicates: true,
    });
    if (count === 0) return { assigned: false };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "cohort.educator_assigned",
      entityType: "cohort",
      entityId: cohort.id,
      data: { userId: input.userId },
    });
    return { assigned: true };
  });
}
