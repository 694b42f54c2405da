import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/order";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { OrderStatus } from "#app/components/sponsorship.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { openCheckout } from "#app/modules/sponsorship/open-checkout.server.ts";
import { formatMoney } from "#app/modules/sponsorship/money.ts";
import { getOrderForSponsor, idParam } from "#app/modules/sponsorship/queries.server.ts";
import { dateFormat } from "#app/utils/intl-format.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.order_page_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const page = await getOrderForSponsor(actor, idParam(params.orderId));
  const url = new URL(request.url);
  return { ...page, paid: url.searchParams.has("paid"), cancelled: url.searchParams.has("cancelled") };
});

/** "Continue to payment" for an order whose checkout is still open (or could not be opened). */
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const { redirectTo } = await openCheckout(actor, { orderId: idParam(params.orderId) });
  return redirect(redirectTo);
});

export default function Order({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const when = dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const { org, order, receipt, paid, cancelled } = loaderData;
  const money = (n: number) => formatMoney(locale, n, order.currency);
  return (
    <div className="stack narrow">
      <p>
        <Link to="/sponsor">{t("sponsor.back_home")}</Link>
      </p>
      <h1>{t("sponsor.order_page_heading")}</h1>
      {paid && order.status === "paid" ? (
        <p className="alert alert-info" role="status">
          {t("sponsor.paid_notice", { count: order.seats })}
        </p>
      ) : null}
      {cancelled && order.status === "pending" ? (
        <p className="alert alert-info" role="status">
          {t("sponsor.cancelled_notice")}
        </p>
      ) : null}
      {order.status === "processing" ? (
        <p className="alert alert-info" role="status">
          {t("sponsor.processing_notice")}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t("sponsor.org")}</dt>
        <dd dir="auto">{org.name}</dd>
        <dt>{t("sponsor.order_course")}</dt>
        <dd dir="auto">{order.courseTitle}</dd>
        <dt>{t("sponsor.order_cohort")}</dt>
        <dd dir="auto">{order.cohortName ?? t("sponsor.any_cohort")}</dd>
        <dt>{t("sponsor.order_seats")}</dt>
        <dd>{order.seats}</dd>
        <dt>{t("sponsor.unit_price")}</dt>
        <dd>{money(order.unitAmountMinor)}</dd>
        <dt>{t("sponsor.order_amount")}</dt>
        <dd>{money(order.amountMinor)}</dd>
        <dt>{t("sponsor.order_status")}</dt>
        <dd>
          <OrderStatus status={order.status} />
        </dd>
        <dt>{t("sponsor.order_date")}</dt>
        <dd>{when.format(new Date(order.createdAt))}</dd>
        <dt>{t("sponsor.roll_over")}</dt>
        <dd>{order.rollOver ? t("sponsor.roll_over_yes") : t("sponsor.roll_over_no")}</dd>
        {order.status === "paid" || order.status === "refunded" ? (
          <>
            {order.seatsHeld === null ? null : (
              <>
                <dt>{t("sponsor.pool")}</dt>
                <dd>{t("sponsor.pool_value", { count: order.seatsHeld })}</dd>
              </>
            )}
            <dt>{t("sponsor.in_use")}</dt>
            <dd>{order.seatsInUse === null ? t("sponsor.fewer_than_k") : order.seatsInUse}</dd>
          </>
        ) : null}
        {order.refundedAmountMinor > 0 ? (
          <>
            <dt>{t("sponsor.refunded")}</dt>
            <dd>{money(order.refundedAmountMinor)}</dd>
          </>
        ) : null}
      </dl>
      {order.canPay ? (
        <Form method="post">
          <button type="submit" className="button">
            {order.provider === "offline" ? t("sponsor.continue_offline") : t("sponsor.continue_stripe")}
          </button>
        </Form>
      ) : null}
      {receipt ? (
        <p>
          <Link to={`/sponsor/orders/${order.id}/receipt`}>{t("sponsor.receipt_link")}</Link>
        </p>
      ) : null}
      <p className="hint">{t("sponsor.in_use_hint")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
