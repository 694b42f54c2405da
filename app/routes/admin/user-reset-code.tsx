import { data, Form, Link, useLocation } from "react-router";
import type { Route } from "./+types/user-reset-code";
import { ConfirmAction, pendingConfirmation } from "#app/components/confirm-action.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { issueResetCode } from "#app/modules/identity/issue-reset-code.server.ts";
import { getResetCodePage } from "#app/modules/identity/queries.server.ts";
import { IssueResetCodeSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { dateFormat } from "#app/utils/intl-format.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "recovery.admin_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  return { page: await getResetCodePage(actor, params.userId), constraints: getConstraints(IssueResetCodeSchema) };
});

// Two posts, without JavaScript too (ADR 015): the first asks "are you sure?", the confirmed one issues.
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, IssueResetCodeSchema);
  return submitForm(submission, async (input) => {
    // Shown once, in this response; only its keyed hash is stored.
    const issued = await issueResetCode(actor, { ...input, userId: params.userId });
    return data({ issued }, { headers: { "Cache-Control": "no-store" } });
  });
});

function useDateTime() {
  const locale = useLocale();
  const format = dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return (value: Date | string) => `${format.format(new Date(value))} UTC`;
}

export default function AdminUserResetCode({ loaderData, actionData, params }: Route.ComponentProps) {
  const t = useT();
  const when = useDateTime();
  const location = useLocation();
  const { user, ngos, suggestedNgoId, eligible, openCodeExpiresAt } = loaderData.page;
  const issued = actionData && "issued" in actionData ? actionData.issued : null;
  const confirming = pendingConfirmation(actionData);
  const reply = actionData && "result" in actionData && !confirming ? actionData.result : undefined;
  const form = formState(reply, { defaults: { ngoId: suggestedNgoId ?? "" }, constraints: loaderData.constraints });
  const back = `/admin/users/${encodeURIComponent(params.userId)}`;
  const here = `${back}/reset-code`;
  const account = (
    <dl className="details">
      <dt>{t("recovery.admin_display_name")}</dt>
      <dd dir="auto">{user.displayName}</dd>
      <dt>{t("recovery.username")}</dt>
      <dd dir="ltr" translate="no">
        {user.username}
      </dd>
    </dl>
  );

  if (issued) {
    return (
      <div className="stack narrow">
        <h1>{t("recovery.admin_issued_heading")}</h1>
        <div className="alert alert-info" role="status">
          <p>{t("recovery.admin_issued")}</p>
          <p className="code-display" dir="ltr" translate="no">
            <code>{issued.code}</code>
          </p>
          <p>{t("recovery.admin_expires", { when: when(issued.expiresAt) })}</p>
        </div>
        {account}
        <p>{t("recovery.admin_hand_over")}</p>
        <p>
          <Link to={back}>{t("recovery.admin_back")}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="stack narrow">
      <h1>{t("recovery.admin_heading")}</h1>
      <p>{t("recovery.admin_intro")}</p>
      {account}
      {confirming ? (
        <ConfirmAction
          pending={confirming}
          heading={t("recovery.admin_confirm_heading")}
          confirmLabel={t("recovery.admin_issue")}
          cancelTo={here}
          danger={false}
        >
          <p>
            {t("recovery.admin_confirm_for")} <strong dir="auto">{String(confirming.params.name ?? user.displayName)}</strong>
          </p>
          <p>
            {t("recovery.admin_confirm_ngo")} <strong dir="auto">{String(confirming.params.ngo ?? "")}</strong>
          </p>
          <ul>
            <li>{t("recovery.admin_rule_once")}</li>
            <li>{t("recovery.admin_rule_in_person")}</li>
            <li>{t("recovery.admin_rule_replaces")}</li>
            <li>{t("recovery.admin_rule_audit")}</li>
          </ul>
        </ConfirmAction>
      ) : null}
      {openCodeExpiresAt ? (
        <p className="alert alert-info">{t("recovery.admin_open_code", { when: when(openCodeExpiresAt) })}</p>
      ) : null}
      {!eligible ? (
        <p className="alert alert-error" role="alert">
          {t("reason.reset_code.learners_only")}
        </p>
      ) : confirming ? null : (
        <section className="panel" aria-labelledby="ngo-heading">
          <h2 id="ngo-heading">{t("recovery.admin_choose_heading")}</h2>
          <FormAlert errors={form.errors} />
          <Form method="post" className="form" noValidate key={location.key}>
            <SelectField {...form.field("ngoId")} label={t("recovery.admin_ngo")} hint={t("recovery.admin_ngo_hint")}>
              <option value="">{t("form.choose")}</option>
              {ngos.map((o) => (
                <option key={o.id} value={o.id} dir="auto">
                  {o.name}
                </option>
              ))}
            </SelectField>
            <button type="submit" className="button">
              {t("recovery.admin_continue")}
            </button>
          </Form>
        </section>
      )}
      <p>
        <Link to={back}>{t("recovery.admin_back")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
