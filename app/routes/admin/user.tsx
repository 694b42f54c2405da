import { Form, redirect } from "react-router";
import type { Route } from "./+types/user";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert } from "#app/components/forms.tsx";
import { getUserForAdmin, grantRole, revokeRole } from "#app/modules/identity/roles.server.ts";
import { RoleChangeSchema } from "#app/modules/identity/schemas.ts";
import { requirePermission, requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { badForm, formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.user_title");

const ALL_ROLES = ["learner", "educator", "verifier", "sponsor", "admin"] as const;

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:user:any");
  const user = await getUserForAdmin(params.userId.slice(0, 40));
  if (!user) throw toErrorResponse(new AppError("NOT_FOUND"));
  const isLearnerOnly = user.roles.every((r) => r.role === "learner");
  // A learner's email is not shown to staff browsing accounts; they found it by typing it.
  return { user: { ...user, email: isLearnerOnly ? null : user.email } };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUserWithPermission(request, "read:user:any");
  const formData = await readForm(request);
  const parsed = parseForm(formData, RoleChangeSchema);
  if (!parsed.ok) return badForm(parsed);
  requirePermission(actor, parsed.data.intent === "grant" ? "grant:role:any" : "revoke:role:any");
  const target = await getUserForAdmin(params.userId.slice(0, 40));
  if (!target) throw toErrorResponse(new AppError("NOT_FOUND"));
  try {
    if (parsed.data.intent === "grant") await grantRole({ actorId: actor.id, userId: target.id, role: parsed.data.role });
    else await revokeRole({ actorId: actor.id, userId: target.id, role: parsed.data.role });
  } catch (e) {
    if (e instanceof AppError && e.code === "BAD_REQUEST") return formError({ form: ["admin.cannot_remove_own_admin"] });
    throw e;
  }
  return redirect(`/admin/users/${target.id}`);
}

export default function AdminUser({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { user } = loaderData;
  const held = new Set(user.roles.map((r) => r.role));
  return (
    <div className="stack">
      <h1>{user.displayName}</h1>
      <FormAlert errors={actionData?.errors} />
      <dl className="details">
        {user.email ? (
          <>
            <dt>{t("field.email")}</dt>
            <dd>{user.email}</dd>
          </>
        ) : null}
        <dt>{t("admin.state")}</dt>
        <dd>{t(`user_status.${user.status}`)}</dd>
        <dt>{t("admin.organisations")}</dt>
        <dd>{user.memberships.map((m) => m.org.name).join(", ") || "—"}</dd>
      </dl>
      <section className="panel" aria-labelledby="roles-heading">
        <h2 id="roles-heading">{t("admin.roles")}</h2>
        <ul className="role-list">
          {ALL_ROLES.map((role) => (
            <li key={role}>
              <span>{t(`role.${role}`)}</span>{" "}
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
