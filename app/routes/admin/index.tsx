import type { Route } from "./+types/index";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { countPendingApplications } from "#app/modules/educators/queries.server.ts";
import { countOrganisations, countUsers } from "#app/modules/identity/queries.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { countOutbox } from "#app/utils/mailer.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  // countUsers checks the admin's permission before anything else is read.
  const users = await countUsers(actor);
  const [pendingApplications, organisations, outbox] = await Promise.all([
    countPendingApplications(),
    countOrganisations(actor),
    countOutbox(actor),
  ]);
  return { users, pendingApplications, organisations, outbox };
});

export default function AdminIndex({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("admin.heading")}</h1>
      <dl className="stats">
        <div>
          <dt>{t("admin.stat_users")}</dt>
          <dd>{loaderData.users}</dd>
        </div>
        <div>
          <dt>{t("admin.stat_pending")}</dt>
          <dd>{loaderData.pendingApplications}</dd>
        </div>
        <div>
          <dt>{t("admin.stat_orgs")}</dt>
          <dd>{loaderData.organisations}</dd>
        </div>
        <div>
          <dt>{t("admin.stat_outbox")}</dt>
          <dd>{loaderData.outbox}</dd>
        </div>
      </dl>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
