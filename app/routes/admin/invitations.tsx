import { data, Form, useLocation } from "react-router";
import type { Route } from "./+types/invitations";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { createInvitation } from "#app/modules/identity/create-invitation.server.ts";
import { listInvitations, listOrganisations } from "#app/modules/identity/queries.server.ts";
import { InvitationSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.invitations_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const [invitations, orgs] = await Promise.all([
    listInvitations(actor),
    listOrganisations(actor, { kinds: ["sponsor", "institution"] }),
  ]);
  return { invitations, orgs, constraints: getConstraints(InvitationSchema) };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, InvitationSchema);
  return submitForm(submission, async (input) => {
    await createInvitation(actor, input);
    return data({ sent: true });
  });
});

export default function Invitations({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const form = formState(actionData && "result" in actionData ? actionData.result : undefined, {
    constraints: loaderData.constraints,
  });
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
        <FormAlert errors={form.errors} />
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="invite" />
          <Field {...form.field("email")} label={t("field.email")} type="email" />
          <SelectField {...form.field("orgId")} label={t("field.organisation")}>
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
