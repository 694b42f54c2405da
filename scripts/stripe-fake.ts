// A local fake of the Stripe API endpoints Waystone uses (ADR 027), an HTTP server on 127.0.0.1 that the
// real `stripe` SDK talks to (STRIPE_API_BASE): Checkout Sessions (create, retrieve, list by status or
// payment intent), charges (list by payment intent) and refunds. It also plays Stripe's side of a
// payment: a hosted checkout page (/pay/:session) that completes the session, sends the signed
// webhook and redirects to the success URL, and helpers for tests that build and sign events.
//
//   npm run stripe:fake -- --port 12111 --webhook http://localhost:3000/webhooks/stripe --secret whsec_…
//   then run the app with STRIPE_SECRET_KEY=sk_test_fake STRIPE_WEBHOOK_SECRET=whsec_… STRIPE_API_BASE=http://127.0.0.1:12111
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import Stripe from "stripe";

type Json = Record<string, unknown>;

export type FakeSession = {
  id: string;
  object: "checkout.session";
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid";
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  success_url: string;
  cancel_url: string;
  url: string;
  created: number;
  mode: string;
  customer_details: { email: string | null; name: string | null } | null;
};

export type FakeCharge = {
  id: string;
  object: "charge";
  payment_intent: string;
  amount: number;
  amount_refunded: number;
  currency: string;
  refunded: boolean;
  created: number;
};

export type FakeEvent = {
  id: string;
  object: "event";
  type: string;
  created: number;
  data: { object: Json };
  api_version: string;
};

export type StripeFake = {
  url: string;
  sessions: Map<string, FakeSession>;
  charges: Map<string, FakeCharge>;
  /** Requests the fake received, for tests: method, path, idempotency key, parsed body. */
  requests: Array<{ method: string; path: string; idempotencyKey: string | null; body: Json }>;
  /** Marks a session paid (or, `async`, complete with the payment still on its way); returns its event. */
  completeSession(id: string, options?: { async?: boolean; email?: string }): FakeEvent;
  /** The bank debit of an async session arrived (or failed). */
  settleAsync(id: string, outcome: "succeeded" | "failed"): FakeEvent;
  /** Refunds part or all of a payment intent's charge; returns the charge.refunded event. */
  refund(paymentIntentId: string, amount?: number): FakeEvent;
  /** Signs an event for delivery (timestamp in seconds; a wrong secret makes a tampered delivery). */
  sign(event: FakeEvent, options?: { timestamp?: number; secret?: string }): { body: string; signature: string };
  /** Delivers a signed event to a webhook URL; resolves to the answer's status and text. */
  deliver(
    event: FakeEvent,
    url: string,
    options?: { timestamp?: number; secret?: string },
  ): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
};

const API_VERSION = "2025-09-30.clover";

