import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { WithdrawRequestInput } from "./schemas.ts";

/**
 * A learner withdraws their own waiting request. Another learner's request is answered as not found;
 * a request already allocated or withdrawn is refused. The row is locked, so an allocation at the same
 * moment either comes first (and this refuses) or waits and then finds it withdrawn.
 */
export async function withdrawRequest(actor: Actor, input: WithdrawRequestInput) {
  requirePermission(actor, "create:seat-request:own");
  return prisma.$transaction(async (tx) => {
    if (!(await lockRow(tx, "WaitlistEntry", input.entryId))) throw new AppError("not_found");
    const entry = await tx.waitlistEntry.findUniqueOrThrow({
      where: { id: input.entryId },
      select: { learnerId: true, courseId: true, status: true },
    });
    requirePermission(actor, "create:seat-request:own", { ownerId: entry.learnerId }, { hide: true });
    if (entry.status !== "waiting") throw new AppError("waitlist.not_waiting");
    await tx.waitlistEntry.update({ where: { id: input.entryId }, data: { status: "withdrawn", waiting: null } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "waitlist.withdrawn",
      entityType: "waitlist_entry",
      entityId: input.entryId,
      data: { courseId: entry.courseId },
    });
    return { id: input.entryId };
  });
}
