// Part of `npm run bench` (issue 10, item 8): Stripe webhook throughput of the built app, in signed
// deliveries per second at 20 concurrent deliveries, half of them new checkout.session.completed events
// (each fulfils an order: its seats, the order, the audit row and the allocation job in one transaction)
// and half duplicates of events applied before (found in StripeEvent). The baseline is /ping, measured by
// autocannon at the same concurrency in the same server, so the share is the cost of a delivery against
// a request that does nothing. Orders are made through the real createOrder against the local Stripe fake
// (scripts/stripe-fake.ts), events are signed before each timed round, and after the last round every
// order must hold exactly its seats: a fast wrong answer must not pass for a fast endpoint.
// Rounds alternate the two, so a busy moment of the machine falls on both; each figure is a median.
import autocannon from "autocannon";
import { startStripeFake, type FakeEvent } from "./stripe-fake.ts";

export type WebhookBench = {
  webhooksPerSecond: number;
  pingPerSecond: number;
  share: number;
  /** Median p99 latencies (ms) of the rounds. */
  webhookP99: number;
  pingP99: number;
  /** Deliveries that were not answered 200, /ping requests that failed, and orders without exactly their seats. */
  errors: number;
  concurrency: number;
};

const SECRET = "whsec_bench_waystone_fake_0123456789";
const SEATS = 3;
/** /ping is answered some ten times faster: five times as many requests keep its runs from being too short to time. */
const PING_FACTOR = 5;

