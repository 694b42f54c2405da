import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { useT } from "#app/utils/use-t.ts";

const KNOWN = new Set([400, 401, 403, 404, 405, 409, 413, 429, 500]);

/** A friendly page for each status, in the user's language; never a stack trace in production. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
  if (!isRouteErrorResponse(error) && import.meta.env.DEV) console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`error.${key}.title`)}</h1>
      <p>{t(`error.${key}.body`)}</p>
      {import.meta.env.DEV && error instanceof Error ? <pre className="dev-only">{error.message}</pre> : null}
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </section>
  );
}
