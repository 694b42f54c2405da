import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { RecordVolunteerHoursInput } from "./schemas.ts";

/**
 * An admin adds volunteer hours to an educator's record for one cohort they teach. The increment is
 * one conditional statement, so concurrent records add up and an unknown assignment writes nothing.
 * Hours can still be recorded after a suspension: they are a record of work done.
 */
export async function recordVolunteerHours(actor: Actor, input: Omit<RecordVolunteerHoursInput, "intent">) {
  requirePermission(actor, "update:cohort:any");
  const { cohortId, userId } = input.assignment;
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.cohortEducator.updateMany({
      where: { cohortId, userId },
      data: { volunteerHours: { increment: input.hours } },
    });
    if (count !== 1) throw new AppError("cohort.assignment_missing", { field: "assignment" });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "volunteer_hours.recorded",
      entityType: "cohort",
      entityId: cohortId,
      data: { userId, hours: input.hours },
    });
  });
}
