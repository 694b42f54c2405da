// Fulfilment (ADR 027): a paid checkout becomes exactly its order's seats, once, however often and in
// whatever order it is reported (webhook events, the success redirect, the offline checkout, the
// reconciliation). The order row is locked for the whole transaction: the first report creates the
// seats, marks the order paid and writes the audit row in one commit; every later one finds it paid.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { createOrderSeats } from "#app/modules/learning/order-seats.server.ts";
import { type Prisma, lockRow, type Tx } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { enqueueJob } from "#app/utils/jobs.server.ts";
import type { CheckoutSessionFacts } from "./schemas.ts";

/** After seats arrive: auto-allocation fills the course's cohorts from the waitlist ({ orderId }). */
export const SEATS_ADDED_JOB = "sponsorship.seats-added";

/** Who reported the payment (kept in the audit row). */
export type FulfilmentSource = "webhook" | "redirect" | "offline" | "reconcile";

export type FulfilOutcome = "fulfilled" | "already_paid" | "processing";

export type LockedOrder = {
  id: string;
  orgId: string;
  courseId: string;
  cohortId: string | null;
  seats: number;
  amountMinor: number;
  unitAmountMinor: number;
  currency: string;
  rollOver: boolean;
  status: "pending" | "processing" | "paid" | "failed" | "refunded";
  checkoutSessionId: string | null;
  paymentIntentId: string | null;
  seatsCreated: number;
  seatsRemoved: number;
  seatsKept: number;
  refundedAmountMinor: number;
  createdById: string | null;
};

const ORDER_FIELDS = {
  id: true,
  orgId: true,
  courseId: true,
  cohortId: true,
  seats: true,
  amountMinor: true,
  unitAmountMinor: true,
  currency: true,
  rollOver: true,
  status: true,
  checkoutSessionId: true,
  paymentIntentId: true,
  seatsCreated: true,
  seatsRemoved: true,
  seatsKept: true,
  refundedAmountMinor: true,
  createdById: true,
} as const;

/** Inside a transaction: locks an order's row and reads it (null for an unknown id). */
export async function lockOrder(tx: Tx, orderId: string): Promise<LockedOrder | null> {
  if (!(await lockRow(tx, "SponsorOrder", orderId))) return null;
  return tx.sponsorOrder.findUniqueOrThrow({ where: { id: orderId }, select: ORDER_FIELDS });
}

/** The order a checkout session belongs to: its metadata names it, and the order must name the session back. */
export async function lockOrderOfSession(tx: Tx, session: CheckoutSessionFacts): Promise<LockedOrder> {
  const orderId = session.metadata?.orderId ?? session.client_reference_id ?? null;
  const order = orderId && /^[a-z0-9]{10,40}$/i.test(orderId) ? await lockOrder(tx, orderId) : null;
  if (!order || order.checkoutSessionId !== session.id) throw new AppError("payment.unknown_session");
  return order;
}

export function paymentIntentOf(session: Pick<CheckoutSessionFacts, "payment_intent">): string | null {
  const pi = session.payment_intent;
  return typeof pi === "string" ? pi : (pi?.id ?? null);
}

/**
 * Inside a transaction: applies a checkout session's state to its order. A paid session creates the
 * order's seats (once: a paid order is left as it is), a complete but unpaid one (a bank debit on its way)
 * marks the order processing. The amount and the currency must be the order's, or nothing changes
 * (`payment.amount_mismatch`). Queues auto-allocation in the same commit.
 */
export async function fulfilCheckout(
  tx: Tx,
  session: CheckoutSessionFacts,
  source: FulfilmentSource,
  actorId: string | null = null,
): Promise<{ outcome: FulfilOutcome; order: LockedOrder }> {
  const order = await lockOrderOfSession(tx, session);
  if (order.status === "paid" || order.status === "refunded") return { outcome: "already_paid", order };
  if ((session.currency ?? "").toLowerCase() !== order.currency) throw new AppError("payment.currency_mismatch");
  if (session.amount_total !== order.amountMinor) throw new AppError("payment.amount_mismatch");
  const paymentIntentId = paymentIntentOf(session);
  if (session.payment_status !== "paid" && session.payment_status !== "no_payment_required") {
    if (order.status === "pending") {
      await tx.sponsorOrder.update({ where: { id: order.id }, data: { status: "processing", paymentIntentId } });
      await recordAudit(tx, {
        actorId,
        action: "order.processing",
        entityType: "order",
        entityId: order.id,
        data: { orgId: order.orgId, source },
      });
    }
    return { outcome: "processing", order };
  }
  const made = await createOrderSeats(tx, {
    orderId: order.id,
    courseId: order.courseId,
    cohortId: order.cohortId,
    count: order.seats,
    rollOver: order.rollOver,
    createdById: order.createdById,
  });
  await testPause();
  const paidAt = new Date();
  await tx.sponsorOrder.update({
    where: { id: order.id },
    data: {
      status: "paid",
      paidAt,
      seatsCreated: made,
      paymentIntentId,
      receipt: receiptOf(session, paidAt) as Prisma.InputJsonObject,
    },
  });
  await recordAudit(tx, {
    actorId,
    action: "order.paid",
    entityType: "order",
    entityId: order.id,
    data: { orgId: order.orgId, courseId: order.courseId, cohortId: order.cohortId, seats: made, source },
  });
  await enqueueJob(tx, SEATS_ADDED_JOB, { orderId: order.id });
  return { outcome: "fulfilled", order: { ...order, status: "paid", seatsCreated: made, paymentIntentId } };
}

/** What the receipt shows of the payment: Stripe's facts, never card details. */
function receiptOf(session: CheckoutSessionFacts, paidAt: Date) {
  return {
    sessionId: session.id,
    paymentIntentId: paymentIntentOf(session),
    amountTotal: session.amount_total ?? null,
    currency: session.currency ?? null,
    payerEmail: session.customer_details?.email ?? null,
    payerName: session.customer_details?.name ?? null,
    paidAt: paidAt.toISOString(),
  };
}

/** Tests only (refused in production by env.server.ts): hold the transaction open so a test can kill the process. */
async function testPause() {
  const ms = getEnv().PAYMENTS_TEST_FULFIL_DELAY_MS;
  if (ms > 0) {
    console.log("[payments] fulfilment paused before commit");
    await new Promise((r) => setTimeout(r, ms));
  }
}
