import { data, Form, useLocation } from "react-router";
import type { Route } from "./+types/referral-codes";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { createReferralCode } from "#app/modules/identity/create-referral-code.server.ts";
import { listOrganisations, listReferralCodes } from "#app/modules/identity/queries.server.ts";
import { revokeReferralCode } from "#app/modules/identity/revoke-referral-code.server.ts";
import { ReferralCodeSchema, ReferralCodesPageSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.codes_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const [codes, ngos] = await Promise.all([listReferralCodes(actor), listOrganisations(actor, { kinds: ["ngo"] })]);
  return { codes, ngos, constraints: getConstraints(ReferralCodeSchema) };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, ReferralCodesPageSchema);
  return submitForm(submission, async (input) => {
    if (input.intent === "revoke-code") {
      await revokeReferralCode(actor, input);
      return data({ created: null });
    }
    // The code is shown once, here; only its hash is stored.
    const created = await createReferralCode(actor, input);
    return data({ created });
  });
});

export default function ReferralCodes({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const reply = actionData && "result" in actionData ? actionData.result : undefined;
  const created = actionData && "created" in actionData ? actionData.created : null;
  const form = formState(reply?.initialValue?.intent === "create-code" ? reply : undefined, {
    defaults: { maxUses: "1", expiresInDays: "30" },
    constraints: loaderData.constraints,
  });
  // A revoke button's reply (a forged or stale code id) has no form of its own: its message goes on top.
  const other = reply && reply.initialValue?.intent !== "create-code" ? formState(reply) : null;
  return (
    <div className="stack">
      <h1>{t("admin.codes_heading")}</h1>
      {created ? (
        <div className="alert alert-info" role="status">
          <p>{t("admin.code_created")}</p>
          <p className="code-display">
            <code>{created.code}</code>
          </p>
          <p>
            {t("admin.code_signup_link")}: <code>/signup?code={created.code}</code>
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
          {loaderData.codes.map((c) => {
            const expired = new Date(c.expiresAt).getTime() <= Date.now();
            const state = c.revokedAt ? "revoked" : expired ? "expired" : c.uses >= c.maxUses ? "used_up" : "active";
            return (
              <tr key={c.id}>
                <td>{c.label}</td>
                <td>{c.ngo.name}</td>
                <td>
                  {c.uses} / {c.maxUses}
                </td>
                <td>{new Date(c.expiresAt).toISOString().slice(0, 10)}</td>
                <td>{t(`code_state.${state}`)}</td>
                <td>
                  {state === "active" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke-code" />
                      <input type="hidden" name="codeId" value={c.id} />
                      <button type="submit" className="button-small">
                        {t("admin.revoke")}
                        <span className="visually-hidden"> {c.label}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
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
