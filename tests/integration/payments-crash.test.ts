// A crash in the middle of fulfilment (ADR 027): the app is killed (SIGKILL, no shutdown) while a
// webhook's transaction has written the seats but not committed. Nothing of it may remain: no seats, no
// StripeEvent row (so Stripe's retry is not taken for a duplicate), the order still pending. The restarted
// app applies the retried event exactly once. PAYMENTS_TEST_FULFIL_DELAY_MS holds the transaction open
// (refused with NODE_ENV=production, so the paused app runs with NODE_ENV=test).
// Two transactions are killed: a checkout.session.completed, and a charge.refunded that overtook its
// checkout (it fulfils the order first, inside its own transaction).
// On PGlite the app uses this file's embedded database over its socket; the socket's end rolls back the
// open transaction, as a PostgreSQL server does for a lost connection.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createOrder } from "#app/modules/sponsorship/create-order.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { FakeEvent } from "#scripts/stripe-fake.ts";
import { deliverEvent, startPaymentsServer, waitForOutput } from "#tests/payments-server.ts";
import type { RunningServer } from "#tests/server-process.ts";
import { createPricedCourse, createSponsor, seatsOf, useStripeFake, WEBHOOK_SECRET } from "#tests/sponsorship-fixtures.ts";

const kind = inject("databaseKind");
const PAUSED = /\[payments\] fulfilment paused before commit/;

let fake: Awaited<ReturnType<typeof useStripeFake>>;
const servers: RunningServer[] = [];

beforeAll(async () => {
  fake = await useStripeFake();
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  await fake?.stop();
});

async function start(env: Record<string, string> = {}) {
  const server = await startPaymentsServer(fake, WEBHOOK_SECRET, env);
  servers.push(server);
  return server;
}

async function order(seats: number, cohort: boolean) {
  const course = await createPricedCourse({ amountMinor: 2_500, currency: "eur", cohort });
  const sponsor = await createSponsor();
  const { orderId } = await createOrder(sponsor.actor, {
    orgId: sponsor.orgId,
    courseId: course.id,
    seats,
    keepInCohort: false,
    ...(cohort ? { cohortId: course.cohortId! } : {}),
  });
  const { checkoutSessionId } = await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId } });
  return { orderId, sessionId: checkoutSessionId! };
}

/** Delivers an event to an app holding fulfilment open, waits until it has paused, and kills the app. */
async function killMidFulfilment(event: FakeEvent) {
  // The kill follows the pause's line at once; the pause's length only bounds how late it may come on a
  // slow machine before the transaction would commit.
  const server = await start({ NODE_ENV: "test", PAYMENTS_TEST_FULFIL_DELAY_MS: "15000" });
  const paused = waitForOutput(server, PAUSED, 60_000);
  const answer = deliverEvent(fake, server, event).then(
    (reply) => ({ answered: true as const, reply }),
    () => ({ answered: false as const }),
  );
  await paused;
  const exited = new Promise((r) => server.child.once("exit", (_code, signal) => r(signal)));
  server.child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  servers.splice(servers.indexOf(server), 1); // gone: stop() would wait for an exit that has happened
  // Stripe got no answer, so it will deliver the event again.
  expect(await answer).toEqual({ answered: false });
}

/** What the database holds of an order and its events. */
async function stateOf(orderId: string, eventIds: string[]) {
  const row = await prisma.sponsorOrder.findUniqueOrThrow({
    where: { id: orderId },
    select: { status: true, seatsCreated: true, seatsRemoved: true, refundedAmountMinor: true },
  });
  return {
    ...row,
    seats: (await seatsOf(orderId)).total,
    events: await prisma.stripeEvent.count({ where: { id: { in: eventIds } } }),
    paidAudits: await prisma.auditEvent.count({ where: { entityId: orderId, action: "order.paid" } }),
    refundAudits: await prisma.auditEvent.count({ where: { entityId: orderId, action: "order.refunded" } }),
  };
}

const untouched = {
  status: "pending",
  seatsCreated: 0,
  seatsRemoved: 0,
  refundedAmountMinor: 0,
  seats: 0,
  events: 0,
  paidAudits: 0,
  refundAudits: 0,
};

describe(`the app killed in the middle of fulfilment (${kind})`, () => {
  test("nothing of the killed transactions remains; the restarted app applies the retried events exactly once", async () => {
    // A: paid by card, its checkout.session.completed killed mid-way.
    const a = await order(6, true);
    const aCompleted = fake.completeSession(a.sessionId);
    // B: paid, then refunded by two seats' worth; the refund arrives first and is killed mid-way.
    const b = await order(5, false);
    const bCompleted = fake.completeSession(b.sessionId);
    const bRefund = fake.refund(fake.sessions.get(b.sessionId)!.payment_intent!, 5_000);

    await killMidFulfilment(aCompleted);
    expect(await stateOf(a.orderId, [aCompleted.id])).toEqual(untouched);

    await killMidFulfilment(bRefund);
    expect(await stateOf(b.orderId, [bCompleted.id, bRefund.id])).toEqual(untouched);

    // Restarted without the pause: Stripe's retries are applied, once.
    const server = await start();
    expect(await deliverEvent(fake, server, aCompleted)).toMatchObject({
      status: 200,
      body: { received: true, duplicate: false, outcome: "fulfilled" },
    });
    expect(await deliverEvent(fake, server, bRefund)).toMatchObject({
      status: 200,
      body: { received: true, duplicate: false, outcome: "refunded" },
    });
    expect(await deliverEvent(fake, server, bCompleted)).toMatchObject({
      status: 200,
      body: { received: true, duplicate: false, outcome: "already_paid" },
    });
    const aDone = { ...untouched, status: "paid", seatsCreated: 6, seats: 6, events: 1, paidAudits: 1 };
    const bDone = {
      ...untouched,
      status: "paid",
      seatsCreated: 5,
      seatsRemoved: 2,
      refundedAmountMinor: 5_000,
      seats: 3,
      events: 2,
      paidAudits: 1,
      refundAudits: 1,
    };
    expect(await stateOf(a.orderId, [aCompleted.id])).toEqual(aDone);
    expect(await stateOf(b.orderId, [bCompleted.id, bRefund.id])).toEqual(bDone);

    // And again: duplicates now, still exact.
    for (const event of [aCompleted, bRefund, bCompleted, aCompleted]) {
      expect(await deliverEvent(fake, server, event)).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
    }
    expect(await stateOf(a.orderId, [aCompleted.id])).toEqual(aDone);
    expect(await stateOf(b.orderId, [bCompleted.id, bRefund.id])).toEqual(bDone);
    expect(server.output()).not.toContain("[payments] webhook failed");
  }, 300_000);
});
