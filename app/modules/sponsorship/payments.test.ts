// Orders, checkout and fulfilment through the real `stripe` SDK talking to the local fake
// (scripts/stripe-fake.ts), with webhooks signed by the SDK's generateTestHeaderString.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { drainJobs } from "#app/utils/jobs.server.ts";
import { createLearner, createSponsorMember } from "#tests/factories.ts";
import { createCourseOpenForCohorts, createWaitlistEntry } from "#tests/learning-factories.ts";
import { createPricedCourse, createSponsor, seatsOf, useStripeFake } from "#tests/sponsorship-fixtures.ts";
import type { FakeEvent } from "#scripts/stripe-fake.ts";
import { confirmCheckoutReturn } from "./complete-checkout.server.ts";
import { createOrder } from "./create-order.server.ts";
import { checkoutIdempotencyKey } from "./open-checkout.server.ts";
import { receiveStripeWebhook } from "./receive-stripe-webhook.server.ts";
import { reconcilePayments } from "./reconcile-payments.server.ts";

let fake: Awaited<ReturnType<typeof useStripeFake>>;
beforeAll(async () => {
  fake = await useStripeFake();
});
afterAll(async () => {
  await fake.stop();
});

function deliver(event: FakeEvent, options: { timestamp?: number; secret?: string } = {}) {
  const { body, signature } = fake.sign(event, options);
  return receiveStripeWebhook(body, signature);
}

async function paidOrder(seats = 3, options: { cohort?: boolean } = {}) {
  const course = await createPricedCourse({ amountMinor: 5_000, currency: "eur", cohort: options.cohort });
  const sponsor = await createSponsor();
  const { orderId, redirectTo } = await createOrder(sponsor.actor, {
    orgId: sponsor.orgId,
    courseId: course.id,
    seats,
    keepInCohort: false,
    ...(options.cohort ? { cohortId: course.cohortId! } : {}),
  });
  const order = await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId } });
  return { course, sponsor, orderId, redirectTo, sessionId: order.checkoutSessionId! };
}

const eventRows = (orderId: string) => prisma.stripeEvent.count({ where: { orderId } });
const paidAudits = (orderId: string) => prisma.auditEvent.count({ where: { action: "order.paid", entityId: orderId } });

