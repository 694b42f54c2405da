import { Form, redirect, useLocation } from "react-router";
import type { Route } from "./+types/invitations";
import { ConfirmAction, pendingConfirmation } from "#app/components/confirm-action.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { createInvitation } from "#app/modules/identity/create-invitation.server.ts";
import { listInvitations, listOrganisations } from "#app/modules/identity/queries.server.ts";
import { resendInvitation } from "#app/modules/identity/resend-invitation.server.ts";
import { revokeInvitation } from "#app/modules/identity/revoke-invitation.server.ts";
import { InvitationSchema, InvitationsPageSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.invitations_title");

const DONE = ["sent", "resent", "revoked"] as const;

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  // One after the other: a refused read must not leave the other's promise unhandled.
  const invitations = await listInvitations(actor);
  const orgs = await listOrganisations(actor, { kinds: ["sponsor", "institution"] });
  const done = new URL(request.url).searchParams.get("done");
  return { invitations, orgs, done: DONE.find((d) => d === done) ?? null, constraints: getConstraints(InvitationSchema) };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, InvitationsPageSchema);
  return submitForm(submission, async (input) => {
    switch (input.intent) {
      case "invite":
        await createInvitation(actor, input);
        return redirect("/admin/invitations?done=sent");
      case "resend-invitation":
        await resendInvitation(actor, input);
        return redirect("/admin/invitations?done=resent");
      case "revoke-invitation":
        // Without `confirm=yes` this refuses with `confirmation.required`: the page then asks (ADR 015).
        await revokeInvitation(actor, input);
        return redirect("/admin/invitations?done=revoked");
    }
  });
});

export default function Invitations({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const reply = actionData?.result;
  const confirming = pendingConfirmation(actionData);
  const form = formState(reply?.initialValue?.intent === "invite" ? reply : undefined, {
    constraints: loaderData.constraints,
    defaults: { orgRole: "owner" },
  });
  // A resend or withdraw button's refusal (accepted meanwhile) has no form of its own: its message goes on top.
  const other = reply && !confirming && reply.initialValue?.intent !== "invite" ? formState(reply) : null;
  const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "—");
  return (
    <div className="stack">
      <h1>{t("admin.invitations_heading")}</h1>
      {confirming ? (
        <ConfirmAction
          pending={confirming}
          heading={t("admin.confirm_revoke_invitation_heading")}
          confirmLabel={t("admin.confirm_revoke_invitation")}
          cancelTo="/admin/invitations"
        >
          <p>
            {t("admin.confirm_revoke_invitation_body")}{" "}
            <strong className="wrap-anywhere">{String(confirming.params.email ?? "")}</strong>
          </p>
        </ConfirmAction>
      ) : null}
      {loaderData.done ? (
        <p className="alert alert-info" role="status">
          {t(loaderData.done === "sent" ? "admin.invitation_sent" : `admin.invitation_done_${loaderData.done}`)}
        </p>
      ) : null}
      {other ? <FormAlert errors={other.errors} /> : null}
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
          <SelectField
            {...form.field("orgRole")}
            label={t("sponsor.members_admin_org_role")}
            hint={t("sponsor.members_admin_org_role_hint")}
          >
            <option value="owner">{t("sponsor.members_role_owner")}</option>
            <option value="member">{t("sponsor.members_role_member")}</option>
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
            <th scope="col">{t("field.email")}</th>
            <th scope="col">{t("field.organisation")}</th>
            <th scope="col">{t("admin.role")}</th>
            <th scope="col">{t("admin.state")}</th>
            <th scope="col">{t("admin.invitation_last_sent")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("admin.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {loaderData.invitations.map((i) => (
            <tr key={i.id}>
              <td data-label={t("field.email")} className="wrap-anywhere">
                {i.email}
              </td>
              <td data-label={t("field.organisation")} dir="auto">
                {i.org.name}
              </td>
              <td data-label={t("admin.role")}>
                {t(`role.${i.role}`)}
                {i.org.kind === "sponsor" ? ` · ${t(`sponsor.members_role_${i.orgRole}`)}` : null}
              </td>
              <td data-label={t("admin.state")}>{t(`invitation_state.${i.state}`)}</td>
              <td data-label={t("admin.invitation_last_sent")}>{day(i.lastSentAt ?? i.createdAt)}</td>
              <td data-label={t("admin.actions")}>
                {i.state === "open" || i.state === "expired" ? (
                  <div className="actions">
                    <Form method="post">
                      <input type="hidden" name="intent" value="resend-invitation" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit" className="button-small">
                        {t("admin.resend_invitation")}
                        <bdi className="visually-hidden"> {i.email}</bdi>
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke-invitation" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit" className="button-small">
                        {t("admin.revoke_invitation")}
                        <bdi className="visually-hidden"> {i.email}</bdi>
                      </button>
                    </Form>
                  </div>
                ) : null}
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
