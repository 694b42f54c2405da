// Reconciliation (ADR 027, `npm run payments:reconcile [--apply]`): every complete Checkout Session in
// Stripe is compared with its order and the order's seats here. Drift is reported; with `apply`, a paid
// session whose order was never fulfilled is fulfilled (the same code as the webhook), missing seats of a
// paid order are made, and an unapplied refund is applied. Seats an enrolment uses are never removed.
import { countOrderSeats, createOrderSeats, removeUnusedOrderSeats } from "#app/modules/learning/order-seats.server.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { applyRefund } from "./apply-refund.server.ts";
import { fulfilCheckout, lockOrder, paymentIntentOf } from "./fulfil-order.server.ts";
import { ChargeSchema, type CheckoutSessionFacts, CheckoutSessionSchema } from "./schemas.ts";
import { stripeClient } from "./stripe.server.ts";

export type DriftKind =
  | "unknown_order" // a paid session names no order of ours (or an order that names another session)
  | "unfulfilled" // paid in Stripe, not paid here
  | "seats_missing" // paid here with fewer seats than it should hold
  | "seats_extra" // more seats than it should hold
  | "refund_unapplied" // Stripe refunded more than this order records
  | "amount_mismatch"; // the session's amount or currency is not the order's

export type Drift = {
  kind: DriftKind;
  sessionId: string;
  orderId: string | null;
  expected?: number;
  actual?: number;
  fixed: boolean;
};

export type ReconcileReport = { sessions: number; checked: number; drift: Drift[] };

export async function reconcilePayments(
  options: { apply?: boolean; onStart?: (total: number) => void; onProgress?: (sessionId: string, drift: number) => void } = {},
): Promise<ReconcileReport> {
  const stripe = stripeClient();
  // Listed first (auto-paginated), so the progress bar knows its length.
  const sessions: unknown[] = [];
  for await (const raw of stripe.checkout.sessions.list({ status: "complete", limit: 100 })) sessions.push(raw);
  options.onStart?.(sessions.length);
  const report: ReconcileReport = { sessions: sessions.length, checked: 0, drift: [] };
  for (const raw of sessions) {
    const parsed = CheckoutSessionSchema.safeParse(raw);
    const id = parsed.success ? parsed.data.id : "?";
    if (!parsed.success || (parsed.data.payment_status !== "paid" && parsed.data.payment_status !== "no_payment_required")) {
      options.onProgress?.(id, 0);
      continue;
    }
    report.checked += 1;
    const drift = await checkSession(parsed.data, options.apply ?? false);
    report.drift.push(...drift);
    options.onProgress?.(id, drift.length);
  }
  return report;
}

async function checkSession(session: CheckoutSessionFacts, apply: boolean): Promise<Drift[]> {
  const orderId = session.metadata?.orderId ?? session.client_reference_id ?? null;
  const order =
    orderId && /^[a-z0-9]{10,40}$/i.test(orderId) ? await prisma.sponsorOrder.findUnique({ where: { id: orderId } }) : null;
  if (!order || order.checkoutSessionId !== session.id)
    return [{ kind: "unknown_order", sessionId: session.id, orderId, fixed: false }];
  if (session.amount_total !== order.amountMinor || (session.currency ?? "").toLowerCase() !== order.currency)
    return [{ kind: "amount_mismatch", sessionId: session.id, orderId: order.id, fixed: false }];
  const found: Drift[] = [];
  if (order.status !== "paid" && order.status !== "refunded") {
    if (apply) await prisma.$transaction((tx) => fulfilCheckout(tx, session, "reconcile"));
    found.push({ kind: "unfulfilled", sessionId: session.id, orderId: order.id, fixed: apply });
  }
  // Refunds Stripe knows of.
  const paymentIntentId = paymentIntentOf(session);
  if (paymentIntentId) {
    const charges = await stripeClient().charges.list({ payment_intent: paymentIntentId, limit: 10 });
    const refunded = charges.data.reduce((sum, c) => sum + (ChargeSchema.safeParse(c).data?.amount_refunded ?? 0), 0);
    if (refunded > order.refundedAmountMinor) {
      if (apply)
        await prisma.$transaction(async (tx) => {
          const locked = await lockOrder(tx, order.id);
          if (locked) await applyRefund(tx, locked, { amountRefunded: refunded, currency: order.currency }, "reconcile");
        });
      found.push({
        kind: "refund_unapplied",
        sessionId: session.id,
        orderId: order.id,
        expected: refunded,
        actual: order.refundedAmountMinor,
        fixed: apply,
      });
    }
  }
  // The seats it should hold once every fix above is in.
  const fixedSeats = await prisma.$transaction(async (tx) => {
    const locked = await lockOrder(tx, order.id);
    if (!locked || (locked.status !== "paid" && locked.status !== "refunded")) return null;
    const expected = locked.seats - locked.seatsRemoved;
    const actual = (await countOrderSeats([locked.id], tx)).get(locked.id)?.total ?? 0;
    if (actual === expected) return null;
    const drift: Drift = {
      kind: actual < expected ? "seats_missing" : "seats_extra",
      sessionId: session.id,
      orderId: locked.id,
      expected,
      actual,
      fixed: false,
    };
    if (apply && actual < expected) {
      await createOrderSeats(tx, {
        orderId: locked.id,
        courseId: locked.courseId,
        cohortId: locked.cohortId,
        count: expected - actual,
        rollOver: locked.rollOver,
        createdById: null,
      });
      await recordAudit(tx, {
        actorId: null,
        action: "order.paid",
        entityType: "order",
        entityId: locked.id,
        data: { orgId: locked.orgId, seats: expected - actual, source: "reconcile" },
      });
      drift.fixed = true;
    } else if (apply) {
      // Extra seats (none should ever exist): the unused ones go; those in use stay.
      const removed = await removeUnusedOrderSeats(tx, locked.id, actual - expected);
      drift.fixed = removed === actual - expected;
    }
    return drift;
  });
  if (fixedSeats) found.push(fixedSeats);
  return found;
}
