import { Form, Link } from "react-router";
import type { Route } from "./+types/applications";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { SelectField } from "#app/components/forms.tsx";
import { listApplicationsByStatus, type ApplicationStatus } from "#app/modules/educators/vetting.server.ts";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.applications_title");

// The same list as APPLICATION_STATUSES: the component cannot import a *.server module.
const STATUSES = ["pending", "info_requested", "approved", "rejected"] as const satisfies readonly ApplicationStatus[];

export async function loader({ request }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:educator-application:any");
  const raw = new URL(request.url).searchParams.get("status");
  // An unknown status is ignored: the whole queue is shown.
  const status = STATUSES.find((s) => s === raw);
  return { applications: await listApplicationsByStatus(status), status: status ?? "" };
}

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
          {STATUSES.map((s) => (
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
              <td>
                <Link to={`/admin/applications/${a.id}`}>{a.user.displayName}</Link>
              </td>
              <td>{a.subjects.map((s) => t(`subject.${s}`)).join(", ")}</td>
              <td>{t(`qualification.${a.highestQualification}`)}</td>
              <td>
                <span className={`status status-${a.status}`}>{t(`application_status.${a.status}`)}</span>
              </td>
              <td className="nowrap">{new Date(a.createdAt).toISOString().slice(0, 10)}</td>
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
