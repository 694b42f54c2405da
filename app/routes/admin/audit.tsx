import { Form, Link } from "react-router";
import type { Route } from "./+types/audit";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { getAuditLogPage, type AuditValue } from "#app/modules/audit/queries.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.audit_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  return getAuditLogPage(actor, new URL(request.url).searchParams);
});

type T = ReturnType<typeof useT>;

/** A label by key, or the stored value when there is no label for it (a value this page does not know yet). */
function labelOr(t: T, key: string, raw: string) {
  const text = t(key);
  return text === key ? raw : text;
}

function Value({ value }: { value: AuditValue }) {
  const t = useT();
  if ("text" in value) return <span dir="auto">{value.text}</span>;
  if ("name" in value) return <span dir="auto">{value.name}</span>;
  if ("gone" in value) return <>{t("audit.record_gone")}</>;
  if ("labels" in value) return <>{value.labels.map((l) => labelOr(t, l.key, l.raw)).join(", ")}</>;
  if ("number" in value) return <>{value.number}</>;
  return <>{value.yes ? t("audit.yes") : t("audit.no")}</>;
}

export default function Audit({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { filters, events, actions, actorUnknown, olderHref, newerHref } = loaderData;
  const filtering = Boolean(filters.action || filters.actor || filters.actorId || filters.from || filters.to);
  const pager = (label: string) =>
    olderHref || newerHref ? (
      <nav className="actions pager" aria-label={label}>
        {newerHref ? <Link to={newerHref}>{t("audit.newer")}</Link> : null}
        {olderHref ? <Link to={olderHref}>{t("audit.older")}</Link> : null}
      </nav>
    ) : null;
  return (
    <div className="stack">
      <h1>{t("admin.audit_heading")}</h1>
      {/* Folded unless a filter is in use, so the events come first on a phone (<details>: no JavaScript needed). */}
      <details className="panel audit-filter-panel" open={filtering}>
        <summary>{t("audit.filter_heading")}</summary>
        <Form method="get" className="form audit-filters" role="search" aria-label={t("audit.filter_heading")}>
          <div className="field">
            <label htmlFor="audit-action">{t("admin.audit_action")}</label>
            <select id="audit-action" name="action" defaultValue={filters.action}>
              <option value="">{t("admin.all")}</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {labelOr(t, `audit_action.${a}`, a)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-actor">{t("audit.actor_filter")}</label>
            <input id="audit-actor" name="actor" type="text" maxLength={254} autoComplete="off" defaultValue={filters.actor} />
          </div>
          {filters.actorId ? <input type="hidden" name="actorId" value={filters.actorId} /> : null}
          <div className="field">
            <label htmlFor="audit-from">{t("audit.from")}</label>
            <input id="audit-from" name="from" type="date" defaultValue={filters.from} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t("audit.to")}</label>
            <input id="audit-to" name="to" type="date" defaultValue={filters.to} />
          </div>
          <div className="actions">
            <button type="submit" className="button">
              {t("admin.filter")}
            </button>
            <Link to="/admin/audit">{t("audit.clear")}</Link>
          </div>
        </Form>
      </details>
      {filters.actorId ? (
        <p className="alert alert-info">
          {t("audit.showing_actor")} <strong dir="auto">{filters.actorName ?? t("audit.account_gone")}</strong>{" "}
          <Link to="/admin/audit">{t("audit.show_everyone")}</Link>
        </p>
      ) : null}
      {actorUnknown ? (
        <p className="alert alert-info" role="status">
          {t("audit.actor_unknown")}
        </p>
      ) : null}
      {pager(t("audit.pages_top"))}
      {events.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        <table className="audit-table">
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
            {events.map((e) => (
              <tr key={e.id}>
                <td data-label={t("admin.when")} className="nowrap">
                  <time dateTime={new Date(e.createdAt).toISOString()} dir="ltr">
                    {new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19)}
                  </time>
                </td>
                <td data-label={t("admin.audit_action")}>{labelOr(t, `audit_action.${e.action}`, e.action)}</td>
                <td data-label={t("admin.entity")}>
                  {labelOr(t, `audit_entity.${e.subject.type}`, e.subject.type)}
                  {e.subject.name ? (
                    <>
                      {": "}
                      {e.subject.href ? (
                        <Link to={e.subject.href} dir="auto">
                          {e.subject.name}
                        </Link>
                      ) : (
                        <span dir="auto">{e.subject.name}</span>
                      )}
                      {e.subject.role ? ` (${t(`role.${e.subject.role}`)})` : null}
                    </>
                  ) : null}
                </td>
                <td data-label={t("admin.actor")}>
                  {e.actor ? (
                    <Link to={`/admin/audit?actorId=${encodeURIComponent(e.actor.id)}`} dir="auto">
                      {e.actor.name ?? t("audit.account_gone")}
                    </Link>
                  ) : (
                    t("audit.no_actor")
                  )}
                </td>
                <td data-label={t("admin.details")}>
                  {e.details.length ? (
                    <dl className="audit-details">
                      {e.details.map((d) => (
                        <div key={d.field}>
                          <dt>{labelOr(t, `audit_field.${d.field}`, d.field)}</dt>
                          <dd>
                            <Value value={d.value} />
                          </dd>
                        </div>
                      ))}
                    </dl>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pager(t("audit.pages_bottom"))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
