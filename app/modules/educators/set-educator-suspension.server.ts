import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { getDisplayNames } from "#app/modules/identity/queries.server.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { EducatorSuspensionInput } from "./schemas.ts";

/**
 * An admin suspends an approved educator, or reinstates a suspended one, with a reason kept in the audit
 * log. Suspension ends their authoring and teaching (requireActiveEducator); their courses stay. Only an
 * approved educator can be suspended (`educator.not_approved` otherwise). Both are confirmed actions
 * (ADR 015): without `confirm: "yes"` the operation refuses with `confirmation.required` (naming the
 * educator) and writes nothing. The change is conditional on the current state, so asking twice (or two
 * admins at once) records one change and one audit row; the second request changes nothing and reports
 * `changed: false` (without asking for a confirmation: there is nothing left to confirm).
 */
export async function setEducatorSuspension(actor: Actor, input: EducatorSuspensionInput) {
  requirePermission(actor, "suspend:educator:any");
  const suspend = input.intent === "suspend";
  // Read before the transaction: embedded PGlite has one connection, which the transaction holds.
  const name = (await getDisplayNames([input.userId])).get(input.userId) ?? "";
  return prisma.$transaction(async (tx) => {
    const app = await tx.educatorApplication.findUnique({
      where: { userId: input.userId },
      select: { id: true, status: true, suspendedAt: true },
    });
    if (!app) throw new AppError("not_found");
    if (app.status !== "approved") throw new AppError("educator.not_approved");
    if (suspend === Boolean(app.suspendedAt)) return { changed: false };
    requireConfirmation(input, { name });
    const { count } = await tx.educatorApplication.updateMany({
      where: { id: app.id, status: "approved", suspendedAt: suspend ? null : { not: null } },
      data: { suspendedAt: suspend ? new Date() : null },
    });
    if (count !== 1) {
      const now = await tx.educatorApplication.findUniqueOrThrow({ where: { id: app.id }, select: { status: true } });
      if (now.status !== "approved") throw new AppError("educator.not_approved");
      return { changed: false };
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: suspend ? "educator.suspended" : "educator.reinstated",
      entityType: "user",
      entityId: input.userId,
      data: { why: input.reason },
    });
    return { changed: true };
  });
}
