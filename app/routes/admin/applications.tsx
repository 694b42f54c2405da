import { Form, Link } from "react-router";
import type { Route } from "./+types/applications";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { SelectField } from "#app/components/forms.tsx";
import { listApplications, parseApplicationStatus } from "#app/modules/educators/queries.server.ts";
import { APPLICATION_STATUSES } from "#app/modules/educators/statuses.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.applications_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  // An unknown status is ignored: the whole queue is shown.
  const status = parseApplicationStatus(new URL(request.url).searchParams.get("status"));
  return { applications: await listApplications(actor, status), status: status ?? "" };
});

/** The vetting queue: every application, filterable by status, each linking to its review page. */
export default function Applications({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { applications, status } = loaderData;
  return (
    <div className="stack">
      <h1>{t("admin.applications_heading")}</h1>
      <p>
        {t("vetting.intro")} <Link to="/admin/educators">{t("vetting.educators_link")}</Link>
      </p>
      <Form method="get" className="filter-row" key={status}>
        <SelectField name="status" label={t("vetting.filter_status")} defaultValue={status}>
          <option value="">{t("admin.all")}</option>
          {APPLICATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`application_status.${s}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button">
          {t("admin.filter")}
        </button>
      </Form>
      <table>
        <caption>{t("admin.applications_heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("field.display_name")}</th>
            <th scope="col">{t("field.subjects")}</th>
            <th scope="col">{t("field.qualification")}</th>
            <th scope="col">{t("admin.state")}</th>
            <th scope="col">{t("admin.created")}</th>
          </tr>
        </thead>
        <tbody>
          {applications.map((a) => (
            <tr key={a.id}>
              <td data-label={t("field.display_name")}>
                <Link to={`/admin/applications/${a.id}`} dir="auto">
                  {a.displayName}
                </Link>
              </td>
              <td data-label={t("field.subjects")}>{a.subjects.map((s) => t(`subject.${s}`)).join(", ")}</td>
              <td data-label={t("field.qualification")}>{t(`qualification.${a.highestQualification}`)}</td>
              <td data-label={t("admin.state")}>
                <span className={`status status-${a.status}`}>{t(`application_status.${a.status}`)}</span>
              </td>
              <td data-label={t("admin.created")} className="nowrap">
                {new Date(a.createdAt).toISOString().slice(0, 10)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {applications.length === 0 ? <p>{status ? t("vetting.none_with_status") : t("admin.no_applications")}</p> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
