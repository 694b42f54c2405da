import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { notify } from "#app/utils/mailer.server.ts";
import type { DecideApplicationInput } from "./schemas.ts";
import { decisionOf } from "./statuses.ts";

/**
 * An admin approves, rejects or asks for more information, always with a reason the applicant reads.
 * `input.status` is the status the admin saw: the update is conditional on it, so of two admins deciding
 * at the same moment exactly one decision, one audit row and one email are recorded; the other is told
 * `application.already_decided` (same decision) or `application.changed` (409). The applicant gets a
 * neutral notice ("you have an update": in the app, and by email to a confirmed address), never the
 * decision itself.
 */
export async function decideApplication(actor: Actor, input: DecideApplicationInput) {
  requirePermission(actor, "vet:educator-application:any");
  const decision = decisionOf(input.intent);
  const app = await prisma.educatorApplication.findUnique({
    where: { id: input.applicationId },
    select: { id: true, userId: true, status: true },
  });
  if (!app) throw new AppError("not_found");
  if (input.status === decision) throw new AppError("application.already_decided");
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.educatorApplication.updateMany({
      where: { id: app.id, status: input.status },
      data: { status: decision, decisionReason: input.reason, decidedById: actor.id, decidedAt: new Date() },
    });
    if (count !== 1) {
      const now = await tx.educatorApplication.findUnique({ where: { id: app.id }, select: { status: true } });
      if (!now) throw new AppError("not_found");
      throw new AppError(now.status === decision ? "application.already_decided" : "application.changed");
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "educator_application.decided",
      entityType: "educator_application",
      entityId: app.id,
      data: { decision, from: input.status },
    });
    return notify(tx, app.userId, "/teach");
  });
  return { decision };
}
