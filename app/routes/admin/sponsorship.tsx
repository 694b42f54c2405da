import { Form, redirect, useLocation } from "react-router";
import type { Route } from "./+types/sponsorship";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { OfflineProviderNote, OrderStatus } from "#app/components/sponsorship.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { formatMoney } from "#app/modules/sponsorship/money.ts";
import { getSponsorshipAdmin } from "#app/modules/sponsorship/queries.server.ts";
import { SetSeatPriceSchema } from "#app/modules/sponsorship/schemas.ts";
import { setSeatPrice } from "#app/modules/sponsorship/set-seat-price.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { dateFormat } from "#app/utils/intl-format.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.admin_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const page = await getSponsorshipAdmin(actor);
  return { ...page, done: new URL(request.url).searchParams.get("done") === "price" };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, SetSeatPriceSchema);
  return submitForm(submission, async (input) => {
    await setSeatPrice(actor, input);
    return redirect("/admin/sponsorship?done=price");
  });
});

/** Programme staff: seat prices per course, and every sponsor's latest orders (allocation is on /admin/seats). */
export default function SponsorshipAdmin({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const { courses, orders, currencies, provider, done } = loaderData;
  const form = formState(actionData?.result, { defaults: { currency: "usd" } });
  const navKey = useLocation().key;
  return (
    <div className="stack">
      <h1>{t("sponsor.admin_heading")}</h1>
      {provider === "offline" ? <OfflineProviderNote /> : null}
      {done ? (
        <p className="alert alert-info" role="status">
          {t("sponsor.admin_price_saved")}
        </p>
      ) : null}
      <section className="panel stack" aria-labelledby="prices">
        <h2 id="prices">{t("sponsor.admin_prices")}</h2>
        {courses.length === 0 ? (
          <p>{t("sponsor.no_priced_courses")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption>{t("sponsor.admin_prices_caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("sponsor.order_course")}</th>
                  <th scope="col">{t("sponsor.unit_price")}</th>
                </tr>
              </thead>
              <tbody>
                {courses.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" dir="auto">
                      {c.title}
                    </th>
                    <td data-label={t("sponsor.unit_price")}>
                      {c.price ? formatMoney(locale, c.price.amountMinor, c.price.currency) : t("sponsor.admin_no_price")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {courses.length > 0 ? (
          <Form key={navKey} method="post" className="form" noValidate>
            <h3>{t("sponsor.admin_set_price")}</h3>
            <FormAlert errors={form.errors} />
            <SelectField {...form.field("courseId")} label={t("sponsor.order_course")}>
              <option value="">{t("form.choose")}</option>
              {courses.map((c) => (
                <option key={c.id} value={c.id} dir="auto">
                  {c.title}
                </option>
              ))}
            </SelectField>
            <SelectField {...form.field("currency")} label={t("sponsor.admin_currency")}>
              {currencies.map((code) => (
                <option key={code} value={code}>
                  {code.toUpperCase()}
                </option>
              ))}
            </SelectField>
            <Field
              {...form.field("amount")}
              inputMode="decimal"
              label={t("sponsor.admin_amount")}
              hint={t("sponsor.admin_amount_hint")}
            />
            <button type="submit" className="button">
              {t("sponsor.admin_save_price")}
            </button>
          </Form>
        ) : null}
      </section>
      <section className="stack" aria-labelledby="orders">
        <h2 id="orders">{t("sponsor.admin_orders")}</h2>
        {orders.length === 0 ? (
          <p>{t("sponsor.no_orders")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption>{t("sponsor.admin_orders_caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("sponsor.org")}</th>
                  <th scope="col">{t("sponsor.order_course")}</th>
                  <th scope="col">{t("sponsor.order_seats")}</th>
                  <th scope="col">{t("sponsor.order_amount")}</th>
                  <th scope="col">{t("sponsor.order_status")}</th>
                  <th scope="col">{t("sponsor.admin_refund_seats")}</th>
                  <th scope="col">{t("sponsor.order_date")}</th>
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.id}>
                    <th scope="row" dir="auto">
                      {o.orgName}
                    </th>
                    <td data-label={t("sponsor.order_course")} dir="auto">
                      {o.courseTitle}
                    </td>
                    <td data-label={t("sponsor.order_seats")}>{o.seats}</td>
                    <td data-label={t("sponsor.order_amount")}>{formatMoney(locale, o.amountMinor, o.currency)}</td>
                    <td data-label={t("sponsor.order_status")}>
                      <OrderStatus status={o.status} />
                    </td>
                    <td data-label={t("sponsor.admin_refund_seats")}>
                      {o.seatsRemoved + o.seatsKept > 0
                        ? t("sponsor.admin_refund_value", { removed: o.seatsRemoved, kept: o.seatsKept })
                        : "—"}
                    </td>
                    <td data-label={t("sponsor.order_date")}>{day.format(new Date(o.createdAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
