import { Form, Link, redirect, useLocation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/educators";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert } from "#app/components/forms.tsx";
import { listEducators, setEducatorSuspended } from "#app/modules/educators/vetting.server.ts";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "educator.admin_title");

const SuspensionSchema = z.object({
  intent: z.enum(["suspend", "reinstate"]),
  userId: z.string().regex(/^[a-z0-9]{10,40}$/i),
  reason: z.string({ error: "form.required" }).trim().min(1, "form.required").max(1000, "form.too_long"),
});

export async function loader({ request }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:educator-application:any");
  const done = new URL(request.url).searchParams.get("done");
  return { educators: await listEducators(), done: done === "suspend" || done === "reinstate" ? done : null };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUserWithPermission(request, "suspend:educator:any");
  const formData = await readForm(request);
  const parsed = parseForm(formData, SuspensionSchema);
  if (!parsed.ok) {
    // A forged intent or id is a bad request; a missing reason is a field error on that row's form.
    if (parsed.errors.intent || parsed.errors.userId) throw toErrorResponse(new AppError("BAD_REQUEST"));
    const userId = String(formData.get("userId"));
    return formError({ [`${userId}.reason`]: parsed.errors.reason ?? ["form.invalid"] }, formData);
  }
  await setEducatorSuspended({
    actorId: user.id,
    userId: parsed.data.userId,
    suspended: parsed.data.intent === "suspend",
    reason: parsed.data.reason,
  }).catch((e: unknown) => {
    throw e instanceof AppError ? toErrorResponse(e) : e;
  });
  return redirect(`/admin/educators?done=${parsed.data.intent}`);
}

/** Approved educators: what they teach, their volunteer hours, and suspension with a reason. */
export default function Educators({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
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
      <FormAlert errors={errors} />
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
                const key = `${e.userId}.reason`;
                return (
                  <tr key={e.userId}>
                    <th scope="row">{e.displayName}</th>
                    <td>{e.subjects.map((s) => t(`subject.${s}`)).join(", ")}</td>
                    <td>{e.languages.map((l) => t(`language.${l}`)).join(", ") || "—"}</td>
                    <td>{number.format(e.volunteerHours)}</td>
                    <td>
                      <span className={`status ${e.suspended ? "status-suspended" : "status-approved"}`}>
                        {e.suspended ? t("educator.suspended") : t("educator.active")}
                      </span>
                    </td>
                    <td>
                      <Form key={navKey} method="post" className="row-form" noValidate>
                        <input type="hidden" name="intent" value={intent} />
                        <input type="hidden" name="userId" value={e.userId} />
                        <Field
                          id={`reason-${e.userId}`}
                          name="reason"
                          label={t(`educator.${intent}_reason`, { name: e.displayName })}
                          required
                          maxLength={1000}
                          defaultValue={values.userId === e.userId ? (values.reason ?? "") : ""}
                          errors={errors?.[key]}
                        />
                        <button type="submit" className={intent === "suspend" ? "button button-danger" : "button"}>
                          {t(`educator.${intent}`)}
                          <span className="visually-hidden"> {e.displayName}</span>
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
