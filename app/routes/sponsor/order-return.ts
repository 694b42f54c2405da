// Stripe's success redirect (/sponsor/orders/:orderId/return?session_id=…): the session is retrieved from
// Stripe and, if paid, fulfilled now (racing the webhook safely); then the order page.
import { redirect } from "react-router";
import type { Route } from "./+types/order-return";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { confirmCheckoutReturn } from "#app/modules/sponsorship/complete-checkout.server.ts";
import { idParam } from "#app/modules/sponsorship/queries.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  const { redirectTo } = await confirmCheckoutReturn(actor, { orderId: idParam(params.orderId), sessionId });
  return redirect(redirectTo);
});
