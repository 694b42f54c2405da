import type { Route } from "./+types/partner";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { listOwnOrganisations } from "#app/modules/identity/queries.server.ts";
import { requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "partner.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const user = await requireUser(request);
  requirePermission(user, "read:agreement:org");
  const orgs = await listOwnOrganisations(user, "institution");
  return { orgs };
});

/** A verifier's home: its institution. Agreements and credit-transfer requests arrive with the recognition issue. */
export default function Partner({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("partner.heading")}</h1>
      {loaderData.orgs.map((o) => (
        <section key={o.id} className="panel" aria-label={o.name}>
          <h2 dir="auto">{o.name}</h2>
          <p>{t("partner.no_agreements")}</p>
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
