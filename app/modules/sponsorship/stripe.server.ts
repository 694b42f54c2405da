// The payment provider (ADR 027): Stripe through its real SDK when STRIPE_SECRET_KEY is set, otherwise
// the offline provider (a labelled local checkout page, app/routes/sponsor/checkout.tsx), which completes
// orders through the same fulfilment code. STRIPE_API_BASE points the SDK at the local fake
// (scripts/stripe-fake.ts) in tests and, optionally, in development.
import Stripe from "stripe";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";

export type PaymentProvider = "stripe" | "offline";

/** Webhook signatures older (or newer) than this many seconds are refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const globalForStripe = globalThis as unknown as { __waystoneStripe?: { key: string; base: string; client: Stripe } };

export function paymentProvider(): PaymentProvider {
  return getEnv().STRIPE_SECRET_KEY ? "stripe" : "offline";
}

/** The Stripe client (one per process and configuration), or a refusal when Stripe is not configured. */
export function stripeClient(): Stripe {
  const env = getEnv();
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new AppError("payment.provider_unavailable");
  const base = env.STRIPE_API_BASE ?? "";
  const cached = globalForStripe.__waystoneStripe;
  if (cached && cached.key === key && cached.base === base) return cached.client;
  const config: Stripe.StripeConfig = { maxNetworkRetries: 2, telemetry: false, timeout: 20_000 };
  if (base) {
    const url = new URL(base);
    config.host = url.hostname;
    config.port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    config.protocol = url.protocol === "https:" ? "https" : "http";
    // The fake answers at once; a retry would only hide a bug.
    config.maxNetworkRetries = 0;
  }
  const client = new Stripe(key, config);
  globalForStripe.__waystoneStripe = { key, base, client };
  return client;
}

/**
 * Verifies a webhook's signature over its raw body (HMAC-SHA256 with the endpoint's secret, timestamp
 * within WEBHOOK_TOLERANCE_SECONDS of now, either way) and returns the event. Anything else is `webhook.signature_invalid`.
 */
export function verifyWebhook(rawBody: string, signature: string | null): unknown {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET;
  if (!secret || !signature) throw new AppError("webhook.signature_invalid");
  // The SDK refuses signatures older than the tolerance; one dated further ahead than it is refused too.
  const stamp = /(?:^|,)t=(\d+)/.exec(signature)?.[1];
  if (!stamp || Number(stamp) > Date.now() / 1000 + WEBHOOK_TOLERANCE_SECONDS) throw new AppError("webhook.signature_invalid");
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch {
    throw new AppError("webhook.signature_invalid");
  }
}
