// Exactly-once payments under a storm (ADR 027, issue 10): the built app as a process, Stripe played by
// the local fake in this process, 100 orders made through the real createOrder and paid in the fake
// (some by bank debit, a few of those failing or never settling, two left to expire, some refunded in
// part or in full), then 1,000 signed webhook deliveries over HTTP: every event at least once,
// duplicates (some in bursts of the same event at the same moment), shuffled, 24 in flight at a time,
// refunds that overtake their checkout, and 50 success redirects racing the webhooks (10 of them sent
// before anything of their order's webhooks, so they fulfil it). Afterwards every order holds exactly
// the seats it paid for minus those its refunds paid back, every event is recorded once, every delivery
// got 200.
//
// PostgreSQL (DATABASE_URL): the app's 10 connections against this test's database, truly concurrent.
// PGlite: the app talks to this file's embedded database over its socket with one connection, so the
// storm is serialised inside the app; the same deliveries and assertions still check the ordering and
// duplicate logic (duplicates, overtaking refunds, redirects), not the locks.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createOrder } from "#app/modules/sponsorship/create-order.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { FakeEvent } from "#scripts/stripe-fake.ts";
import { deliverEvent, postWebhook, startPaymentsServer, type WebhookReply } from "#tests/payments-server.ts";
import { sessionCookieFor } from "#tests/route-helpers.ts";
import type { RunningServer } from "#tests/server-process.ts";
import { createPricedCourse, createSponsor, seatsOf, useStripeFake, WEBHOOK_SECRET } from "#tests/sponsorship-fixtures.ts";

const kind = inject("databaseKind");
const ORDERS = 100;
const DELIVERIES = 1000;
const REDIRECTS = 50;
/** Of the redirects, how many are sent before anything of their order's webhooks (so they fulfil it). */
const REDIRECTS_FIRST = 10;
const IN_FLIGHT = 24;
// A failing assertion names its seed; STORM_SEED=<seed> replays the same plan and delivery order.
const SEED = Number(process.env.STORM_SEED ?? Math.floor(Math.random() * 2 ** 31));
// STORM_VERBOSE=1 prints the seed and the timings.
const log = (line: string) => process.env.STORM_VERBOSE && console.log(`[storm] ${kind}: ${line}`);

let fake: Awaited<ReturnType<typeof useStripeFake>>;
let server: RunningServer;

beforeAll(async () => {
  fake = await useStripeFake();
  server = await startPaymentsServer(fake, WEBHOOK_SECRET);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fake?.stop();
});

