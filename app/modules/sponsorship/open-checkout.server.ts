// Opening an order's checkout (ADR 027). With Stripe: a Checkout Session for the order's seats (quantity =
// seats, the order's id in its metadata and its payment intent's, idempotency key per order), and the
// sponsor is sent to Stripe's page. Offline: the local checkout page. A repeat (a double click, a retry
// after Stripe failed) reuses the session: the idempotency key makes Stripe answer with the same one.
import type Stripe from "stripe";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { getCourseLabels } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { OrderIdInput } from "./schemas.ts";
import { stripeClient } from "./stripe.server.ts";

export function orderPath(orderId: string) {
  return `/sponsor/orders/${orderId}`;
}

/** The checkout session id of an order paid through the offline provider. */
export function offlineSessionId(orderId: string) {
  return `offline_${orderId}`;
}

/** The idempotency key of an order's Checkout Session. */
export function checkoutIdempotencyKey(orderId: string) {
  return `waystone-order-${orderId}`;
}

/** The order, if the actor is a member of its organisation (anything else: not found). */
export async function findOwnOrder(actor: Actor, orderId: string) {
  const order = await prisma.sponsorOrder.findUnique({ where: { id: orderId } });
  if (!order || !actor.orgIds.includes(order.orgId)) throw new AppError("not_found");
  return order;
}

export async function openCheckout(actor: Actor, input: OrderIdInput): Promise<{ redirectTo: string }> {
  const order = await findOwnOrder(actor, input.orderId);
  requirePermission(actor, "create:order", { orgId: order.orgId });
  if (order.status !== "pending") return { redirectTo: orderPath(order.id) };
  if (order.provider === "offline") return { redirectTo: `${orderPath(order.id)}/checkout` };
  if (order.checkoutUrl) return { redirectTo: order.checkoutUrl };
  const origin = getEnv().APP_ORIGIN;
  const title = (await getCourseLabels([order.courseId])).get(order.courseId)?.title ?? "Course";
  let session: Stripe.Checkout.Session;
  try {
    session = await stripeClient().checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: order.seats,
            price_data: {
              currency: order.currency,
              unit_amount: order.unitAmountMinor,
              product_data: { name: `${title}: seat` },
            },
          },
        ],
        client_reference_id: order.id,
        metadata: { orderId: order.id },
        payment_intent_data: { metadata: { orderId: order.id } },
        success_url: `${origin}${orderPath(order.id)}/return?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${origin}${orderPath(order.id)}?cancelled=1`,
      },
      { idempotencyKey: checkoutIdempotencyKey(order.id) },
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    console.error("[payments] checkout session not created", error instanceof Error ? error.message : error);
    throw new AppError("payment.provider_failed");
  }
  if (!session.url) throw new AppError("payment.provider_failed");
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.sponsorOrder.updateMany({
      where: { id: order.id, checkoutSessionId: null },
      data: { checkoutSessionId: session.id, checkoutUrl: session.url },
    });
    if (count === 1) {
      await recordAudit(tx, {
        actorId: actor.id,
        action: "order.checkout_opened",
        entityType: "order",
        entityId: order.id,
        data: { orgId: order.orgId, sessionId: session.id },
      });
    }
  });
  return { redirectTo: session.url };
}
