import { Link } from "react-router";
import type { Route } from "./+types/sponsor";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { OfflineProviderNote, OrderStatus } from "#app/components/sponsorship.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { formatMoney } from "#app/modules/sponsorship/money.ts";
import { getSponsorHome } from "#app/modules/sponsorship/queries.server.ts";
import { dateFormat } from "#app/utils/intl-format.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const user = await requireUser(request);
  return getSponsorHome(user);
});

/** The sponsor's home: per organisation, its orders and seat pools, and the way to buy, to the report and to members. */
export default function Sponsor({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return (
    <div className="stack">
      <h1>{t("sponsor.heading")}</h1>
      {loaderData.provider === "offline" ? <OfflineProviderNote /> : null}
      {loaderData.orgs.length === 0 ? <p>{t("sponsor.no_orgs")}</p> : null}
      {loaderData.orgs.map((o) => (
        <section key={o.id} className="panel stack" aria-labelledby={`org-${o.id}`}>
          <h2 id={`org-${o.id}`} dir="auto">
            {o.name}
          </h2>
          <div className="actions">
            <Link to={`/sponsor/orgs/${o.id}/order`} className="button">
              {t("sponsor.buy_seats")}
            </Link>
            <Link to={`/sponsor/orgs/${o.id}/report`}>{t("sponsor.impact_report")}</Link>
            <Link to={`/sponsor/orgs/${o.id}/members`}>{t("sponsor.members")}</Link>
          </div>
          {o.orders.length === 0 ? (
            <p>{t("sponsor.no_orders")}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption>{t("sponsor.orders_caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("sponsor.order_course")}</th>
                    <th scope="col">{t("sponsor.order_seats")}</th>
                    <th scope="col">{t("sponsor.order_amount")}</th>
                    <th scope="col">{t("sponsor.order_status")}</th>
                    <th scope="col">{t("sponsor.order_date")}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.orders.map((order) => (
                    <tr key={order.id}>
                      <th scope="row" dir="auto">
                        <Link to={`/sponsor/orders/${order.id}`}>
                          {order.courseTitle}
                          {order.cohortName ? ` · ${order.cohortName}` : ""}
                        </Link>
                      </th>
                      <td data-label={t("sponsor.order_seats")}>
                        {order.seatsHeld === null
                          ? order.seats
                          : t("sponsor.seats_held", { count: order.seats, held: order.seatsHeld })}
                      </td>
                      <td data-label={t("sponsor.order_amount")}>{formatMoney(locale, order.amountMinor, order.currency)}</td>
                      <td data-label={t("sponsor.order_status")}>
                        <OrderStatus status={order.status} />
                      </td>
                      <td data-label={t("sponsor.order_date")}>{day.format(new Date(order.createdAt))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      <p className="hint">{t("sponsor.privacy")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
