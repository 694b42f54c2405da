import { Form, redirect } from "react-router";
import type { Route } from "./+types/user";
import { ConfirmAction, pendingConfirmation } from "#app/components/confirm-action.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState } from "#app/components/forms.tsx";
import { grantRole } from "#app/modules/identity/grant-role.server.ts";
import { getUserForAdmin } from "#app/modules/identity/queries.server.ts";
import { revokeRole } from "#app/modules/identity/revoke-role.server.ts";
import { RoleChangeSchema, ROLES } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.user_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const done = new URL(request.url).searchParams.get("done");
  return { user: await getUserForAdmin(actor, params.userId), done: done === "grant" || done === "revoke" ? done : null };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, RoleChangeSchema);
  return submitForm(submission, async ({ intent, role, confirm }) => {
    // Without `confirm=yes` either refuses with `confirmation.required`: the page then asks (ADR 015).
    const change = intent === "grant" ? grantRole : revokeRole;
    await change(actor, { userId: params.userId, role, confirm });
    return redirect(`/admin/users/${encodeURIComponent(params.userId)}?done=${intent}`);
  });
});

export default function AdminUser({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { user, done } = loaderData;
  const held = new Set(user.roles.map((r) => r.role));
  const confirming = pendingConfirmation(actionData);
  const form = formState(confirming ? undefined : actionData?.result);
  const here = `/admin/users/${encodeURIComponent(user.id)}`;
  const pendingIntent = confirming?.values.intent === "revoke" ? "revoke" : "grant";
  const pendingRole = t(`role.${String(confirming?.values.role ?? "")}`);
  return (
    <div className="stack">
      <h1 dir="auto">{user.displayName}</h1>
      {confirming ? (
        <ConfirmAction
          pending={confirming}
          heading={t(`admin.confirm_${pendingIntent}_role_heading`, { role: pendingRole })}
          confirmLabel={t(`admin.confirm_${pendingIntent}_role`, { role: pendingRole })}
          cancelTo={here}
        >
          <p>
            {t(`admin.confirm_${pendingIntent}_role_body`, { role: pendingRole })}{" "}
            <strong dir="auto">{String(confirming.params.name ?? user.displayName)}</strong>
          </p>
          <p className="hint">{t(`admin.confirm_${pendingIntent}_role_effect`)}</p>
        </ConfirmAction>
      ) : null}
      {done ? (
        <p className="alert alert-info" role="status">
          {t(`admin.role_done_${done}`)}
        </p>
      ) : null}
      <FormAlert errors={form.errors} />
      <dl className="details">
        {user.email ? (
          <>
            <dt>{t("field.email")}</dt>
            <dd className="wrap-anywhere">{user.email}</dd>
          </>
        ) : null}
        <dt>{t("admin.state")}</dt>
        <dd>{t(`user_status.${user.status}`)}</dd>
        <dt>{t("admin.organisations")}</dt>
        <dd dir="auto">{user.memberships.map((m) => m.org.name).join(", ") || "—"}</dd>
      </dl>
      {held.has("learner") ? (
        <p>
          <a href={`${here}/reset-code`}>{t("recovery.admin_link")}</a>
        </p>
      ) : null}
      <section className="panel" aria-labelledby="roles-heading">
        <h2 id="roles-heading">{t("admin.roles")}</h2>
        <ul className="role-list">
          {ROLES.map((role) => (
            <li key={role}>
              <span>
                {t(`role.${role}`)}
                {held.has(role) ? ` · ${t("admin.role_held")}` : null}
              </span>{" "}
              <Form method="post" className="inline-form">
                <input type="hidden" name="role" value={role} />
                <input type="hidden" name="intent" value={held.has(role) ? "revoke" : "grant"} />
                <button type="submit" className="button-small">
                  {held.has(role) ? t("admin.revoke_role") : t("admin.grant_role")}
                  <span className="visually-hidden"> {t(`role.${role}`)}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