export async function benchWebhooks(options: {
  /** The server's environment (database, secrets, NODE_ENV); this process must use the same database. */
  env: Record<string, string>;
  rounds?: number;
  /** Deliveries per timed round (half new events, half duplicates); /ping gets PING_FACTOR times as many requests. */
  perRound?: number;
  concurrency?: number;
}): Promise<WebhookBench> {
  const rounds = options.rounds ?? 5;
  const perRound = options.perRound ?? 200;
  const concurrency = options.concurrency ?? 20;
  const fake = await startStripeFake({ webhookSecret: SECRET });
  const stripeEnv = { STRIPE_SECRET_KEY: "sk_test_waystone_bench", STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: fake.url };
  Object.assign(process.env, stripeEnv);
  const { forgetEnv } = await import("#app/utils/env.server.ts");
  forgetEnv();
  const { prisma } = await import("#app/utils/db.server.ts");
  const { createOrder } = await import("#app/modules/sponsorship/create-order.server.ts");
  const { createSponsor, createPricedCourse } = await import("#tests/sponsorship-fixtures.ts");
  const { startServer } = await import("#tests/server-process.ts");
  const server = await startServer({ ...options.env, ...stripeEnv, PAYMENTS_TEST_FULFIL_DELAY_MS: "0" });
  let errors = 0;
  try {
    const course = await createPricedCourse({ amountMinor: 9_000, currency: "usd" });
    const sponsor = await createSponsor();
    // Orders for the warm-up and for every round's new events, made five at a time.
    const newPerRound = Math.ceil(perRound / 2);
    const warmUp = Math.min(50, newPerRound);
    const orderIds: string[] = [];
    const sessionIds: string[] = [];
    const wanted = warmUp + rounds * newPerRound;
    while (orderIds.length < wanted) {
      const made = await Promise.all(
        Array.from({ length: Math.min(5, wanted - orderIds.length) }, () =>
          createOrder(sponsor.actor, { orgId: sponsor.orgId, courseId: course.id, seats: SEATS, keepInCohort: false }),
        ),
      );
      for (const { orderId } of made) orderIds.push(orderId);
    }
    const rows = await prisma.sponsorOrder.findMany({
      where: { id: { in: orderIds } },
      select: { id: true, checkoutSessionId: true },
    });
    const sessionOf = new Map(rows.map((r) => [r.id, r.checkoutSessionId!]));
    for (const id of orderIds) sessionIds.push(sessionOf.get(id)!);

    const applied: FakeEvent[] = [];
    let cursor = 0;
    /** The next `n` orders' completed events (new) mixed with as many duplicates of applied ones, signed now. */
    function batch(n: number, duplicates: number) {
      const fresh = sessionIds.slice(cursor, cursor + n).map((id) => fake.completeSession(id));
      cursor += n;
      const dups = Array.from({ length: duplicates }, (_, i) => applied[(i * 7919) % applied.length]!);
      // Interleaved: a new event, a duplicate, a new event…
      const mixed = Array.from({ length: Math.max(n, duplicates) }, (_, i) => [fresh[i], dups[i]]).flat();
      return { fresh, signed: mixed.filter((e) => e !== undefined).map((e) => fake.sign(e)) };
    }

    // autocannon, as for the pages: `amount` requests over `concurrency` connections, the end of a run
    // noticed within 10 ms (its sample interval; by default a whole second). A webhook request takes the
    // next signed delivery each time it is built (autocannon builds a few it never sends, so the list
    // wraps round: a new event may be left for the check below).
    const SAMPLE_MS = 10;
    const ping = (amount: number) =>
      autocannon({ url: `${server.url}/ping`, connections: concurrency, amount, sampleInt: SAMPLE_MS });
    function deliver(signed: Array<{ body: string; signature: string }>) {
      let next = 0;
      let refused = 0;
      const result = autocannon({
        url: server.url,
        connections: concurrency,
        amount: signed.length,
        sampleInt: SAMPLE_MS,
        requests: [
          {
            method: "POST",
            path: "/webhooks/stripe",
            setupRequest: (req) => {
              const d = signed[next++ % signed.length]!;
              return { ...req, headers: { "content-type": "application/json", "stripe-signature": d.signature }, body: d.body };
            },
            onResponse: (status, body) => {
              if (status !== 200 || !body.includes('"received":true')) refused++;
            },
          },
        ],
      });
      return result.then((r) => Object.assign(r, { refused }));
    }
    const failures = (r: autocannon.Result & { refused?: number }) => r.errors + r.timeouts + r.non2xx + (r.refused ?? 0);

    // Warm up both (V8, the pool's connections, prepared statements); the warm-up's events are the
    // first duplicates.
    const first = batch(warmUp, 0);
    errors += failures(await deliver(first.signed));
    applied.push(...first.fresh);
    errors += failures(await ping(PING_FACTOR * perRound));

    const runs = { ping: [] as autocannon.Result[], webhooks: [] as autocannon.Result[] };
    for (let r = 0; r < rounds; r++) {
      const p = await ping(PING_FACTOR * perRound);
      runs.ping.push(p);
      errors += failures(p);
      const round = batch(newPerRound, perRound - newPerRound);
      const w = await deliver(round.signed);
      runs.webhooks.push(w);
      errors += failures(w);
      applied.push(...round.fresh);
    }
    // Every new event once more (a duplicate now, or applied now if autocannon left it unsent).
    for (const event of applied) {
      const { body, signature } = fake.sign(event);
      const res = await fetch(`${server.url}/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body,
      });
      if (res.status !== 200) errors++;
      await res.arrayBuffer();
    }

    // Exactly the seats: every order fulfilled once, whatever the duplicates did.
    const { countOrderSeats } = await import("#app/modules/learning/order-seats.server.ts");
    const counts = await countOrderSeats(orderIds);
    errors += orderIds.filter((id) => counts.get(id)?.total !== SEATS).length;

    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    // Requests per second of a run with a fixed amount: the amount over the run's duration.
    const rate = (r: autocannon.Result) => r.requests.total / r.duration; // duration in seconds
    const webhooksPerSecond = median(runs.webhooks.map(rate));
    const pingPerSecond = median(runs.ping.map(rate));
    return {
      webhooksPerSecond,
      pingPerSecond,
      share: webhooksPerSecond / pingPerSecond,
      webhookP99: median(runs.webhooks.map((r) => r.latency.p99)),
      pingP99: median(runs.ping.map((r) => r.latency.p99)),
      errors,
      concurrency,
    };
  } finally {
    await server.stop();
    await fake.close();
  }
}
