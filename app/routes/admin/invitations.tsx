import { data, Form } from "react-router";
import type { Route } from "./+types/invitations";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, SelectField } from "#app/components/forms.tsx";
import { createInvitation, listInvitations } from "#app/modules/identity/invitations.server.ts";
import { listOrganisations } from "#app/modules/identity/organisations.server.ts";
import { InvitationSchema } from "#app/modules/identity/schemas.ts";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { badForm, formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.invitations_title");

export async function loader({ request }: Route.LoaderArgs) {
  const reader = await requireUserWithPermission(request, "read:invitation:any");
  const [invitations, orgs] = await Promise.all([listInvitations(), listOrganisations(reader)]);
  return { invitations, orgs: orgs.filter((o) => o.kind !== "ngo") };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUserWithPermission(request, "create:invitation:any");
  const formData = await readForm(request);
  const parsed = parseForm(formData, InvitationSchema);
  if (!parsed.ok) return badForm(parsed);
  try {
    await createInvitation({ actorId: user.id, email: parsed.data.email, orgId: parsed.data.orgId });
  } catch (e) {
    if (e instanceof AppError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST"))
      return formError({ orgId: ["form.choose_option"] }, formData);
    throw e;
  }
  return data({ ok: true as const, sent: true, errors: undefined, values: undefined });
}

export default function Invitations({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const errors = actionData?.errors;
  return (
    <div className="stack">
      <h1>{t("admin.invitations_heading")}</h1>
      {actionData && "sent" in actionData ? (
        <p className="alert alert-info" role="status">
          {t("admin.invitation_sent")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="new-invite">
        <h2 id="new-invite">{t("admin.new_invitation")}</h2>
        <p className="hint">{t("admin.invitation_hint")}</p>
        <FormAlert errors={errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field
            name="email"
            label={t("field.email")}
            type="email"
            required
            maxLength={254}
            defaultValue={actionData?.values?.email ?? ""}
            errors={errors?.email}
          />
          <SelectField
            name="orgId"
            label={t("field.organisation")}
            defaultValue={actionData?.values?.orgId ?? ""}
            errors={errors?.orgId}
          >
            <option value="">{t("form.choose")}</option>
            {loaderData.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({t(`org_kind.${o.kind}`)})
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            {t("admin.send_invitation")}
          </button>
        </Form>
      </section>
      <table>
        <caption>{t("admin.invitations_heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("field.organisation")}</th>
            <th scope="col">{t("admin.role")}</th>
            <th scope="col">{t("admin.state")}</th>
            <th scope="col">{t("admin.created")}</th>
          </tr>
        </thead>
        <tbody>
          {loaderData.invitations.map((i) => {
            const state = i.acceptedAt ? "accepted" : new Date(i.expiresAt).getTime() <= Date.now() ? "expired" : "open";
            return (
              <tr key={i.id}>
                <td>{i.org.name}</td>
                <td>{t(`role.${i.role}`)}</td>
                <td>{t(`invitation_state.${state}`)}</td>
                <td>{new Date(i.createdAt).toISOString().slice(0, 10)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
