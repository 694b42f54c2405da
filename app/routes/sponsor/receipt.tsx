import { Link } from "react-router";
import type { Route } from "./+types/receipt";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { formatMoney } from "#app/modules/sponsorship/money.ts";
import { getReceipt, idParam } from "#app/modules/sponsorship/queries.server.ts";
import { dateFormat } from "#app/utils/intl-format.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.receipt_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  return getReceipt(actor, idParam(params.orderId));
});

/** A printable receipt of a paid order, from what the payment provider reported. */
export default function Receipt({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const when = dateFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
  const { org, order, receipt } = loaderData;
  return (
    <div className="stack narrow receipt">
      <p className="no-print">
        <Link to={`/sponsor/orders/${order.id}`}>{t("sponsor.back_order")}</Link>
      </p>
      <p className="no-print hint">{t("sponsor.receipt_print_hint")}</p>
      <h1>{t("sponsor.receipt_heading")}</h1>
      <dl className="details">
        <dt>{t("sponsor.receipt_reference")}</dt>
        <dd className="wrap-anywhere">{receipt.reference}</dd>
        <dt>{t("sponsor.receipt_order")}</dt>
        <dd className="wrap-anywhere">{order.id}</dd>
        <dt>{t("sponsor.org")}</dt>
        <dd dir="auto">{org.name}</dd>
        {receipt.payerName ? (
          <>
            <dt>{t("sponsor.receipt_payer")}</dt>
            <dd dir="auto">{receipt.payerName}</dd>
          </>
        ) : null}
        {receipt.payerEmail ? (
          <>
            <dt>{t("sponsor.receipt_email")}</dt>
            <dd className="wrap-anywhere">{receipt.payerEmail}</dd>
          </>
        ) : null}
        <dt>{t("sponsor.receipt_paid_at")}</dt>
        <dd>{receipt.paidAt ? when.format(new Date(receipt.paidAt)) : "—"}</dd>
        <dt>{t("sponsor.receipt_item")}</dt>
        <dd dir="auto">
          {t("sponsor.receipt_item_value", {
            count: order.seats,
            course: order.courseTitle,
            unit: formatMoney(locale, order.unitAmountMinor, order.currency),
          })}
        </dd>
        <dt>{t("sponsor.receipt_total")}</dt>
        <dd>
          <strong>{formatMoney(locale, receipt.amountTotal, receipt.currency)}</strong>
        </dd>
        {order.refundedAmountMinor > 0 ? (
          <>
            <dt>{t("sponsor.refunded")}</dt>
            <dd>{formatMoney(locale, order.refundedAmountMinor, order.currency)}</dd>
          </>
        ) : null}
        <dt>{t("sponsor.receipt_provider")}</dt>
        <dd>{order.provider === "offline" ? t("sponsor.provider_offline") : t("sponsor.provider_stripe")}</dd>
      </dl>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
