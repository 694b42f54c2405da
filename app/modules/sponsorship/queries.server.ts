// What the sponsor pages and the admins' sponsorship page read. A sponsor reads only its own
// organisations' orders (an order of another organisation is "not found"); nothing here ever names or
// counts a learner below k = 11 (orders show "in use" only as "fewer than 11" until it reaches 11).
import { getCourseLabels } from "#app/modules/courses/published.server.ts";
import { listPublishedCourseOptions } from "#app/modules/courses/queries.server.ts";
import { requireSponsorOrg } from "#app/modules/identity/org-access.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { getOrganisationNames, listOwnOrganisations } from "#app/modules/identity/queries.server.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { countOrderSeats, getCohortNames, listOpenCohorts } from "#app/modules/learning/order-seats.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { findOwnOrder } from "./open-checkout.server.ts";
import { CURRENCY_CODES } from "./schemas.ts";
import { paymentProvider } from "./stripe.server.ts";

/** The smallest group of learners a sponsor may see counted (smaller counts read "fewer than 11"). */
export const K_ANONYMITY = 11;

/**
 * A count of learners as a sponsor may see it: null stands for "fewer than 11" (0 included: a shown 0 would
 * make "fewer than 11" mean "1 to 10", exact beside a small number the sponsor knows).
 */
export function suppressedCount(n: number): number | null {
  return n < K_ANONYMITY ? null : n;
}

const ORDER_LIST_LIMIT = 100;

const ORDER_ROW = {
  id: true,
  orgId: true,
  courseId: true,
  cohortId: true,
  seats: true,
  amountMinor: true,
  currency: true,
  status: true,
  provider: true,
  createdAt: true,
  paidAt: true,
  refundedAmountMinor: true,
} as const;

