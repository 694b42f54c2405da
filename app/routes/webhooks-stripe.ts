// POST /webhooks/stripe: Stripe's signed events (sponsorship/receive-stripe-webhook.server.ts). The raw
// body is read as text, untouched, for the signature check. server/index.ts exempts /webhooks/ from the
// Origin check: a webhook proves itself by its signature.
import type { Route } from "./+types/webhooks-stripe";
import { receiveStripeWebhook } from "#app/modules/sponsorship/receive-stripe-webhook.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const action = route(async ({ request }: Route.ActionArgs) => {
  const answer = await receiveStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
  return Response.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
});

export const loader = route(async () => Response.json({ error: "method" }, { status: 405, headers: { Allow: "POST" } }));