describe("checkout", () => {
  test("an order opens a Checkout Session: quantity = seats, the order id in metadata, one idempotency key per order", async () => {
    const { orderId, redirectTo, sessionId } = await paidOrder(7);
    const session = fake.sessions.get(sessionId)!;
    expect(redirectTo).toBe(session.url);
    expect(session.amount_total).toBe(35_000);
    expect(session.currency).toBe("eur");
    expect(session.metadata).toEqual({ orderId });
    const create = fake.requests.find(
      (r) =>
        r.path === "/v1/checkout/sessions" &&
        r.method === "POST" &&
        (r.body.metadata as { orderId?: string })?.orderId === orderId,
    )!;
    expect(create.idempotencyKey).toBe(checkoutIdempotencyKey(orderId));
    expect((create.body.line_items as Array<{ quantity: string }>)[0]!.quantity).toBe("7");
    expect(create.body.success_url).toContain(`/sponsor/orders/${orderId}/return?session_id={CHECKOUT_SESSION_ID}`);
    const order = await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "pending", provider: "stripe", seats: 7, amountMinor: 35_000, unitAmountMinor: 5_000 });
    expect(await seatsOf(orderId)).toEqual({ total: 0, used: 0 });
  });

  test("bad orders are refused and write nothing: seat counts, unpublished or unpriced courses, another org, a cohort of another course", async () => {
    const sponsor = await createSponsor();
    const course = await createPricedCourse({ cohort: true });
    const before = await prisma.sponsorOrder.count({ where: { orgId: sponsor.orgId } });
    for (const seats of [0, -3, 1001, 1e9, 2.5])
      await expect(
        createOrder(sponsor.actor, { orgId: sponsor.orgId, courseId: course.id, seats, keepInCohort: false }),
      ).rejects.toMatchObject({
        reason: "order.seats_invalid",
      });
    const unpriced = await createCourseOpenForCohorts();
    await expect(
      createOrder(sponsor.actor, { orgId: sponsor.orgId, courseId: unpriced.id, seats: 2, keepInCohort: false }),
    ).rejects.toMatchObject({
      reason: "order.course_unavailable",
    });
    const unpublished = await createPricedCourse();
    await prisma.course.update({ where: { id: unpublished.id }, data: { archivedAt: new Date() } });
    await expect(
      createOrder(sponsor.actor, { orgId: sponsor.orgId, courseId: unpublished.id, seats: 2, keepInCohort: false }),
    ).rejects.toMatchObject({ reason: "order.course_unavailable" });
    const other = await createPricedCourse({ cohort: true });
    await expect(
      createOrder(sponsor.actor, {
        orgId: sponsor.orgId,
        courseId: course.id,
        cohortId: other.cohortId!,
        seats: 2,
        keepInCohort: false,
      }),
    ).rejects.toMatchObject({ reason: "order.cohort_unavailable" });
    const stranger = await createSponsor();
    await expect(
      createOrder(stranger.actor, { orgId: sponsor.orgId, courseId: course.id, seats: 2, keepInCohort: false }),
    ).rejects.toMatchObject({ reason: "not_found" });
    const learner = await actorFor((await createLearner()).id);
    await expect(
      createOrder(learner, { orgId: sponsor.orgId, courseId: course.id, seats: 2, keepInCohort: false }),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
    expect(await prisma.sponsorOrder.count({ where: { orgId: sponsor.orgId } })).toBe(before);
  });
});

