import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/order-new";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { OfflineProviderNote } from "#app/components/sponsorship.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { createOrder } from "#app/modules/sponsorship/create-order.server.ts";
import { formatMoney } from "#app/modules/sponsorship/money.ts";
import { getOrderForm, idParam } from "#app/modules/sponsorship/queries.server.ts";
import { MAX_SEATS_PER_ORDER, OrderFormSchema } from "#app/modules/sponsorship/schemas.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { dateFormat, numberFormat } from "#app/utils/intl-format.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.order_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  return getOrderForm(actor, idParam(params.orgId));
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const orgId = idParam(params.orgId);
  // The organisation comes from the URL (checked by the operation).
  const submission = await readSubmission(request, OrderFormSchema);
  return submitForm(submission, async (input) => {
    const { redirectTo } = await createOrder(actor, { ...input, orgId });
    return redirect(redirectTo);
  });
});

/** A sponsor buys seats: a course (any cohort) or one cohort, and how many. */
export default function NewOrder({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const { org, courses, cohorts, provider } = loaderData;
  const form = formState(actionData?.result, { defaults: { seats: "10" } });
  const navKey = useLocation().key;
  return (
    <div className="stack narrow">
      <p>
        <Link to="/sponsor">{t("sponsor.back_home")}</Link>
      </p>
      <h1>{t("sponsor.order_heading")}</h1>
      <p dir="auto">{t("sponsor.order_for", { org: org.name })}</p>
      {provider === "offline" ? <OfflineProviderNote /> : null}
      {courses.length === 0 ? (
        <p>{t("sponsor.no_priced_courses")}</p>
      ) : (
        <Form key={navKey} method="post" className="form" noValidate>
          <FormAlert errors={form.errors} />
          <SelectField {...form.field("courseId")} label={t("sponsor.order_course")}>
            <option value="">{t("form.choose")}</option>
            {courses.map((c) => (
              <option key={c.id} value={c.id} dir="auto">
                {t("sponsor.course_price", { title: c.title, price: formatMoney(locale, c.amountMinor, c.currency) })}
              </option>
            ))}
          </SelectField>
          <SelectField {...form.field("cohortId")} label={t("sponsor.order_cohort")} hint={t("sponsor.order_cohort_hint")}>
            <option value="">{t("sponsor.any_cohort")}</option>
            {courses.map((c) => {
              const own = cohorts.filter((h) => h.courseId === c.id);
              return own.length === 0 ? null : (
                <optgroup key={c.id} label={c.title}>
                  {own.map((h) => (
                    <option key={h.id} value={h.id} dir="auto">
                      {t("sponsor.cohort_option", { name: h.name, starts: day.format(new Date(h.startsOn)) })}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </SelectField>
          <Field
            {...form.field("seats")}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_SEATS_PER_ORDER}
            label={t("sponsor.order_seats")}
            hint={t("sponsor.order_seats_hint", { max: numberFormat(locale).format(MAX_SEATS_PER_ORDER) })}
          />
          <div className="field">
            <label>
              <input type="checkbox" name="keepInCohort" defaultChecked={form.checked("keepInCohort")} />{" "}
              {t("sponsor.keep_in_cohort")}
            </label>
            <p className="hint">{t("sponsor.keep_in_cohort_hint")}</p>
          </div>
          <button type="submit" className="button">
            {provider === "offline" ? t("sponsor.continue_offline") : t("sponsor.continue_stripe")}
          </button>
        </Form>
      )}
      <p className="hint">{t("sponsor.privacy")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
