import type { Route } from "./+types/audit";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { AUDIT_ACTIONS, listAuditEvents } from "#app/modules/audit/audit.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.audit_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const page = await listAuditEvents(actor, { action: new URL(request.url).searchParams.get("action") });
  return {
    filter: page.action ?? "",
    actions: AUDIT_ACTIONS,
    events: page.events.map((e) => ({ ...e, data: JSON.stringify(e.data) })),
  };
});

export default function Audit({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("admin.audit_heading")}</h1>
      <form method="get" className="inline-form" role="search">
        <label htmlFor="audit-action">{t("admin.audit_action")}</label>
        <select id="audit-action" name="action" defaultValue={loaderData.filter}>
          <option value="">{t("admin.all")}</option>
          {loaderData.actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <button type="submit" className="button-small">
          {t("admin.filter")}
        </button>
      </form>
      <table>
        <caption>{t("admin.audit_heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.when")}</th>
            <th scope="col">{t("admin.audit_action")}</th>
            <th scope="col">{t("admin.entity")}</th>
            <th scope="col">{t("admin.actor")}</th>
            <th scope="col">{t("admin.details")}</th>
          </tr>
        </thead>
        <tbody>
          {loaderData.events.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.entityType}
                {e.entityId ? ` ${e.entityId}` : ""}
              </td>
              <td>{e.actorId ?? "—"}</td>
              <td>
                <code>{e.data}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
