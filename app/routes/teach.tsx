import type { Route } from "./+types/teach";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { getOwnApplication } from "#app/modules/educators/submit-application.server.ts";
import { requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "teach.title");

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  requirePermission(user, "read:educator-application:own", { ownerId: user.id });
  const application = await getOwnApplication(user.id);
  return { displayName: user.displayName, application };
}

/** The educator's dashboard: for now, the status of the application to teach. */
export default function Teach({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const app = loaderData.application;
  return (
    <div className="stack">
      <h1>{t("teach.heading", { name: loaderData.displayName })}</h1>
      <section className="panel" aria-labelledby="application-heading">
        <h2 id="application-heading">{t("teach.application_heading")}</h2>
        {app ? (
          <>
            <p>
              {t("teach.status")}: <strong className={`status status-${app.status}`}>{t(`application_status.${app.status}`)}</strong>
            </p>
            <p>{t(`teach.status_explain_${app.status}`)}</p>
            {app.decisionReason ? <p>{app.decisionReason}</p> : null}
            <p>
              {t("field.subjects")}: {app.subjects.map((s) => t(`subject.${s}`)).join(", ")}
            </p>
          </>
        ) : (
          <p>{t("teach.no_application")}</p>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
