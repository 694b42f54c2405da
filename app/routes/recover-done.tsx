import { Link } from "react-router";
import type { Route } from "./+types/recover-done";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { getRecoveryCodeStatus } from "#app/modules/identity/queries.server.ts";
import { homeFor, requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "recovery.done_title");

/** Where a recovery lands: the new password is set, every other session ended, this one is fresh. */
export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const method = new URL(request.url).searchParams.get("method");
  return {
    codes: await getRecoveryCodeStatus(actor),
    usedRecoveryCode: method === "recovery_code",
    home: homeFor(actor.roles),
  };
});

export default function RecoverDone({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { codes } = loaderData;
  return (
    <section className="narrow stack" aria-labelledby="done-heading">
      <h1 id="done-heading">{t("recovery.done_heading")}</h1>
      <p className="alert alert-info" role="status">
        {t("recovery.done_body")}
      </p>
      {loaderData.usedRecoveryCode || codes.unused < 3 ? (
        <p>
          {t("recovery.codes_left", { count: codes.unused })}{" "}
          <Link to="/settings/recovery-codes">{t("recovery.make_new_codes")}</Link>
        </p>
      ) : null}
      <p>
        <Link to={loaderData.home} className="button">
          {t("recovery.continue")}
        </Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