/** mulberry32: a small seeded generator, so a failing plan can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function sessionOf(orderId: string) {
  return prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId }, select: { checkoutSessionId: true } });
}

describe(`signature checks against the running app (${kind})`, () => {
  test("wrong secret, body changed after signing, no or bad header, stale and future timestamps: 400, nothing written", async () => {
    const course = await createPricedCourse({ amountMinor: 3_000 });
    const sponsor = await createSponsor();
    const { orderId } = await createOrder(sponsor.actor, {
      orgId: sponsor.orgId,
      courseId: course.id,
      seats: 4,
      keepInCohort: false,
    });
    const event = fake.completeSession((await sessionOf(orderId)).checkoutSessionId!);
    const now = Math.floor(Date.now() / 1000);
    const good = fake.sign(event);
    const tampered = good.body.replace('"amount_total":12000', '"amount_total":1200');
    expect(tampered).not.toBe(good.body);
    const v1 = /v1=([0-9a-f]+)/.exec(good.signature)![1]!;
    const wrong = fake.sign(event, { secret: "whsec_not_the_endpoint_secret" });
    const refusals: Array<[string, string, string | null]> = [
      ["wrong secret", wrong.body, wrong.signature],
      ["body changed after signing", tampered, good.signature],
      ["no header", good.body, null],
      ["empty header", good.body, ""],
      ["no timestamp", good.body, `v1=${v1}`],
      ["no v1 signature", good.body, `t=${now}`],
      ["stale: now - 301 s", good.body, fake.sign(event, { timestamp: now - 301 }).signature],
      ["a signature of another timestamp", good.body, `t=${now - 5},v1=${v1}`],
    ];
    // Dated 301 s ahead: rounded up and sent at once, alone, so it is still more than 300 s ahead on arrival
    // (with the current second rounded down, it would be 300.0x s ahead and could arrive inside the tolerance).
    const future = fake.sign(event, { timestamp: Math.ceil(Date.now() / 1000) + 301 });
    refusals.push(["future: now + 301 s", future.body, future.signature]);
    const futureAnswer = await postWebhook(server, future.body, future.signature);
    const answers = [
      ...(await Promise.all(refusals.slice(0, -1).map(([, body, signature]) => postWebhook(server, body, signature)))),
      futureAnswer,
    ];
    expect(answers.map((a, i) => [refusals[i]![0], a.status, a.body.error])).toEqual(
      refusals.map(([name]) => [name, 400, "webhook.signature_invalid"]),
    );
    expect(await prisma.stripeEvent.count({ where: { id: event.id } })).toBe(0);
    expect(await seatsOf(orderId)).toEqual({ total: 0, used: 0 });
    expect(await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } })).toEqual({
      status: "pending",
    });
    expect(await prisma.auditEvent.count({ where: { entityId: orderId, action: "order.paid" } })).toBe(0);

    // The same event properly signed (200 s old, within the tolerance) is applied: the refusals were the signatures'.
    const accepted = await postWebhook(server, good.body, fake.sign(event, { timestamp: now - 200 }).signature);
    expect(accepted).toMatchObject({ status: 200, body: { received: true, duplicate: false, outcome: "fulfilled" } });
    expect(await seatsOf(orderId)).toEqual({ total: 4, used: 0 });
  }, 120_000);
});

type Kind = "paid" | "async_paid" | "async_failed" | "async_pending" | "expired";
type RefundPlan = "none" | "full" | "partial" | "partial_then_full" | "partial_twice";
type Planned = {
  orderId: string;
  sessionId: string;
  seats: number;
  unit: number;
  amount: number;
  cookie: string;
  kind: Kind;
  refund: RefundPlan;
  /** Events of the checkout (completed, then the async outcome) and of its refunds. */
  checkoutEvents: FakeEvent[];
  refundEvents: FakeEvent[];
  /** The refunded amount so far after the last refund (Stripe reports it cumulatively). */
  refunded: number;
  overtaken: boolean;
};

/** `after`: not sent before that promise settles; `release`: called once this one is answered. */
type Delivery = ({ kind: "webhook"; event: FakeEvent } | { kind: "redirect" }) & {
  order: Planned;
  after?: Promise<void>;
  release?: () => void;
};

