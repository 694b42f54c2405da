import type { Route } from "./+types/applications";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { listApplications } from "#app/modules/educators/submit-application.server.ts";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.applications_title");

export async function loader({ request }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:educator-application:any");
  return { applications: await listApplications() };
}

/** The vetting queue (read-only here; approve/reject arrives with the educator network issue). */
export default function Applications({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("admin.applications_heading")}</h1>
      <table>
        <caption>{t("admin.applications_heading")}</caption>
        <thead><tr><th scope="col">{t("field.display_name")}</th><th scope="col">{t("field.subjects")}</th><th scope="col">{t("field.qualification")}</th><th scope="col">{t("admin.state")}</th><th scope="col">{t("admin.created")}</th></tr></thead>
        <tbody>
          {loaderData.applications.map((a) => (
            <tr key={a.id}>
              <td>{a.user.displayName}</td>
              <td>{a.subjects.map((s) => t(`subject.${s}`)).join(", ")}</td>
              <td>{t(`qualification.${a.highestQualification}`)}</td>
              <td>{t(`application_status.${a.status}`)}</td>
              <td>{new Date(a.createdAt).toISOString().slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {loaderData.applications.length === 0 ? <p>{t("admin.no_applications")}</p> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
