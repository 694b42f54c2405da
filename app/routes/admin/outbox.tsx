import type { Route } from "./+types/outbox";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { listOutbox } from "#app/utils/mailer.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.outbox_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  return { emails: await listOutbox(await requireUser(request)) };
});

/** In development and tests, every email lands here instead of being sent. */
export default function Outbox({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("admin.outbox_heading")}</h1>
      <p className="hint">{t("admin.outbox_hint")}</p>
      {loaderData.emails.length === 0 ? <p>{t("admin.outbox_empty")}</p> : null}
      <ol className="outbox">
        {loaderData.emails.map((e) => (
          <li key={e.id} className="panel">
            <p>
              <strong>{t("admin.to")}:</strong> <span className="wrap-anywhere">{e.to}</span>
            </p>
            <p>
              {/* In the recipient's language, which need not be the page's. */}
              <strong>{t("admin.subject")}:</strong> <span dir="auto">{e.subject}</span>
            </p>
            {e.sentAt ? (
              <p>
                <strong>{t("admin.outbox_sent")}</strong>
              </p>
            ) : e.error ? (
              // The transport's last answer (a retried send that has not gone through, or gave up).
              <p>
                <strong>{t("admin.outbox_error")}:</strong> <span className="wrap-anywhere">{e.error}</span>
              </p>
            ) : null}
            <pre className="email-body">{e.text}</pre>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