describe(`the payments storm against the running app (${kind})`, () => {
  test(`${ORDERS} orders, ${DELIVERIES} shuffled, duplicated, concurrent webhook deliveries and ${REDIRECTS} racing redirects: exact seats, events once, all 200`, async () => {
    const random = rng(SEED);
    const seedNote = `STORM_SEED=${SEED}`;
    log(seedNote);
    const t0 = performance.now();

    // Four priced courses (two with an open cohort), four sponsor organisations.
    const courses = await Promise.all([
      createPricedCourse({ amountMinor: 12_000, currency: "usd", cohort: true, capacity: 500 }),
      createPricedCourse({ amountMinor: 7_550, currency: "eur" }),
      createPricedCourse({ amountMinor: 999, currency: "usd", cohort: true, capacity: 500 }),
      createPricedCourse({ amountMinor: 4_250, currency: "gbp" }),
    ]);
    const sponsors: Array<Awaited<ReturnType<typeof createSponsor>> & { cookie: string }> = [];
    for (let i = 0; i < 4; i++) {
      const sponsor = await createSponsor();
      sponsors.push({ ...sponsor, cookie: await sessionCookieFor(sponsor.id) });
    }

    // What happens to each order: 84 paid by card, 8 by a bank debit that succeeds, 4 whose debit fails,
    // 2 whose debit never settles, 2 never paid (their sessions expire); 16 of the paid ones refunded (5 fully, 5 in part, 4 in part then
    // fully, 2 in part twice), 6 of those with a refund delivered before anything of the checkout.
    const kinds: Kind[] = shuffle(
      [
        ...Array<Kind>(84).fill("paid"),
        ...Array<Kind>(8).fill("async_paid"),
        ...Array<Kind>(4).fill("async_failed"),
        ...Array<Kind>(2).fill("async_pending"),
        ...Array<Kind>(2).fill("expired"),
      ],
      random,
    );
    const orders: Planned[] = [];
    for (let i = 0; i < ORDERS; i += 5) {
      // Five at a time: createOrder writes the order, then opens its Checkout Session in the fake.
      const made = await Promise.all(
        Array.from({ length: 5 }, async (_, k) => {
          const n = i + k;
          const course = courses[n % 4]!;
          const sponsor = sponsors[Math.floor(n / 4) % 4]!;
          const seats = 1 + ((n * 7) % 15);
          const forCohort = course.cohortId !== null && n % 3 !== 0;
          const { orderId } = await createOrder(sponsor.actor, {
            orgId: sponsor.orgId,
            courseId: course.id,
            seats,
            keepInCohort: n % 2 === 0,
            ...(forCohort ? { cohortId: course.cohortId! } : {}),
          });
          const order = await prisma.sponsorOrder.findUniqueOrThrow({
            where: { id: orderId },
            select: { checkoutSessionId: true, unitAmountMinor: true, amountMinor: true },
          });
          return {
            orderId,
            sessionId: order.checkoutSessionId!,
            seats,
            unit: order.unitAmountMinor,
            amount: order.amountMinor,
            cookie: sponsor.cookie,
            kind: kinds[n]!,
            refund: "none" as RefundPlan,
            checkoutEvents: [],
            refundEvents: [],
            refunded: 0,
            overtaken: false,
          } satisfies Planned;
        }),
      );
      orders.push(...made);
    }
    expect(new Set(orders.map((o) => o.seats))).toEqual(new Set(Array.from({ length: 15 }, (_, i) => i + 1)));
    const refundable = shuffle(
      orders.filter((o) => o.kind === "paid" || o.kind === "async_paid"),
      random,
    );
    // Two of the bank debits are among the refunded ones.
    refundable.sort((a, b) => Number(b.kind === "async_paid") - Number(a.kind === "async_paid"));
    const refundPlans: RefundPlan[] = [
      "partial",
      "partial_then_full",
      ...Array<RefundPlan>(5).fill("full"),
      ...Array<RefundPlan>(4).fill("partial"),
      ...Array<RefundPlan>(3).fill("partial_then_full"),
      ...Array<RefundPlan>(2).fill("partial_twice"),
    ];
    refundPlans.forEach((plan, i) => (refundable[i]!.refund = plan));
    for (const o of shuffle(
      orders.filter((x) => x.refund !== "none"),
      random,
    ).slice(0, 6))
      o.overtaken = true;

    // Pay in the fake (its sessions and charges move on; each event is Stripe's snapshot at that moment).
    for (const o of orders) {
      if (o.kind === "expired") {
        // The fake has no expiry of its own: Stripe's event for a session left unpaid for 24 hours.
        const session = fake.sessions.get(o.sessionId)!;
        session.status = "expired";
        o.checkoutEvents.push({
          id: `evt_expired${randomBytes(10).toString("hex")}`,
          object: "event",
          type: "checkout.session.expired",
          created: Math.floor(Date.now() / 1000),
          data: { object: structuredClone(session) as unknown as Record<string, unknown> },
          api_version: "2025-09-30.clover",
        });
        continue;
      }
      const async = o.kind !== "paid";
      o.checkoutEvents.push(fake.completeSession(o.sessionId, { async }));
      if (o.kind === "async_paid") o.checkoutEvents.push(fake.settleAsync(o.sessionId, "succeeded"));
      if (o.kind === "async_failed") o.checkoutEvents.push(fake.settleAsync(o.sessionId, "failed"));
      const pi = fake.sessions.get(o.sessionId)!.payment_intent!;
      // A partial refund: some whole seats' worth and a few cents more (never a whole seat for one-seat orders).
      const part = () => (o.seats > 1 ? o.unit * (1 + Math.floor(random() * (o.seats - 1))) : 0) + 1 + Math.floor(random() * 50);
      if (o.refund === "full") o.refundEvents.push(fake.refund(pi));
      if (o.refund === "partial") o.refundEvents.push(fake.refund(pi, part()));
      if (o.refund === "partial_then_full") o.refundEvents.push(fake.refund(pi, part()), fake.refund(pi));
      if (o.refund === "partial_twice")
        o.refundEvents.push(fake.refund(pi, o.unit), fake.refund(pi, Math.max(1, Math.min(part(), o.amount - o.unit - 1))));
      o.refunded = o.refundEvents.length ? (o.refundEvents.at(-1)!.data.object.amount_refunded as number) : 0;
    }

    // The deliveries: every event once, then duplicates up to 1,000 (ten events delivered eight times
    // at the same moment), shuffled; 50 success redirects of paid orders among them.
    const all = orders.flatMap((o) => [...o.checkoutEvents, ...o.refundEvents].map((event) => ({ event, order: o })));
    const byEvent = new Map(all.map((x) => [x.event.id, x]));
    const list: Delivery[] = all.map((x) => ({ kind: "webhook", ...x }));
    const bursts: Delivery[][] = [];
    for (let b = 0; b < 10; b++) {
      const x = all[Math.floor(random() * all.length)]!;
      bursts.push(Array.from({ length: 8 }, () => ({ kind: "webhook" as const, ...x })));
    }
    while (list.length + bursts.length * 8 < DELIVERIES)
      list.push({ kind: "webhook", ...all[Math.floor(random() * all.length)]! });
    const paidOrders = orders.filter((o) => o.kind === "paid" || o.kind === "async_paid");
    for (let r = 0; r < REDIRECTS - REDIRECTS_FIRST; r++)
      list.push({ kind: "redirect", order: paidOrders[Math.floor(random() * paidOrders.length)]! });
    shuffle(list, random);
    for (const burst of bursts) list.splice(Math.floor(random() * list.length), 0, ...burst);

    // Refunds that overtake their checkout: one delivery of a refund event goes first, and nothing of
    // its order's checkout (its events, its redirects) is sent before that delivery has been answered.
    // (At the front of the list, so a worker waiting for one never waits for a delivery not yet taken.)
    for (const o of orders.filter((x) => x.overtaken)) {
      let release!: () => void;
      const after = new Promise<void>((r) => (release = r));
      const refundIds = new Set(o.refundEvents.map((e) => e.id));
      for (const d of list) if (d.order === o && (d.kind === "redirect" || !refundIds.has(d.event.id))) d.after = after;
      list.unshift({ kind: "webhook", event: o.refundEvents[Math.floor(random() * o.refundEvents.length)]!, order: o, release });
    }
    // Redirects that come first: the sponsor is back from Stripe's page before any webhook of a card
    // payment (never refunded, not overtaken): nothing of the order is sent before the redirect's answer.
    const redirectedFirst = shuffle(
      orders.filter((o) => o.kind === "paid" && o.refund === "none"),
      random,
    ).slice(0, REDIRECTS_FIRST);
    for (const o of redirectedFirst) {
      let release!: () => void;
      const after = new Promise<void>((r) => (release = r));
      for (const d of list) if (d.order === o) d.after = after;
      list.unshift({ kind: "redirect", order: o, release });
    }
    const webhookCount = list.filter((d) => d.kind === "webhook").length;
    expect(webhookCount).toBeGreaterThanOrEqual(DELIVERIES);
    expect(new Set(list.flatMap((d) => (d.kind === "webhook" ? [d.event.id] : []))).size).toBe(all.length);

    // The storm: IN_FLIGHT workers take the next delivery as soon as their last one is answered.
    const tSetUp = performance.now();
    const webhookAnswers: Array<{ event: FakeEvent; order: Planned; reply: WebhookReply }> = [];
    const redirectAnswers: Array<{ order: Planned; status: number; location: string | null }> = [];
    const errors: string[] = [];
    let next = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    async function worker() {
      while (next < list.length) {
        const d = list[next++]!;
        if (d.after) await d.after;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          if (d.kind === "webhook") {
            webhookAnswers.push({ event: d.event, order: d.order, reply: await deliverEvent(fake, server, d.event) });
          } else {
            const res = await fetch(`${server.url}/sponsor/orders/${d.order.orderId}/return?session_id=${d.order.sessionId}`, {
              headers: { cookie: d.order.cookie },
              redirect: "manual",
            });
            await res.arrayBuffer();
            redirectAnswers.push({ order: d.order, status: res.status, location: res.headers.get("location") });
          }
        } catch (error) {
          errors.push(`${d.kind} ${d.order.orderId}: ${String(error)}`);
        } finally {
          inFlight--;
          d.release?.();
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const tStorm = performance.now();
    log(
      `set-up ${((tSetUp - t0) / 1000).toFixed(1)} s; ${webhookCount} deliveries + ${REDIRECTS} redirects in ${((tStorm - tSetUp) / 1000).toFixed(1)} s (${(((webhookCount + REDIRECTS) * 1000) / (tStorm - tSetUp)).toFixed(0)}/s), at most ${maxInFlight} in flight`,
    );

    // Every request was answered, every delivery with 200 (duplicates included): a 500 would be a bug.
    expect(errors, seedNote).toEqual([]);
    expect(maxInFlight).toBeGreaterThanOrEqual(20);
    const refused = webhookAnswers.filter((a) => a.reply.status !== 200);
    expect(
      refused.map((a) => `${a.event.type} ${a.event.id} → ${a.reply.status} ${JSON.stringify(a.reply.body)}`),
      `${seedNote}\n${server.output().slice(-4000)}`,
    ).toEqual([]);
    expect(webhookAnswers).toHaveLength(webhookCount);
    expect(server.output()).not.toContain("[payments] webhook failed");
    // Exactly one delivery of each event applied it; every other one was told it was a duplicate.
    const applied = new Map<string, number>();
    for (const a of webhookAnswers) {
      expect(a.reply.body.received).toBe(true);
      if (a.reply.body.duplicate === false) applied.set(a.event.id, (applied.get(a.event.id) ?? 0) + 1);
    }
    expect(
      [...byEvent.keys()].filter((id) => applied.get(id) !== 1),
      seedNote,
    ).toEqual([]);
    // The overtaking refunds found their orders unpaid and looked the session up in Stripe (by payment intent).
    expect(fake.requests.filter((r) => r.method === "GET" && r.path === "/v1/checkout/sessions").length).toBeGreaterThanOrEqual(
      6,
    );
    // The redirects: each back to its order's page; those that came first fulfilled their orders.
    expect(redirectAnswers).toHaveLength(REDIRECTS);
    expect(
      redirectAnswers.filter((r) => r.status !== 302 || r.location !== `/sponsor/orders/${r.order.orderId}`),
      seedNote,
    ).toEqual([]);
    const byRedirect = await prisma.auditEvent.findMany({
      where: { action: "order.paid", entityId: { in: redirectedFirst.map((o) => o.orderId) } },
      select: { data: true },
    });
    expect(byRedirect.map((a) => (a.data as { source?: string }).source)).toEqual(Array(REDIRECTS_FIRST).fill("redirect"));

    // Each order: exactly its seats, status and counters.
    const rows = await prisma.sponsorOrder.findMany({
      where: { id: { in: orders.map((o) => o.orderId) } },
      select: {
        id: true,
        status: true,
        seatsCreated: true,
        seatsRemoved: true,
        seatsKept: true,
        refundedAmountMinor: true,
        courseId: true,
        cohortId: true,
      },
    });
    const row = new Map(rows.map((r) => [r.id, r]));
    const mismatches: string[] = [];
    for (const o of orders) {
      const everPaid = o.kind === "paid" || o.kind === "async_paid";
      const removed = !everPaid ? 0 : o.refunded >= o.amount ? o.seats : Math.min(o.seats, Math.floor(o.refunded / o.unit));
      const expected = {
        status: !everPaid ? (o.kind === "async_pending" ? "processing" : "failed") : o.refunded >= o.amount ? "refunded" : "paid",
        seats: everPaid ? o.seats - removed : 0,
        seatsCreated: everPaid ? o.seats : 0,
        seatsRemoved: removed,
        seatsKept: 0,
        refundedAmountMinor: everPaid ? o.refunded : 0,
      };
      const r = row.get(o.orderId)!;
      const actual = {
        status: r.status,
        seats: (await seatsOf(o.orderId)).total,
        seatsCreated: r.seatsCreated,
        seatsRemoved: r.seatsRemoved,
        seatsKept: r.seatsKept,
        refundedAmountMinor: r.refundedAmountMinor,
      };
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        mismatches.push(
          `${o.orderId} (${o.kind}, ${o.seats} seats, refund ${o.refund}): ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`,
        );
    }
    expect(mismatches, seedNote).toEqual([]);
    // The seats are the order's own: its course and cohort, sponsored, none used.
    const seatRows = await prisma.seat.groupBy({
      by: ["orderId", "courseId", "cohortId", "funding"],
      where: { orderId: { in: orders.map((o) => o.orderId) } },
      _count: true,
    });
    for (const s of seatRows) {
      const r = row.get(s.orderId!)!;
      expect({ courseId: s.courseId, cohortId: s.cohortId, funding: s.funding }).toEqual({
        courseId: r.courseId,
        cohortId: r.cohortId,
        funding: "sponsor",
      });
    }
    expect(await prisma.seat.count({ where: { orderId: { in: orders.map((o) => o.orderId) }, usedAt: { not: null } } })).toBe(0);

    // Every distinct event recorded exactly once, applied (not left "received"), against its order.
    const events = await prisma.stripeEvent.findMany({
      where: { id: { in: [...byEvent.keys()] } },
      select: { id: true, type: true, outcome: true, orderId: true },
    });
    expect(events).toHaveLength(byEvent.size);
    expect(
      events.filter(
        (e) =>
          e.outcome === "received" || e.orderId !== byEvent.get(e.id)!.order.orderId || e.type !== byEvent.get(e.id)!.event.type,
      ),
    ).toEqual([]);

    // The audit log: one order.paid per order ever paid, none for the others; one order.failed per failed one.
    const audits = await prisma.auditEvent.groupBy({
      by: ["entityId", "action"],
      where: { entityId: { in: orders.map((o) => o.orderId) }, action: { in: ["order.paid", "order.failed", "order.refunded"] } },
      _count: true,
    });
    const auditCount = (orderId: string, action: string) =>
      audits.find((a) => a.entityId === orderId && a.action === action)?._count ?? 0;
    const auditMismatches = orders.flatMap((o) => {
      const everPaid = o.kind === "paid" || o.kind === "async_paid";
      const got = {
        paid: auditCount(o.orderId, "order.paid"),
        failed: auditCount(o.orderId, "order.failed"),
        // Each refund event applies once at most (an older amount arriving after a newer one changes nothing).
        refundedAtMost: auditCount(o.orderId, "order.refunded") <= o.refundEvents.length,
        refundedAny: auditCount(o.orderId, "order.refunded") > 0,
      };
      const want = {
        paid: everPaid ? 1 : 0,
        failed: o.kind === "async_failed" || o.kind === "expired" ? 1 : 0,
        refundedAtMost: true,
        refundedAny: o.refundEvents.length > 0,
      };
      return JSON.stringify(got) === JSON.stringify(want)
        ? []
        : [`${o.orderId}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`];
    });
    expect(auditMismatches, seedNote).toEqual([]);
    log(`checked in ${((performance.now() - tStorm) / 1000).toFixed(1)} s`);
  }, 240_000);
});