describe("fulfilment by webhook", () => {
  test("checkout.session.completed creates exactly the seats, once, however often it is delivered", async () => {
    const { orderId, sessionId } = await paidOrder(4);
    const event = fake.completeSession(sessionId);
    const answers = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect(await seatsOf(orderId)).toEqual({ total: 4, used: 0 });
    expect(await eventRows(orderId)).toBe(1);
    expect(await paidAudits(orderId)).toBe(1);
    const order = await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "paid", seatsCreated: 4 });
    expect(order.paymentIntentId).toBe(fake.sessions.get(sessionId)!.payment_intent);
    // A second, different event for the same session (Stripe may send completed and async_succeeded) adds nothing.
    const again = fake.settleAsync(sessionId, "succeeded");
    expect((await deliver(again)).status).toBe(200);
    expect(await seatsOf(orderId)).toEqual({ total: 4, used: 0 });
    const seats = await prisma.seat.findMany({ where: { orderId } });
    expect(seats.every((s) => s.funding === "sponsor" && s.rollOver === true)).toBe(true);
  });

  test("an async payment: processing first, seats only when it succeeds; a failed one never makes seats", async () => {
    const a = await paidOrder(2);
    expect((await deliver(fake.completeSession(a.sessionId, { async: true }))).status).toBe(200);
    expect((await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: a.orderId } })).status).toBe("processing");
    expect(await seatsOf(a.orderId)).toEqual({ total: 0, used: 0 });
    await deliver(fake.settleAsync(a.sessionId, "succeeded"));
    expect(await seatsOf(a.orderId)).toEqual({ total: 2, used: 0 });

    const b = await paidOrder(2);
    await deliver(fake.completeSession(b.sessionId, { async: true }));
    await deliver(fake.settleAsync(b.sessionId, "failed"));
    expect((await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: b.orderId } })).status).toBe("failed");
    expect(await seatsOf(b.orderId)).toEqual({ total: 0, used: 0 });
  });

  test("tampered, stale and unsigned deliveries get 400 and change nothing", async () => {
    const { orderId, sessionId } = await paidOrder(2);
    const event = fake.completeSession(sessionId);
    // Whole seconds beyond the tolerance either way, however long the checks below take to run.
    const now = Date.now() / 1000;
    const { body, signature } = fake.sign(event);
    const answers = [
      await deliver(event, { secret: "whsec_wrong" }),
      await deliver(event, { timestamp: Math.floor(now) - 302 }),
      await deliver(event, { timestamp: Math.ceil(now) + 305 }),
      await receiveStripeWebhook(body.replace('"payment_status":"paid"', '"payment_status":"paid" '), signature),
      await receiveStripeWebhook(body, null),
      await receiveStripeWebhook("not json", signature),
    ];
    expect(answers.map((a) => [a.status, a.body.error])).toEqual(Array(6).fill([400, "webhook.signature_invalid"]));
    expect(await seatsOf(orderId)).toEqual({ total: 0, used: 0 });
    expect(await prisma.stripeEvent.count({ where: { id: event.id } })).toBe(0);
  });

  test("an unknown session, a currency or amount that is not the order's: 400, nothing written", async () => {
    const { orderId, sessionId } = await paidOrder(2);
    const event = fake.completeSession(sessionId);
    const forged = (change: (o: Record<string, unknown>) => void) => {
      const copy = structuredClone(event);
      copy.id = `${event.id}_${Math.random().toString(36).slice(2)}`;
      change(copy.data.object);
      return copy;
    };
    const unknown = await deliver(forged((o) => ((o.metadata as Record<string, string>).orderId = "cl0000000000unknown0")));
    const otherSession = await deliver(forged((o) => (o.id = "cs_test_not_this_order")));
    const currency = await deliver(forged((o) => (o.currency = "usd")));
    const amount = await deliver(forged((o) => (o.amount_total = 1)));
    expect([unknown, otherSession, currency, amount].map((a) => a.body.error)).toEqual([
      "payment.unknown_session",
      "payment.unknown_session",
      "payment.currency_mismatch",
      "payment.amount_mismatch",
    ]);
    expect([unknown, otherSession, currency, amount].every((a) => a.status === 400)).toBe(true);
    expect(await seatsOf(orderId)).toEqual({ total: 0, used: 0 });
    expect(await prisma.stripeEvent.count({ where: { objectId: { in: [sessionId, "cs_test_not_this_order"] } } })).toBe(0);
    // The genuine event still works afterwards.
    expect((await deliver(event)).status).toBe(200);
    expect(await seatsOf(orderId)).toEqual({ total: 2, used: 0 });
  });

  test("the success redirect fulfils from Stripe's own session, racing the webhook: one effect", async () => {
    const { orderId, sessionId, sponsor } = await paidOrder(5);
    const event = fake.completeSession(sessionId);
    const results = await Promise.all([
      confirmCheckoutReturn(sponsor.actor, { orderId, sessionId }),
      deliver(event),
      confirmCheckoutReturn(sponsor.actor, { orderId, sessionId }),
      deliver(event),
    ]);
    expect(results[0]).toEqual({ redirectTo: `/sponsor/orders/${orderId}` });
    expect(await seatsOf(orderId)).toEqual({ total: 5, used: 0 });
    expect(await paidAudits(orderId)).toBe(1);
    // Another org's member cannot use the return URL of this order.
    const stranger = await createSponsor();
    await expect(confirmCheckoutReturn(stranger.actor, { orderId, sessionId })).rejects.toMatchObject({ reason: "not_found" });
  });

  test("a redirect with an unpaid session, or another session's id, creates nothing", async () => {
    const { orderId, sessionId, sponsor } = await paidOrder(2);
    await confirmCheckoutReturn(sponsor.actor, { orderId, sessionId });
    await confirmCheckoutReturn(sponsor.actor, { orderId, sessionId: "cs_test_someone_else" });
    expect(await seatsOf(orderId)).toEqual({ total: 0, used: 0 });
  });
});

