import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/members";
import { WithUserText } from "#app/components/bidi.tsx";
import { ConfirmAction, pendingConfirmation } from "#app/components/confirm-action.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { inviteOrgMember } from "#app/modules/identity/invite-org-member.server.ts";
import { listOrgMembers } from "#app/modules/identity/queries.server.ts";
import { removeOrgMember } from "#app/modules/identity/remove-org-member.server.ts";
import { revokeOrgInvitation } from "#app/modules/identity/revoke-org-invitation.server.ts";
import { InviteOrgMemberSchema, OrgMembersPageSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { idParam } from "#app/modules/sponsorship/queries.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { dateFormat } from "#app/utils/intl-format.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.members_title");

const DONE = ["sent", "removed", "revoked"] as const;

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const page = await listOrgMembers(actor, idParam(params.orgId));
  const done = new URL(request.url).searchParams.get("done");
  return { ...page, done: DONE.find((d) => d === done) ?? null, constraints: getConstraints(InviteOrgMemberSchema) };
});

/** An owner invites a person, removes a member or withdraws an invitation (the organisation comes from the URL). */
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const orgId = idParam(params.orgId);
  const submission = await readSubmission(request, OrgMembersPageSchema);
  const done = (what: (typeof DONE)[number]) => redirect(`/sponsor/orgs/${orgId}/members?done=${what}`);
  return submitForm(submission, async (input) => {
    switch (input.intent) {
      case "invite":
        await inviteOrgMember(actor, { orgId, email: input.email, orgRole: input.orgRole });
        return done("sent");
      case "remove-member":
        // Without `confirm=yes` this refuses with `confirmation.required`: the page then asks (ADR 015).
        await removeOrgMember(actor, { orgId, userId: input.userId, confirm: input.confirm });
        return done("removed");
      case "revoke-invitation":
        await revokeOrgInvitation(actor, { orgId, invitationId: input.invitationId, confirm: input.confirm });
        return done("revoked");
    }
  });
});

/** Who belongs to a sponsor organisation and who is invited; its owners invite and remove people here. */
export default function Members({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const { org, members, invitations, canManage, done } = loaderData;
  const here = `/sponsor/orgs/${org.id}/members`;
  const reply = actionData?.result;
  const confirming = pendingConfirmation(actionData);
  const inviting = reply?.initialValue?.intent === "invite";
  const form = formState(inviting ? reply : undefined, {
    constraints: loaderData.constraints,
    defaults: { orgRole: "member" },
  });
  // A remove or withdraw button's refusal (the last owner, accepted meanwhile) has no form of its own.
  const other = reply && !confirming && !inviting ? formState(reply) : null;
  const removing = confirming?.values.intent === "remove-member";
  return (
    <div className="stack">
      <p>
        <Link to="/sponsor">{t("sponsor.back_home")}</Link>
      </p>
      <h1>
        <WithUserText message={t("sponsor.members_heading")} values={{ org: org.name }} />
      </h1>
      {confirming ? (
        <ConfirmAction
          pending={confirming}
          heading={t(removing ? "sponsor.members_confirm_remove_heading" : "sponsor.members_confirm_withdraw_heading")}
          confirmLabel={t(removing ? "sponsor.members_confirm_remove" : "sponsor.members_confirm_withdraw")}
          cancelTo={here}
        >
          <p>
            {t(removing ? "sponsor.members_confirm_remove_body" : "sponsor.members_confirm_withdraw_body")}{" "}
            <strong className="wrap-anywhere">{String(confirming.params.name ?? confirming.params.email ?? "")}</strong>
          </p>
        </ConfirmAction>
      ) : null}
      {done ? (
        <p className="alert alert-info" role="status">
          {t(`sponsor.members_done_${done}`)}
        </p>
      ) : null}
      {other ? <FormAlert errors={other.errors} /> : null}
      <table>
        <caption>{t("sponsor.members_caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("sponsor.members_name")}</th>
            <th scope="col">{t("sponsor.members_email")}</th>
            <th scope="col">{t("sponsor.members_role")}</th>
            {canManage ? (
              <th scope="col">
                <span className="visually-hidden">{t("sponsor.members_actions")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td data-label={t("sponsor.members_name")} dir="auto">
                {m.displayName ?? "—"}
                {m.isMe ? ` ${t("sponsor.members_you")}` : null}
              </td>
              <td data-label={t("sponsor.members_email")} className="wrap-anywhere">
                {m.email ?? "—"}
              </td>
              <td data-label={t("sponsor.members_role")}>{t(`sponsor.members_role_${m.orgRole}`)}</td>
              {canManage ? (
                <td data-label={t("sponsor.members_actions")}>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-member" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <button type="submit" className="button-small">
                      {t("sponsor.members_remove")}
                      <bdi className="visually-hidden"> {m.email ?? m.displayName ?? ""}</bdi>
                    </button>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <section className="panel stack" aria-labelledby="open-invitations">
        <h2 id="open-invitations">{t("sponsor.members_invitations")}</h2>
        {invitations.length === 0 ? (
          <p>{t("sponsor.members_no_invitations")}</p>
        ) : (
          <table>
            <caption className="visually-hidden">{t("sponsor.members_invitations")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("sponsor.members_email")}</th>
                <th scope="col">{t("sponsor.members_role")}</th>
                <th scope="col">{t("sponsor.members_expires")}</th>
                {canManage ? (
                  <th scope="col">
                    <span className="visually-hidden">{t("sponsor.members_actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td data-label={t("sponsor.members_email")} className="wrap-anywhere">
                    {i.email}
                  </td>
                  <td data-label={t("sponsor.members_role")}>{t(`sponsor.members_role_${i.orgRole}`)}</td>
                  <td data-label={t("sponsor.members_expires")}>{day.format(new Date(i.expiresAt))}</td>
                  {canManage ? (
                    <td data-label={t("sponsor.members_actions")}>
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke-invitation" />
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button type="submit" className="button-small">
                          {t("sponsor.members_withdraw")}
                          <bdi className="visually-hidden"> {i.email}</bdi>
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canManage ? (
        <section className="panel" aria-labelledby="invite-heading">
          <h2 id="invite-heading">{t("sponsor.members_invite_heading")}</h2>
          <p className="hint">{t("sponsor.members_invite_hint")}</p>
          <FormAlert errors={form.errors} />
          <Form method="post" className="form" noValidate key={location.key}>
            <input type="hidden" name="intent" value="invite" />
            <Field {...form.field("email")} label={t("field.email")} type="email" autoComplete="off" />
            <SelectField
              {...form.field("orgRole")}
              label={t("sponsor.members_org_role")}
              hint={t("sponsor.members_org_role_hint")}
            >
              <option value="member">{t("sponsor.members_role_member")}</option>
              <option value="owner">{t("sponsor.members_role_owner")}</option>
            </SelectField>
            <button type="submit" className="button">
              {t("sponsor.members_send")}
            </button>
          </Form>
        </section>
      ) : (
        <p className="hint">{t("sponsor.members_only_owners")}</p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
