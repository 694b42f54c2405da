// Stripe's webhooks (ADR 027). The signature is checked on the raw body; then, in ONE transaction, the
// event's id is inserted into StripeEvent (a duplicate delivery finds it there, or waits for the delivery
// holding it and then finds it) and the event is applied to its order under the order's row lock. So
// duplicated, concurrent, shuffled and late deliveries, and the success redirect racing them, all end
// with the order's exact seats. Anything unexpected rolls the whole transaction back and answers 500, so
// Stripe delivers the event again.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { applyRefund } from "./apply-refund.server.ts";
import { fulfilCheckout, lockOrder, lockOrderOfSession, type LockedOrder } from "./fulfil-order.server.ts";
import {
  type ChargeFacts,
  ChargeSchema,
  type CheckoutSessionFacts,
  CheckoutSessionSchema,
  StripeEventSchema,
} from "./schemas.ts";
import { stripeClient, verifyWebhook } from "./stripe.server.ts";

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

/** The events fulfilment acts on; any other type is recorded as `ignored`. */
export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
] as const;

/** Receives one delivery. Never throws: the answer says what happened, with a status Stripe understands. */
export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookAnswer> {
  try {
    const event = StripeEventSchema.safeParse(verifyWebhook(rawBody, signature));
    if (!event.success) throw new AppError("webhook.event_invalid");
    const { id, type } = event.data;
    const object = event.data.data.object;
    const result = await handleEvent(id, type, object);
    return { status: 200, body: { received: true, ...result } };
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      return { status: error.status, body: { received: false, error: error.reason } };
    }
    // Logged without the body: it may name the payer.
    console.error("[payments] webhook failed", error instanceof Error ? error.message : error);
    return { status: 500, body: { received: false, error: "internal" } };
  }
}

type Handled = { duplicate: boolean; outcome: string; orderId?: string | null };

async function handleEvent(id: string, type: string, object: Record<string, unknown>): Promise<Handled> {
  if (type === "charge.refunded") return handleRefund(id, parse(ChargeSchema, object));
  const session = type.startsWith("checkout.session.") ? parse(CheckoutSessionSchema, object) : null;
  return prisma.$transaction(
    async (tx) => {
      if (!(await claimEvent(tx, id, type, session?.id ?? null))) return { duplicate: true, outcome: "duplicate" };
      let outcome = "ignored";
      let orderId: string | null = null;
      if (session && (type === "checkout.session.completed" || type === "checkout.session.async_payment_succeeded")) {
        const result = await fulfilCheckout(tx, session, "webhook");
        outcome = result.outcome;
        orderId = result.order.id;
      } else if (session && (type === "checkout.session.async_payment_failed" || type === "checkout.session.expired")) {
        const order = await lockOrderOfSession(tx, session);
        outcome = await markFailed(tx, order, type === "checkout.session.expired" ? "expired" : "payment_failed");
        orderId = order.id;
      }
      await tx.stripeEvent.update({ where: { id }, data: { outcome, orderId } });
      return { duplicate: false, outcome, orderId };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/**
 * A refund. The order is found by its payment intent; one whose payment this app has not recorded yet (the
 * refund overtook the checkout's own event) is looked up in Stripe first and fulfilled, then refunded.
 */
async function handleRefund(id: string, charge: ChargeFacts): Promise<Handled> {
  const paymentIntentId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!paymentIntentId) throw new AppError("payment.unknown_session");
  const known = await prisma.sponsorOrder.findUnique({ where: { paymentIntentId }, select: { id: true, status: true } });
  let session: CheckoutSessionFacts | null = null;
  if (!known || (known.status !== "paid" && known.status !== "refunded")) {
    const found = await stripeClient().checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 });
    const first = found.data[0];
    if (!first) throw new AppError("payment.unknown_session");
    session = parse(CheckoutSessionSchema, first);
  }
  return prisma.$transaction(
    async (tx) => {
      if (!(await claimEvent(tx, id, "charge.refunded", charge.id))) return { duplicate: true, outcome: "duplicate" };
      let order: LockedOrder | null = null;
      if (session) order = (await fulfilCheckout(tx, session, "webhook")).order;
      else order = await lockOrder(tx, known!.id);
      if (!order) throw new AppError("payment.unknown_session");
      const refund = await applyRefund(
        tx,
        await lockOrder(tx, order.id).then((o) => o!),
        { amountRefunded: charge.amount_refunded, currency: charge.currency },
        "webhook",
      );
      const outcome = refund.changed ? "refunded" : "refund_already_applied";
      await tx.stripeEvent.update({ where: { id }, data: { outcome, orderId: order.id } });
      return { duplicate: false, outcome, orderId: order.id };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/** Inserts the event's row; false when it is already there (committed by an earlier delivery). */
async function claimEvent(tx: Tx, id: string, type: string, objectId: string | null): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO "StripeEvent" (id, type, "objectId", outcome, "createdAt")
    VALUES (${id}, ${type}, ${objectId}, 'received', CURRENT_TIMESTAMP)
    ON CONFLICT (id) DO NOTHING
    RETURNING id`;
  return rows.length === 1;
}

/** Inside the order's lock: a checkout that failed or expired before it was paid. */
async function markFailed(tx: Tx, order: LockedOrder, why: "expired" | "payment_failed"): Promise<string> {
  if (order.status !== "pending" && order.status !== "processing") return "already_settled";
  await tx.sponsorOrder.update({ where: { id: order.id }, data: { status: "failed", failedAt: new Date() } });
  await recordAudit(tx, {
    actorId: null,
    action: "order.failed",
    entityType: "order",
    entityId: order.id,
    data: { orgId: order.orgId, why },
  });
  return "failed";
}

function parse<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("webhook.event_invalid");
  return result.data;
}
