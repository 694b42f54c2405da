// A sponsor orders seats (ADR 027): the order is written (with the course's current price) and audited
// in one transaction; then the checkout is opened with the payment provider, outside any transaction (a
// network call). An order whose checkout could not be opened stays `pending` and can be paid later from
// its page: opening it again reuses the same Stripe idempotency key, so it is the same session.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { holdPublishedCourse } from "#app/modules/courses/published.server.ts";
import { requireSponsorOrg } from "#app/modules/identity/org-access.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { listOpenCohorts } from "#app/modules/learning/order-seats.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { offlineSessionId, openCheckout } from "./open-checkout.server.ts";
import { type CreateOrderInput, MAX_SEATS_PER_ORDER } from "./schemas.ts";
import { paymentProvider } from "./stripe.server.ts";

export async function createOrder(actor: Actor, input: CreateOrderInput): Promise<{ orderId: string; redirectTo: string }> {
  // Another organisation's id is "not found" (ids cannot be probed), then the role must allow ordering.
  await requireSponsorOrg(actor, input.orgId);
  requirePermission(actor, "create:order", { orgId: input.orgId });
  if (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > MAX_SEATS_PER_ORDER)
    throw new AppError("order.seats_invalid", { field: "seats" });
  const provider = paymentProvider();
  const orderId = await prisma.$transaction(async (tx) => {
    // The course stays published until the order is written (a shared lock on its row).
    if (!(await holdPublishedCourse(tx, input.courseId))) throw new AppError("order.course_unavailable", { field: "courseId" });
    const price = await tx.seatPrice.findUnique({ where: { courseId: input.courseId } });
    if (!price) throw new AppError("order.course_unavailable", { field: "courseId" });
    if (input.cohortId) {
      const open = await listOpenCohorts([input.courseId], new Date(), tx);
      if (!open.some((c) => c.id === input.cohortId)) throw new AppError("order.cohort_unavailable", { field: "cohortId" });
    }
    const order = await tx.sponsorOrder.create({
      data: {
        orgId: input.orgId,
        courseId: input.courseId,
        cohortId: input.cohortId ?? null,
        seats: input.seats,
        unitAmountMinor: price.amountMinor,
        amountMinor: price.amountMinor * input.seats,
        currency: price.currency,
        rollOver: !input.keepInCohort,
        provider,
        createdById: actor.id,
      },
      select: { id: true },
    });
    // Offline orders have a session id of their own, so fulfilment treats both providers alike.
    if (provider === "offline")
      await tx.sponsorOrder.update({ where: { id: order.id }, data: { checkoutSessionId: offlineSessionId(order.id) } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "order.created",
      entityType: "order",
      entityId: order.id,
      data: {
        orgId: input.orgId,
        courseId: input.courseId,
        cohortId: input.cohortId ?? null,
        seats: input.seats,
        amountMinor: price.amountMinor * input.seats,
        currency: price.currency,
        provider,
      },
    });
    return order.id;
  });
  const { redirectTo } = await openCheckout(actor, { orderId });
  return { orderId, redirectTo };
}