function id(prefix: string) {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

/** Stripe's form encoding: `a[b][0][c]=1` becomes { a: { b: [ { c: "1" } ] } }. */
export function parseStripeForm(text: string): Json {
  const root: Json = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((p) => p !== "");
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      if (last) node[part] = value;
      else {
        const nextIsIndex = /^\d+$/.test(parts[i + 1]!);
        node[part] ??= nextIsIndex ? [] : {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  return root;
}

export async function startStripeFake(
  options: { webhookUrl?: string; webhookSecret?: string; port?: number } = {},
): Promise<StripeFake> {
  const sessions = new Map<string, FakeSession>();
  const charges = new Map<string, FakeCharge>();
  const idempotent = new Map<string, string>();
  const requests: StripeFake["requests"] = [];
  let base = "";

  function event(type: string, object: Json): FakeEvent {
    return {
      id: id("evt"),
      object: "event",
      type,
      created: Math.floor(Date.now() / 1000),
      data: { object: structuredClone(object) },
      api_version: API_VERSION,
    };
  }

  function list<T extends { id: string }>(items: T[], query: URLSearchParams, path: string) {
    const limit = Math.min(100, Number(query.get("limit") ?? 10) || 10);
    let start = 0;
    const after = query.get("starting_after");
    if (after) start = items.findIndex((x) => x.id === after) + 1;
    const data = items.slice(start, start + limit);
    return { object: "list", url: path, has_more: start + limit < items.length, data };
  }

  const fake: StripeFake = {
    url: "",
    sessions,
    charges,
    requests,
    completeSession(sessionId, opts = {}) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      s.status = "complete";
      s.payment_status = opts.async ? "unpaid" : "paid";
      s.payment_intent ??= id("pi");
      s.customer_details = { email: opts.email ?? "payments@sponsor.example", name: "Sponsor Finance" };
      if (!opts.async) ensureCharge(s);
      return event("checkout.session.completed", s as unknown as Json);
    },
    settleAsync(sessionId, outcome) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      if (outcome === "succeeded") {
        s.payment_status = "paid";
        ensureCharge(s);
        return event("checkout.session.async_payment_succeeded", s as unknown as Json);
      }
      return event("checkout.session.async_payment_failed", s as unknown as Json);
    },
    refund(paymentIntentId, amount) {
      const charge = [...charges.values()].find((c) => c.payment_intent === paymentIntentId);
      if (!charge) throw new Error(`no charge for ${paymentIntentId}`);
      charge.amount_refunded = Math.min(
        charge.amount,
        charge.amount_refunded + (amount ?? charge.amount - charge.amount_refunded),
      );
      charge.refunded = charge.amount_refunded >= charge.amount;
      return event("charge.refunded", charge as unknown as Json);
    },
    sign(evt, opts = {}) {
      const body = JSON.stringify(evt);
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: opts.secret ?? options.webhookSecret ?? "",
        timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
      });
      return { body, signature };
    },
    async deliver(evt, url, opts = {}) {
      const { body, signature } = fake.sign(evt, opts);
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body,
      });
      return { status: res.status, text: await res.text() };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function ensureCharge(s: FakeSession) {
    if ([...charges.values()].some((c) => c.payment_intent === s.payment_intent)) return;
    const charge: FakeCharge = {
      id: id("ch"),
      object: "charge",
      payment_intent: s.payment_intent!,
      amount: s.amount_total,
      amount_refunded: 0,
      currency: s.currency,
      refunded: false,
      created: Math.floor(Date.now() / 1000),
    };
    charges.set(charge.id, charge);
  }

  function createSession(body: Json): FakeSession {
    const items = (body.line_items as Array<{ quantity: string; price_data: { currency: string; unit_amount: string } }>) ?? [];
    const amount = items.reduce((sum, li) => sum + Number(li.quantity) * Number(li.price_data.unit_amount), 0);
    const sid = id("cs_test");
    const session: FakeSession = {
      id: sid,
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      amount_total: amount,
      currency: items[0]?.price_data.currency ?? "usd",
      client_reference_id: (body.client_reference_id as string) ?? null,
      metadata: (body.metadata as Record<string, string>) ?? {},
      payment_intent: null,
      success_url: String(body.success_url ?? ""),
      cancel_url: String(body.cancel_url ?? ""),
      url: `${base}/pay/${sid}`,
      created: Math.floor(Date.now() / 1000),
      mode: String(body.mode ?? "payment"),
      customer_details: null,
    };
    sessions.set(sid, session);
    return session;
  }

  function send(res: http.ServerResponse, status: number, body: unknown, type = "application/json") {
    res.writeHead(status, { "content-type": type, "request-id": id("req") });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  }

  function notFound(res: http.ServerResponse, what: string) {
    send(res, 404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}` } });
  }

  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (d: Buffer) => (text += d.toString()));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", base);
        const method = req.method ?? "GET";
        const body = method === "POST" ? parseStripeForm(text) : {};
        const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
        requests.push({ method, path: url.pathname, idempotencyKey: key, body });
        const path = url.pathname;
        if (method === "POST" && path === "/v1/checkout/sessions") {
          const known = key ? idempotent.get(key) : undefined;
          const session = known ? sessions.get(known)! : createSession(body);
          if (key) idempotent.set(key, session.id);
          return send(res, 200, session);
        }
        let m = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(path);
        if (method === "GET" && m) {
          const s = sessions.get(m[1]!);
          return s ? send(res, 200, s) : notFound(res, "checkout.session");
        }
        if (method === "GET" && path === "/v1/checkout/sessions") {
          let items = [...sessions.values()];
          const status = url.searchParams.get("status");
          const pi = url.searchParams.get("payment_intent");
          if (status) items = items.filter((s) => s.status === status);
          if (pi) items = items.filter((s) => s.payment_intent === pi);
          return send(res, 200, list(items, url.searchParams, path));
        }
        if (method === "GET" && path === "/v1/charges") {
          const pi = url.searchParams.get("payment_intent");
          const items = [...charges.values()].filter((c) => !pi || c.payment_intent === pi);
          return send(res, 200, list(items, url.searchParams, path));
        }
        if (method === "POST" && path === "/v1/refunds") {
          const pi = String(body.payment_intent ?? "");
          const charge = [...charges.values()].find((c) => c.payment_intent === pi);
          if (!charge) return notFound(res, "payment_intent");
          const evt = fake.refund(pi, body.amount ? Number(body.amount) : undefined);
          if (options.webhookUrl) void fake.deliver(evt, options.webhookUrl).catch(() => {});
          return send(res, 200, {
            id: id("re"),
            object: "refund",
            payment_intent: pi,
            amount: charge.amount_refunded,
            status: "succeeded",
          });
        }
        // Stripe's hosted page, played locally: pay, then the webhook and the redirect.
        m = /^\/pay\/([\w]+)$/.exec(path);
        if (m) {
          const s = sessions.get(m[1]!);
          if (!s) return notFound(res, "checkout.session");
          if (method === "GET")
            return send(
              res,
              200,
              `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe (local fake)</title></head><body><main><h1>Stripe test checkout (local fake)</h1><p>${s.amount_total} ${s.currency}</p><form method="post"><button>Pay</button></form><p><a href="${s.cancel_url}">Cancel</a></p></main></body></html>`,
              "text/html",
            );
          const evt = fake.completeSession(s.id);
          if (options.webhookUrl) await fake.deliver(evt, options.webhookUrl).catch(() => {});
          res.writeHead(303, { location: s.success_url.replace("{CHECKOUT_SESSION_ID}", s.id) });
          return res.end();
        }
        return notFound(res, path);
      })().catch((error: unknown) => send(res, 500, { error: { message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = base;
  return fake;
}

// As a command: the fake for local development.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const fake = await startStripeFake({
    port: Number(arg("port") ?? 12111),
    webhookUrl: arg("webhook") ?? "http://localhost:3000/webhooks/stripe",
    webhookSecret: arg("secret") ?? "whsec_local_fake",
  });
  console.log(`Stripe fake listening at ${fake.url}`);
}