describe("allocation and refunds", () => {
  test("paid seats are auto-allocated to the waitlist in order; a refund removes unused seats and keeps allocated ones", async () => {
    const { orderId, sessionId, course } = await paidOrder(5, { cohort: true });
    const learners = await Promise.all([1, 2, 3].map(() => createLearner()));
    for (const [i, l] of learners.entries())
      await createWaitlistEntry({ learnerId: l.id, courseId: course.id, createdAt: new Date(Date.now() - (10 - i) * 60_000) });
    await deliver(fake.completeSession(sessionId));
    await drainJobs();
    expect(await seatsOf(orderId)).toEqual({ total: 5, used: 3 });
    const enrolled = await prisma.enrolment.findMany({ where: { cohortId: course.cohortId! }, select: { learnerId: true } });
    expect(new Set(enrolled.map((e) => e.learnerId))).toEqual(new Set(learners.map((l) => l.id)));

    const pi = fake.sessions.get(sessionId)!.payment_intent!;
    // Refund of 1 seat's price: one unused seat goes.
    await deliver(fake.refund(pi, 5_000));
    expect(await seatsOf(orderId)).toEqual({ total: 4, used: 3 });
    // The same charge reported again changes nothing.
    const full = fake.refund(pi);
    await deliver(full);
    await deliver(full);
    // Full refund: the last unused seat goes; the 3 in use are kept and counted.
    expect(await seatsOf(orderId)).toEqual({ total: 3, used: 3 });
    const order = await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "refunded", seatsRemoved: 2, seatsKept: 3, refundedAmountMinor: 25_000 });
  });

  test("a refund that overtakes the checkout's own event fulfils from Stripe first, then refunds", async () => {
    const { orderId, sessionId } = await paidOrder(3);
    const completed = fake.completeSession(sessionId);
    const refund = fake.refund(fake.sessions.get(sessionId)!.payment_intent!, 5_000);
    expect((await deliver(refund)).status).toBe(200);
    expect(await seatsOf(orderId)).toEqual({ total: 2, used: 0 });
    expect((await deliver(completed)).status).toBe(200);
    expect(await seatsOf(orderId)).toEqual({ total: 2, used: 0 });
    expect(await paidAudits(orderId)).toBe(1);
  });
});

describe("reconciliation", () => {
  test("reports a paid session never fulfilled and missing seats, and fixes both with apply", async () => {
    const lost = await paidOrder(3);
    fake.completeSession(lost.sessionId); // paid in Stripe, the webhook never arrived
    const short = await paidOrder(4);
    await deliver(fake.completeSession(short.sessionId));
    await prisma.seat.deleteMany({
      where: {
        orderId: short.orderId,
        id: { in: (await prisma.seat.findMany({ where: { orderId: short.orderId }, take: 2 })).map((s) => s.id) },
      },
    });

    const report = await reconcilePayments();
    const mine = report.drift.filter((d) => d.orderId === lost.orderId || d.orderId === short.orderId);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "unfulfilled", orderId: lost.orderId, fixed: false }),
        expect.objectContaining({ kind: "seats_missing", orderId: short.orderId, expected: 4, actual: 2, fixed: false }),
      ]),
    );
    expect(await seatsOf(lost.orderId)).toEqual({ total: 0, used: 0 });

    await reconcilePayments({ apply: true });
    expect(await seatsOf(lost.orderId)).toEqual({ total: 3, used: 0 });
    expect(await seatsOf(short.orderId)).toEqual({ total: 4, used: 0 });
    const after = await reconcilePayments();
    expect(after.drift.filter((d) => d.orderId === lost.orderId || d.orderId === short.orderId)).toEqual([]);
  });
});

describe("who may see an order", () => {
  test("a member of another sponsor org gets not_found for the return URL of someone else's order", async () => {
    const { orderId, sessionId } = await paidOrder(1);
    const other = await createSponsorMember();
    await expect(confirmCheckoutReturn(await actorFor(other.id), { orderId, sessionId })).rejects.toMatchObject({
      reason: "not_found",
    });
  });
});
