import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { holdPublishedCourse } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { SetSeatPriceInput } from "./schemas.ts";

/**
 * An admin sets the price of one seat of a published course (minor units of a currency). Orders copy the
 * price when they are made, so a change never alters an order already placed.
 */
export async function setSeatPrice(actor: Actor, input: SetSeatPriceInput) {
  requirePermission(actor, "update:seat-price:any");
  return prisma.$transaction(async (tx) => {
    if (!(await holdPublishedCourse(tx, input.courseId))) throw new AppError("order.course_unavailable", { field: "courseId" });
    const price = await tx.seatPrice.upsert({
      where: { courseId: input.courseId },
      create: { courseId: input.courseId, amountMinor: input.amountMinor, currency: input.currency, updatedById: actor.id },
      update: { amountMinor: input.amountMinor, currency: input.currency, updatedById: actor.id },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "seat_price.set",
      entityType: "course",
      entityId: input.courseId,
      data: { amountMinor: input.amountMinor, currency: input.currency },
    });
    return price;
  });
}
