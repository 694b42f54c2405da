import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireOwnEnrolment } from "./player.server.ts";

/**
 * The learner pauses their own ACTIVE enrolment: status paused, pausedAt now. The place in the cohort,
 * the seat and all progress are kept (paused enrolments count towards capacity). Confirmed: the first
 * post, without `confirm=yes`, refuses with `confirmation.required` after the checks and the page asks
 * (ADR 015). The Enrolment row is locked, so a pause racing a completion or a second pause is decided
 * by whoever comes first. Another learner's enrolment is not found.
 */
export async function pauseEnrolment(actor: Actor, input: { enrolmentId: string; confirm?: "yes" }) {
  return prisma.$transaction(async (tx) => {
    const own = await requireOwnEnrolment(actor, input.enrolmentId, "update:lesson-progress", tx);
    await lockRow(tx, "Enrolment", own.id);
    const { status } = await tx.enrolment.findUniqueOrThrow({ where: { id: own.id }, select: { status: true } });
    if (status !== "active") throw new AppError("enrolment.not_active", { key: "pause.reason_not_active" });
    requireConfirmation(input);
    const pausedAt = new Date();
    await tx.enrolment.update({ where: { id: own.id }, data: { status: "paused", pausedAt }, select: { id: true } });
    await recordAudit(tx, { actorId: actor.id, action: "enrolment.paused", entityType: "enrolment", entityId: own.id });
    return { enrolmentId: own.id, pausedAt };
  });
}
