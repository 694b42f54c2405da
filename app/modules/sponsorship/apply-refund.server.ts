// Refunds (ADR 027): a refund of an order's payment removes as many of its seats as the refunded amount
// paid for, unused ones only; seats already allocated to a learner are kept, and counted on the order
// (seatsKept) for the programme staff. Stripe reports the refunded amount so far, so applying the same
// charge twice, or an older report after a newer one, changes nothing.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { removeUnusedOrderSeats } from "#app/modules/learning/order-seats.server.ts";
import type { Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { LockedOrder } from "./fulfil-order.server.ts";

export type RefundOutcome = { removed: number; kept: number; changed: boolean };

/** Seats that a refunded amount pays back: whole seats only; a full refund returns them all. */
export function seatsRefunded(order: Pick<LockedOrder, "seats" | "unitAmountMinor" | "amountMinor">, refunded: number) {
  if (refunded >= order.amountMinor) return order.seats;
  if (order.unitAmountMinor <= 0) return 0;
  return Math.min(order.seats, Math.floor(refunded / order.unitAmountMinor));
}

/** Inside a transaction holding the order's lock: applies the refunded amount so far. */
export async function applyRefund(
  tx: Tx,
  order: LockedOrder,
  charge: { amountRefunded: number; currency: string },
  source: "webhook" | "reconcile",
): Promise<RefundOutcome> {
  if (charge.currency.toLowerCase() !== order.currency) throw new AppError("payment.currency_mismatch");
  if (charge.amountRefunded <= order.refundedAmountMinor) return { removed: 0, kept: 0, changed: false };
  if (order.status !== "paid" && order.status !== "refunded") throw new AppError("payment.not_paid");
  const target = seatsRefunded(order, charge.amountRefunded);
  const toCancel = Math.max(0, target - (order.seatsRemoved + order.seatsKept));
  const removed = await removeUnusedOrderSeats(tx, order.id, toCancel);
  const kept = toCancel - removed;
  const full = charge.amountRefunded >= order.amountMinor;
  await tx.sponsorOrder.update({
    where: { id: order.id },
    data: {
      refundedAmountMinor: charge.amountRefunded,
      seatsRemoved: { increment: removed },
      seatsKept: { increment: kept },
      refundedAt: new Date(),
      ...(full ? { status: "refunded" as const } : {}),
    },
  });
  await recordAudit(tx, {
    actorId: null,
    action: "order.refunded",
    entityType: "order",
    entityId: order.id,
    data: { orgId: order.orgId, amountRefunded: charge.amountRefunded, removed, kept, full, source },
  });
  return { removed, kept, changed: true };
}
