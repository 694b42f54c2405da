import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import type { ErrorPageData } from "#app/utils/errors.ts";
import { useT } from "#app/utils/use-t.ts";

const KNOWN = new Set([400, 401, 403, 404, 405, 409, 413, 429, 500]);

/** A friendly page for each status, in the user's language; never a stack trace in production. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
  if (!isRouteErrorResponse(error) && import.meta.env.DEV) console.error(error);
  // A domain refusal (app/utils/responses.server.ts) says why in its own words.
  const page =
    isRouteErrorResponse(error) && error.data && typeof error.data === "object" ? (error.data as Partial<ErrorPageData>) : null;
  const why = typeof page?.key === "string" && page.key.startsWith("reason.") ? t(page.key, page.params) : null;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`error.${key}.title`)}</h1>
      <p>{why ?? t(`error.${key}.body`)}</p>
      {import.meta.env.DEV && error instanceof Error ? <pre className="dev-only">{error.message}</pre> : null}
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </section>
  );
}
