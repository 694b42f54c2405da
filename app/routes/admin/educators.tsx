import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/educators";
import { ConfirmAction, pendingConfirmation } from "#app/components/confirm-action.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { WithUserText } from "#app/components/bidi.tsx";
import { FieldErrors, FormAlert, formState } from "#app/components/forms.tsx";
import { listEducators } from "#app/modules/educators/queries.server.ts";
import { EducatorSuspensionSchema } from "#app/modules/educators/schemas.ts";
import { setEducatorSuspension } from "#app/modules/educators/set-educator-suspension.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "educator.admin_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const done = new URL(request.url).searchParams.get("done");
  return {
    educators: await listEducators(actor),
    done: done === "suspend" || done === "reinstate" ? done : null,
    constraints: getConstraints(EducatorSuspensionSchema),
  };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, EducatorSuspensionSchema);
  return submitForm(submission, async (input) => {
    // Without `confirm=yes` this refuses with `confirmation.required`: the page then asks (ADR 015).
    await setEducatorSuspension(actor, input);
    return redirect(`/admin/educators?done=${input.intent}`);
  });
});

/** Approved educators: what they teach, their volunteer hours, and suspension with a reason. */
export default function Educators({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const confirming = pendingConfirmation(actionData);
  // While a suspension waits for its confirmation, the rows' forms start empty again.
  const result = confirming ? undefined : actionData?.result;
  // The reply belongs to the row whose form was posted; the summary above the table names any problem.
  const postedFor = result?.initialValue?.userId;
  const summary = formState(result, { constraints: loaderData.constraints });
  const pendingIntent = confirming?.values.intent === "reinstate" ? "reinstate" : "suspend";
  const pendingName = String(confirming?.params.name ?? "");
  // A new key after each navigation: a successful post (redirect) empties the forms; a 400 keeps what was typed.
  const navKey = useLocation().key;
  const { educators, done } = loaderData;
  return (
    <div className="stack">
      <h1>{t("educator.admin_heading")}</h1>
      <p>
        {t("educator.admin_intro")} <Link to="/admin/cohorts">{t("educator.cohorts_link")}</Link>
      </p>
      {done ? (
        <p className="alert alert-info" role="status">
          {t(`educator.done_${done}`)}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmAction
          pending={confirming}
          heading={<WithUserText message={t(`admin.confirm_${pendingIntent}_heading`)} values={{ name: pendingName }} />}
          confirmLabel={<WithUserText message={t(`admin.confirm_${pendingIntent}`)} values={{ name: pendingName }} />}
          cancelTo="/admin/educators"
          danger={pendingIntent === "suspend"}
        >
          <p>{t(`admin.confirm_${pendingIntent}_body`)}</p>
          <p>
            {t("admin.confirm_reason")}: <span dir="auto">{String(confirming.values.reason ?? "")}</span>
          </p>
        </ConfirmAction>
      ) : null}
      <FormAlert errors={summary.errors} />
      {educators.length === 0 ? (
        <p>{t("educator.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("educator.admin_heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("field.display_name")}</th>
                <th scope="col">{t("educator.subjects")}</th>
                <th scope="col">{t("educator.languages")}</th>
                <th scope="col">{t("educator.volunteer_hours")}</th>
                <th scope="col">{t("admin.state")}</th>
                <th scope="col">{t("admin.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {educators.map((e) => {
                const intent = e.suspended ? "reinstate" : "suspend";
                const form = formState(postedFor === e.userId ? result : undefined, { constraints: loaderData.constraints });
                return (
                  <tr key={e.userId}>
                    <th scope="row" dir="auto">
                      {e.displayName}
                    </th>
                    <td data-label={t("educator.subjects")}>{e.subjects.map((s) => t(`subject.${s}`)).join(", ")}</td>
                    <td data-label={t("educator.languages")}>{e.languages.map((l) => t(`language.${l}`)).join(", ") || "—"}</td>
                    <td data-label={t("educator.volunteer_hours")}>{number.format(e.volunteerHours)}</td>
                    <td data-label={t("admin.state")}>
                      <span className={`status ${e.suspended ? "status-suspended" : "status-approved"}`}>
                        {e.suspended ? t("educator.suspended") : t("educator.active")}
                      </span>
                    </td>
                    <td data-label={t("admin.actions")}>
                      <Form key={navKey} method="post" className="row-form" noValidate>
                        <input type="hidden" name="intent" value={intent} />
                        <input type="hidden" name="userId" value={e.userId} />
                        {/* A field of its own: the label names the educator, isolated so the name keeps its direction. */}
                        <div className="field">
                          <label htmlFor={`reason-${e.userId}`}>
                            <WithUserText message={t(`educator.${intent}_reason`)} values={{ name: e.displayName }} />
                          </label>
                          <input
                            id={`reason-${e.userId}`}
                            name="reason"
                            defaultValue={form.value("reason")}
                            aria-invalid={form.errorsOf("reason") ? true : undefined}
                            aria-describedby={form.errorsOf("reason") ? `reason-${e.userId}-error` : undefined}
                            {...form.constraint("reason")}
                          />
                          <FieldErrors id={`reason-${e.userId}-error`} errors={form.errorsOf("reason")} />
                        </div>
                        <button type="submit" className={intent === "suspend" ? "button button-danger" : "button"}>
                          {t(`educator.${intent}`)} <bdi className="visually-hidden">{e.displayName}</bdi>
                        </button>
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
