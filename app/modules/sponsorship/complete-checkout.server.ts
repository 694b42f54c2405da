// The two ways a sponsor's browser reports a payment (ADR 027), both through fulfilCheckout, the same code
// as the webhook, so whichever arrives first creates the seats and the other finds them:
// - the success redirect from Stripe's page: the session is retrieved from Stripe (the browser's word
//   is never taken for a payment);
// - the offline provider's local checkout page, when no Stripe keys are set.
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { fulfilCheckout } from "./fulfil-order.server.ts";
import { findOwnOrder, offlineSessionId, orderPath } from "./open-checkout.server.ts";
import { type CheckoutReturnInput, CheckoutSessionSchema, type OrderIdInput } from "./schemas.ts";
import { paymentProvider, stripeClient } from "./stripe.server.ts";

/** Back from Stripe's checkout: fulfils the order if Stripe says the session is paid, then shows the order. */
export async function confirmCheckoutReturn(actor: Actor, input: CheckoutReturnInput): Promise<{ redirectTo: string }> {
  const order = await findOwnOrder(actor, input.orderId);
  requirePermission(actor, "read:order", { orgId: order.orgId });
  const done = { redirectTo: orderPath(order.id) };
  if (order.status === "paid" || order.status === "refunded" || order.provider !== "stripe") return done;
  if (!order.checkoutSessionId || order.checkoutSessionId !== input.sessionId) return done;
  let retrieved: unknown;
  try {
    retrieved = await stripeClient().checkout.sessions.retrieve(input.sessionId);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The webhook will still come: the order page says the payment is being confirmed.
    console.error("[payments] session not retrieved on return", error instanceof Error ? error.message : error);
    return done;
  }
  const session = CheckoutSessionSchema.safeParse(retrieved);
  if (!session.success || session.data.status !== "complete") return done;
  await prisma.$transaction((tx) => fulfilCheckout(tx, session.data, "redirect", actor.id), { timeout: 30_000, maxWait: 30_000 });
  return done;
}

/** The offline provider's "pay" button: completes the order as a paid checkout would (no money moves). */
export async function completeOfflineCheckout(actor: Actor, input: OrderIdInput): Promise<{ redirectTo: string }> {
  const order = await findOwnOrder(actor, input.orderId);
  requirePermission(actor, "create:order", { orgId: order.orgId });
  // Never while real payments are configured: an offline order could then be had without paying.
  if (order.provider !== "offline" || paymentProvider() !== "offline") throw new AppError("payment.offline_unavailable");
  if (order.status !== "pending") return { redirectTo: orderPath(order.id) };
  await prisma.$transaction((tx) =>
    fulfilCheckout(
      tx,
      {
        id: offlineSessionId(order.id),
        object: "checkout.session",
        status: "complete",
        payment_status: "paid",
        amount_total: order.amountMinor,
        currency: order.currency,
        client_reference_id: order.id,
        metadata: { orderId: order.id },
        payment_intent: null,
      },
      "offline",
      actor.id,
    ),
  );
  return { redirectTo: `${orderPath(order.id)}?paid=1` };
}
