import type { Route } from "./+types/index";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.title");

export async function loader({ request }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:user:any");
  const [users, pendingApplications, organisations, outbox] = await Promise.all([
    prisma.user.count(),
    prisma.educatorApplication.count({ where: { status: "pending" } }),
    prisma.organisation.count(),
    prisma.outboxEmail.count(),
  ]);
  return { users, pendingApplications, organisations, outbox };
}

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
