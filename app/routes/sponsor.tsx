import type { Route } from "./+types/sponsor";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { listOwnOrganisations } from "#app/modules/identity/queries.server.ts";
import { requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const user = await requireUser(request);
  requirePermission(user, "read:order:org");
  const orgs = await listOwnOrganisations(user, "sponsor");
  return { orgs };
});

/** The sponsor's home. Orders, seats and the aggregate impact report arrive with the sponsorship issue. */
export default function Sponsor({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("sponsor.heading")}</h1>
      {loaderData.orgs.map((o) => (
        <section key={o.id} className="panel" aria-label={o.name}>
          <h2 dir="auto">{o.name}</h2>
          <p>{t("sponsor.no_orders")}</p>
        </section>
      ))}
      <p className="hint">{t("sponsor.privacy")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
