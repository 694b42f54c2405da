import { data, Form } from "react-router";
import type { Route } from "./+types/referral-codes";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, SelectField } from "#app/components/forms.tsx";
import { listOrganisations } from "#app/modules/identity/organisations.server.ts";
import { createReferralCode, listReferralCodes, revokeReferralCode } from "#app/modules/identity/referral-codes.server.ts";
import { ReferralCodeSchema, RevokeCodeSchema } from "#app/modules/identity/schemas.ts";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { badForm, formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.codes_title");

export async function loader({ request }: Route.LoaderArgs) {
  const reader = await requireUserWithPermission(request, "read:referral-code:any");
  const [codes, orgs] = await Promise.all([listReferralCodes(), listOrganisations(reader)]);
  return { codes, ngos: orgs.filter((o) => o.kind === "ngo") };
}

export async function action({ request }: Route.ActionArgs) {
  const formData = await readForm(request);
  if (formData.get("intent") === "revoke-code") {
    const user = await requireUserWithPermission(request, "revoke:referral-code:any");
    const parsed = parseForm(formData, RevokeCodeSchema);
    if (!parsed.ok) throw toErrorResponse(new AppError("BAD_REQUEST"));
    await revokeReferralCode({ actorId: user.id, codeId: parsed.data.codeId }).catch((e: unknown) => {
      throw e instanceof AppError ? toErrorResponse(e) : e;
    });
    return data({ ok: true as const, created: null, errors: undefined, values: undefined });
  }
  const user = await requireUserWithPermission(request, "create:referral-code:any");
  const parsed = parseForm(formData, ReferralCodeSchema);
  if (!parsed.ok) return badForm(parsed);
  try {
    const created = await createReferralCode({ actorId: user.id, ...parsed.data });
    // The code is shown once, here; only its hash is stored.
    return data({ ok: true as const, created, errors: undefined, values: undefined });
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return formError({ ngoId: ["form.choose_option"] }, formData);
    throw e;
  }
}

export default function ReferralCodes({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const errors = actionData?.errors;
  const created = actionData && "created" in actionData ? actionData.created : null;
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
      <section className="panel" aria-labelledby="new-code">
        <h2 id="new-code">{t("admin.new_code")}</h2>
        <FormAlert errors={errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="create-code" />
          <SelectField name="ngoId" label={t("field.ngo")} defaultValue={actionData?.values?.ngoId ?? ""} errors={errors?.ngoId}>
            <option value="">{t("form.choose")}</option>
            {loaderData.ngos.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
          <Field
            name="label"
            label={t("field.code_label")}
            hint={t("admin.code_label_hint")}
            required
            maxLength={80}
            defaultValue={actionData?.values?.label ?? ""}
            errors={errors?.label}
          />
          <Field
            name="maxUses"
            label={t("field.max_uses")}
            type="number"
            min={1}
            max={1000}
            required
            defaultValue={actionData?.values?.maxUses ?? "1"}
            errors={errors?.maxUses}
          />
          <Field
            name="expiresInDays"
            label={t("field.expires_in_days")}
            type="number"
            min={1}
            max={365}
            required
            defaultValue={actionData?.values?.expiresInDays ?? "30"}
            errors={errors?.expiresInDays}
          />
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
