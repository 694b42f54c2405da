import { Link } from "react-router";
import type { Route } from "./+types/learn";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "learn.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const user = await requireUser(request);
  requirePermission(user, "read:enrolment:own");
  return { displayName: user.displayName, welcome: new URL(request.url).searchParams.get("welcome") === "1" };
});

/**
 * The learner's dashboard. The catalog is open (a link to it, and a plain word on what comes next);
 * enrolment, lessons, progress and credentials arrive with later issues.
 */
export default function Learn({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <h1>
        <WithUserText message={t("learn.heading")} values={{ name: loaderData.displayName }} />
      </h1>
      {loaderData.welcome ? (
        <p className="alert alert-info" role="status">
          {t("learn.welcome")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="courses-heading">
        <h2 id="courses-heading">{t("learn.courses_heading")}</h2>
        <p>{t("learn.catalog_open")}</p>
        <p>
          <Link className="button" to="/courses">
            {t("learn.browse_catalog")}
          </Link>
        </p>
        <p className="hint">{t("learn.what_next")}</p>
      </section>
      <section className="panel" aria-labelledby="safety-heading">
        <h2 id="safety-heading">{t("learn.safety_heading")}</h2>
        <p>{t("learn.safety_body_menu")}</p>
        <p>
          <Link to="/safety">{t("nav.safety")}</Link> · <Link to="/settings">{t("nav.settings")}</Link>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
