import { data, Form, redirect, useLocation } from "react-router";
import type { Route } from "./+types/referral-codes";
import { ConfirmAction, pendingConfirmation } from "#app/components/confirm-action.tsx";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { createReferralCode } from "#app/modules/identity/create-referral-code.server.ts";
import { listOrganisations, listReferralCodes } from "#app/modules/identity/queries.server.ts";
import { reinstateReferralCode } from "#app/modules/identity/reinstate-referral-code.server.ts";
import { revokeReferralCode } from "#app/modules/identity/revoke-referral-code.server.ts";
import { ReferralCodeSchema, ReferralCodesPageSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.codes_title");

const DONE = ["revoked", "reinstated"] as const;

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  // One after the other: a refused read must not leave the other's promise unhandled.
  const codes = await listReferralCodes(actor);
  const ngos = await listOrganisations(actor, { kinds: ["ngo"] });
  const done = new URL(request.url).searchParams.get("done");
  return { codes, ngos, done: DONE.find((d) => d === done) ?? null, constraints: getConstraints(ReferralCodeSchema) };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, ReferralCodesPageSchema);
  return submitForm(submission, async (input) => {
    switch (input.intent) {
      case "revoke-code":
        // Without `confirm=yes` this refuses with `confirmation.required`: the page then asks (ADR 015).
        await revokeReferralCode(actor, input);
        return redirect("/admin/referral-codes?done=revoked");
      case "reinstate-code":
        await reinstateReferralCode(actor, input);
        return redirect("/admin/referral-codes?done=reinstated");
      case "create-code":
        // The code and its link are shown once, here; only the code's hash is stored.
        return data({ created: await createReferralCode(actor, input) });
    }
  });
});

export default function ReferralCodes({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const reply = actionData && "result" in actionData ? actionData.result : undefined;
  const created = actionData && "created" in actionData ? actionData.created : null;
  const confirming = pendingConfirmation(actionData);
  const form = formState(reply?.initialValue?.intent === "create-code" ? reply : undefined, {
    defaults: { maxUses: "1", expiresInDays: "30" },
    constraints: loaderData.constraints,
  });
  // A revoke or reinstate button's refusal (an expired code, a stale id) has no form of its own: its message goes on top.
  const other = reply && !confirming && reply.initialValue?.intent !== "create-code" ? formState(reply) : null;
  return (
    <div className="stack">
      <h1>{t("admin.codes_heading")}</h1>
      {confirming ? (
        <ConfirmAction
          pending={confirming}
          heading={t("admin.confirm_revoke_code_heading")}
          confirmLabel={t("admin.confirm_revoke_code")}
          cancelTo="/admin/referral-codes"
        >
          <p>
            <WithUserText
              message={t("admin.confirm_revoke_code_body")}
              values={{ label: String(confirming.params.label ?? "") }}
            />
          </p>
          <p className="hint">{t("admin.confirm_revoke_code_undo")}</p>
        </ConfirmAction>
      ) : null}
      {loaderData.done ? (
        <p className="alert alert-info" role="status">
          {t(`admin.code_done_${loaderData.done}`)}
        </p>
      ) : null}
      {created ? (
        <div className="alert alert-info" role="status">
          <p>{t("admin.code_created")}</p>
          <p className="code-display">
            <code dir="ltr">{created.code}</code>
          </p>
          <p>
            {t("admin.code_signup_link")}:{" "}
            <code className="wrap-anywhere" dir="ltr">
              {created.signupLink}
            </code>
          </p>
        </div>
      ) : null}
      {other ? <FormAlert errors={other.errors} /> : null}
      <section className="panel" aria-labelledby="new-code">
        <h2 id="new-code">{t("admin.new_code")}</h2>
        <FormAlert errors={form.errors} />
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="create-code" />
          <SelectField {...form.field("ngoId")} label={t("field.ngo")}>
            <option value="">{t("form.choose")}</option>
            {loaderData.ngos.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
          <Field {...form.field("label")} label={t("field.code_label")} hint={t("admin.code_label_hint")} />
          <Field {...form.field("maxUses")} label={t("field.max_uses")} type="number" />
          <Field {...form.field("expiresInDays")} label={t("field.expires_in_days")} type="number" />
          <button type="submit" className="button">
            {t("admin.create_code")}
          </button>
        </Form>
      </section>
      <table>
        <caption>{t("admin.codes_heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("field.code_label")}</th>
            <th scope="col">{t("field.ngo")}</th>
            <th scope="col">{t("admin.uses")}</th>
            <th scope="col">{t("admin.expires")}</th>
            <th scope="col">{t("admin.state")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("admin.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {loaderData.codes.map((c) => (
            <tr key={c.id}>
              <td data-label={t("field.code_label")} dir="auto">
                {c.label}
              </td>
              <td data-label={t("field.ngo")} dir="auto">
                {c.ngo.name}
              </td>
              <td data-label={t("admin.uses")}>
                {c.uses} / {c.maxUses}
              </td>
              <td data-label={t("admin.expires")}>{new Date(c.expiresAt).toISOString().slice(0, 10)}</td>
              <td data-label={t("admin.state")}>{t(`code_state.${c.state}`)}</td>
              <td data-label={t("admin.actions")}>
                {c.state === "active" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-code" />
                    <input type="hidden" name="codeId" value={c.id} />
                    <button type="submit" className="button-small">
                      {t("admin.revoke")}
                      <bdi className="visually-hidden"> {c.label}</bdi>
                    </button>
                  </Form>
                ) : c.reinstatable ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="reinstate-code" />
                    <input type="hidden" name="codeId" value={c.id} />
                    <button type="submit" className="button-small">
                      {t("admin.reinstate_code")}
                      <bdi className="visually-hidden"> {c.label}</bdi>
                    </button>
                  </Form>
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