/** The sponsor's home: each of its organisations with its latest orders and seat pools. */
export async function getSponsorHome(actor: Actor) {
  requirePermission(actor, "read:order:org");
  const orgs = await listOwnOrganisations(actor, "sponsor");
  const orders = await prisma.sponsorOrder.findMany({
    where: { orgId: { in: orgs.map((o) => o.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: ORDER_LIST_LIMIT,
    select: ORDER_ROW,
  });
  const [labels, cohorts, seats] = await Promise.all([
    getCourseLabels(orders.map((o) => o.courseId)),
    getCohortNames(orders.flatMap((o) => (o.cohortId ? [o.cohortId] : []))),
    countOrderSeats(orders.map((o) => o.id)),
  ]);
  const rows = orders.map((o) => ({
    ...o,
    courseTitle: labels.get(o.courseId)?.title ?? labels.get(o.courseId)?.slug ?? "—",
    cohortName: o.cohortId ? (cohorts.get(o.cohortId) ?? null) : null,
    // After a refund the seats left are those kept because learners use them: a count of learners.
    seatsHeld: o.refundedAmountMinor > 0 ? null : (seats.get(o.id)?.total ?? 0),
  }));
  return {
    provider: paymentProvider(),
    orgs: orgs.map((org) => ({ ...org, orders: rows.filter((r) => r.orgId === org.id) })),
  };
}

/** The order form: the organisation, the priced published courses and their cohorts still open. */
export async function getOrderForm(actor: Actor, orgId: string) {
  const org = await requireSponsorOrg(actor, orgId);
  requirePermission(actor, "create:order", { orgId });
  const [courses, prices] = await Promise.all([listPublishedCourseOptions(), prisma.seatPrice.findMany()]);
  const priceOf = new Map(prices.map((p) => [p.courseId, p]));
  const priced = courses.flatMap((c) => {
    const p = priceOf.get(c.id);
    return p ? [{ ...c, amountMinor: p.amountMinor, currency: p.currency }] : [];
  });
  const cohorts = await listOpenCohorts(priced.map((c) => c.id));
  return { org, courses: priced, cohorts, provider: paymentProvider() };
}

/** One order, for a member of its organisation: its status, amounts, seats and receipt. */
export async function getOrderForSponsor(actor: Actor, orderId: string) {
  const order = await findOwnOrder(actor, orderId);
  requirePermission(actor, "read:order", { orgId: order.orgId });
  const org = await requireSponsorOrg(actor, order.orgId);
  const [labels, cohorts, seats] = await Promise.all([
    getCourseLabels([order.courseId]),
    getCohortNames(order.cohortId ? [order.cohortId] : []),
    countOrderSeats([order.id]),
  ]);
  const held = seats.get(order.id) ?? { total: 0, used: 0 };
  const receipt = (order.receipt ?? null) as null | {
    sessionId?: string;
    paymentIntentId?: string | null;
    amountTotal?: number | null;
    currency?: string | null;
    payerEmail?: string | null;
    payerName?: string | null;
    paidAt?: string;
  };
  return {
    org,
    order: {
      id: order.id,
      status: order.status,
      provider: order.provider,
      seats: order.seats,
      unitAmountMinor: order.unitAmountMinor,
      amountMinor: order.amountMinor,
      currency: order.currency,
      rollOver: order.rollOver,
      createdAt: order.createdAt,
      paidAt: order.paidAt,
      failedAt: order.failedAt,
      refundedAmountMinor: order.refundedAmountMinor,
      refundedAt: order.refundedAt,
      courseTitle: labels.get(order.courseId)?.title ?? labels.get(order.courseId)?.slug ?? "—",
      cohortName: order.cohortId ? (cohorts.get(order.cohortId) ?? null) : null,
      // Seats in the pool; how many are in use is a count of learners: suppressed below k.
      // After a refund the seats left are mostly those kept because learners use them: not shown.
      seatsHeld: order.refundedAmountMinor > 0 ? null : held.total,
      seatsInUse: suppressedCount(held.used),
      canPay: order.status === "pending",
    },
    receipt: receipt
      ? {
          reference: receipt.paymentIntentId ?? receipt.sessionId ?? order.id,
          amountTotal: receipt.amountTotal ?? order.amountMinor,
          currency: receipt.currency ?? order.currency,
          payerEmail: receipt.payerEmail ?? null,
          payerName: receipt.payerName ?? null,
          paidAt: receipt.paidAt ?? order.paidAt?.toISOString() ?? null,
        }
      : null,
  };
}

/** The offline checkout page of an order (only while no Stripe keys are set). */
export async function getOfflineCheckout(actor: Actor, orderId: string) {
  const page = await getOrderForSponsor(actor, orderId);
  if (page.order.provider !== "offline" || paymentProvider() !== "offline") throw new AppError("not_found");
  return page;
}

/** The admins' sponsorship page: seat prices per published course and the latest orders of every sponsor. */
export async function getSponsorshipAdmin(actor: Actor) {
  requirePermission(actor, "read:seat-price:any");
  requirePermission(actor, "read:order:any");
  const [courses, prices, orders] = await Promise.all([
    listPublishedCourseOptions(),
    prisma.seatPrice.findMany({ select: { courseId: true, amountMinor: true, currency: true, updatedAt: true } }),
    prisma.sponsorOrder.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: ORDER_LIST_LIMIT,
      select: { ...ORDER_ROW, seatsCreated: true, seatsRemoved: true, seatsKept: true },
    }),
  ]);
  const priceOf = new Map(prices.map((p) => [p.courseId, p]));
  const [labels, orgNames] = await Promise.all([
    getCourseLabels(orders.map((o) => o.courseId)),
    getOrganisationNames(orders.map((o) => o.orgId)),
  ]);
  return {
    provider: paymentProvider(),
    currencies: CURRENCY_CODES,
    courses: courses.map((c) => ({ ...c, price: priceOf.get(c.id) ?? null })),
    orders: orders.map((o) => ({
      ...o,
      orgName: orgNames.get(o.orgId) ?? "—",
      courseTitle: labels.get(o.courseId)?.title ?? labels.get(o.courseId)?.slug ?? "—",
    })),
  };
}

/** A route's order or organisation id: a malformed one is not found, like an unknown one. */
export function idParam(value: string | undefined): string {
  if (!value || !/^[a-z0-9]{10,40}$/i.test(value)) throw new AppError("not_found");
  return value;
}

/** The receipt of a paid order (an order never paid has none: not found). */
export async function getReceipt(actor: Actor, orderId: string) {
  const page = await getOrderForSponsor(actor, orderId);
  if (!page.receipt) throw new AppError("not_found");
  return { ...page, receipt: page.receipt };
}
