// The built app as a process with its Stripe settings pointed at the local fake (scripts/stripe-fake.ts)
// of the calling process, and Stripe's side of a webhook delivery over HTTP: for the payments storm and
// crash tests (tests/integration/payments-*.test.ts) and the webhook bench (scripts/bench-webhooks.ts).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FakeEvent, StripeFake } from "#scripts/stripe-fake.ts";
import { startServer, type RunningServer } from "./server-process.ts";

export const STRIPE_TEST_KEY = "sk_test_waystone_fake";

/**
 * Starts the app on this process's database (DATABASE_URL: the PostgreSQL server, or this test file's
 * PGlite behind its loopback socket, WAYSTONE_EMBEDDED_DB inherited so the app keeps one connection to it)
 * with this process's secrets, so that cookies made here log in there.
 */
export function startPaymentsServer(fake: Pick<StripeFake, "url">, webhookSecret: string, env: Record<string, string> = {}) {
  return startServer({
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "waystone-payments-")),
    NODE_ENV: "production",
    SESSION_SECRET: process.env.SESSION_SECRET,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
    APP_ORIGIN: "http://127.0.0.1:1",
    STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: fake.url,
    PAYMENTS_TEST_FULFIL_DELAY_MS: "0",
    ...env,
  });
}

export type WebhookReply = {
  status: number;
  body: { received?: boolean; duplicate?: boolean; outcome?: string; error?: string };
};

/** POSTs a raw body with a Stripe-Signature header (none when `signature` is null) to the app's webhook. */
export async function postWebhook(
  server: Pick<RunningServer, "url">,
  body: string,
  signature: string | null,
): Promise<WebhookReply> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  const res = await fetch(`${server.url}/webhooks/stripe`, { method: "POST", headers, body });
  const text = await res.text();
  let parsed: WebhookReply["body"];
  try {
    parsed = JSON.parse(text) as WebhookReply["body"];
  } catch {
    parsed = { error: `not JSON: ${text.slice(0, 200)}` };
  }
  return { status: res.status, body: parsed };
}

/** Signs an event now (as Stripe does for each delivery attempt) and delivers it. */
export function deliverEvent(fake: Pick<StripeFake, "sign">, server: Pick<RunningServer, "url">, event: FakeEvent) {
  const { body, signature } = fake.sign(event);
  return postWebhook(server, body, signature);
}

/** Resolves when the server's output matches `pattern` (rejects if it exits first or after `timeoutMs`). */
export function waitForOutput(server: RunningServer, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      server.child.stdout!.off("data", check);
      server.child.stderr!.off("data", check);
      server.child.off("exit", exited);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (pattern.test(server.output())) done();
    };
    const exited = () => done(new Error(`the server exited before printing ${pattern}:\n${server.output()}`));
    const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${server.output()}`)), timeoutMs);
    server.child.stdout!.on("data", check);
    server.child.stderr!.on("data", check);
    server.child.on("exit", exited);
    check();
  });
}
