import { Form, Link } from "react-router";
import type { Route } from "./+types/users";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { listUsers } from "#app/modules/identity/queries.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.users_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const email = (new URL(request.url).searchParams.get("email") ?? "").slice(0, 254);
  return { email, users: await listUsers(actor, { email }) };
});

export default function Users({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("admin.users_heading")}</h1>
      <p className="hint">{t("admin.users_privacy")}</p>
      <Form method="get" className="inline-form" role="search">
        <label htmlFor="user-email">{t("admin.find_by_identifier")}</label>
        <input id="user-email" name="email" type="text" maxLength={254} autoComplete="off" defaultValue={loaderData.email} />
        <button type="submit" className="button-small">
          {t("admin.find")}
        </button>
      </Form>
      <table>
        <caption>{t("admin.users_heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("field.display_name")}</th>
            <th scope="col">{t("admin.roles")}</th>
            <th scope="col">{t("admin.state")}</th>
          </tr>
        </thead>
        <tbody>
          {loaderData.users.map((u) => (
            <tr key={u.id}>
              <td data-label={t("field.display_name")}>
                <Link to={`/admin/users/${u.id}`} dir="auto">
                  {u.displayName}
                </Link>
              </td>
              <td data-label={t("admin.roles")}>{u.roles.map((r) => t(`role.${r.role}`)).join(", ")}</td>
              <td data-label={t("admin.state")}>{t(`user_status.${u.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {loaderData.users.length === 0 ? <p>{t("admin.no_users")}</p> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
