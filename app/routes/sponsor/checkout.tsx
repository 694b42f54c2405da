import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/checkout";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { completeOfflineCheckout } from "#app/modules/sponsorship/complete-checkout.server.ts";
import { formatMoney } from "#app/modules/sponsorship/money.ts";
import { getOfflineCheckout, idParam } from "#app/modules/sponsorship/queries.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.checkout_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  return getOfflineCheckout(actor, idParam(params.orderId));
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const { redirectTo } = await completeOfflineCheckout(actor, { orderId: idParam(params.orderId) });
  return redirect(redirectTo);
});

/** The offline provider's checkout: a local page, clearly not a payment, that completes the order. */
export default function OfflineCheckout({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { order } = loaderData;
  return (
    <div className="stack narrow">
      <h1>{t("sponsor.checkout_heading")}</h1>
      <p className="alert alert-error" role="note">
        <strong>{t("sponsor.checkout_offline_label")}</strong> {t("sponsor.checkout_offline_body")}
      </p>
      <dl className="details">
        <dt>{t("sponsor.order_course")}</dt>
        <dd dir="auto">{order.courseTitle}</dd>
        <dt>{t("sponsor.order_cohort")}</dt>
        <dd dir="auto">{order.cohortName ?? t("sponsor.any_cohort")}</dd>
        <dt>{t("sponsor.order_seats")}</dt>
        <dd>{order.seats}</dd>
        <dt>{t("sponsor.order_amount")}</dt>
        <dd>{formatMoney(locale, order.amountMinor, order.currency)}</dd>
      </dl>
      {order.canPay ? (
        <Form method="post" className="actions">
          <button type="submit" className="button">
            {t("sponsor.checkout_complete")}
          </button>
          <Link to={`/sponsor/orders/${order.id}?cancelled=1`}>{t("sponsor.checkout_cancel")}</Link>
        </Form>
      ) : (
        <p>
          <Link to={`/sponsor/orders/${order.id}`}>{t("sponsor.back_order")}</Link>
        </p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
