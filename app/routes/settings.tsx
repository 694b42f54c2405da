import { Form, redirect } from "react-router";
import type { Route } from "./+types/settings";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, SelectField } from "#app/components/forms.tsx";
import {
  changePassword,
  getAccount,
  revealLegalName,
  setLegalName,
  updateProfile,
} from "#app/modules/identity/account.server.ts";
import { serializePrefs } from "#app/modules/identity/cookies.server.ts";
import { ChangePasswordSchema, LegalNameSchema, ProfileSchema } from "#app/modules/identity/schemas.ts";
import { destroySessionCookie, requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { badForm, formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { LOCALES } from "#app/utils/i18n.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  requirePermission(user, "read:settings:own", { ownerId: user.id });
  const account = await getAccount(user.id);
  const showLegal = new URL(request.url).searchParams.get("reveal") === "legal-name";
  return {
    account,
    legalName: showLegal && account.hasLegalName ? await revealLegalName(user.id) : null,
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "update:settings:own", { ownerId: user.id });
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "profile") {
    const parsed = parseForm(formData, ProfileSchema);
    if (!parsed.ok) return badForm({ ...parsed, errors: prefix(parsed.errors, "profile") });
    await updateProfile({
      userId: user.id,
      displayName: parsed.data.displayName,
      locale: parsed.data.locale,
      lowData: parsed.data.lowData === "on",
    });
    const cookie = await serializePrefs({ lang: parsed.data.locale, lowData: parsed.data.lowData === "on" });
    return redirect("/settings?saved=profile", { headers: { "Set-Cookie": cookie } });
  }
  if (intent === "legal-name") {
    const parsed = parseForm(formData, LegalNameSchema);
    if (!parsed.ok) return badForm({ ...parsed, errors: prefix(parsed.errors, "legal") });
    await setLegalName({
      userId: user.id,
      legalName: parsed.data.legalName || undefined,
      consent: parsed.data.legalNameConsent === "on",
    });
    return redirect("/settings?saved=legal-name");
  }
  if (intent === "password") {
    const parsed = parseForm(formData, ChangePasswordSchema);
    if (!parsed.ok) return badForm({ ...parsed, errors: prefix(parsed.errors, "pw") });
    const result = await changePassword({
      userId: user.id,
      currentPassword: parsed.data.currentPassword,
      password: parsed.data.password,
    });
    if (!result.ok) return formError({ [`pw.${result.field}`]: [result.message] });
    return redirect("/login?notice=password-changed", { headers: { "Set-Cookie": await destroySessionCookie() } });
  }
  throw toErrorResponse(new AppError("BAD_REQUEST"));
}

function prefix(errors: Record<string, string[]>, p: string) {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${p}.${k}`, v]));
}

export default function Settings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { account } = loaderData;
  const errors = actionData?.errors as Record<string, string[]> | undefined;
  return (
    <div className="stack narrow">
      <h1>{t("settings.heading")}</h1>
      {loaderData.saved ? (
        <p className="alert alert-info" role="status">
          {t("settings.saved")}
        </p>
      ) : null}
      <FormAlert errors={errors} />
      <section aria-labelledby="profile-heading" className="panel">
        <h2 id="profile-heading">{t("settings.profile_heading")}</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <Field
            name="displayName"
            label={t("field.display_name")}
            hint={t("signup.display_name_hint")}
            required
            minLength={2}
            maxLength={40}
            defaultValue={account.displayName}
            errors={errors?.["profile.displayName"]}
          />
          <SelectField
            name="locale"
            label={t("shell.language")}
            defaultValue={account.locale ?? "en"}
            errors={errors?.["profile.locale"]}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </SelectField>
          <div className="field checkbox">
            <input type="checkbox" id="f-lowData" name="lowData" value="on" defaultChecked={account.lowData} />
            <label htmlFor="f-lowData">{t("settings.low_data_label")}</label>
          </div>
          <button type="submit" className="button">
            {t("settings.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="legal-heading" className="panel">
        <h2 id="legal-heading">{t("settings.legal_heading")}</h2>
        <p>{t("settings.legal_intro")}</p>
        <p>{account.hasLegalName ? t("settings.legal_stored") : t("settings.legal_none")}</p>
        {account.hasLegalName && loaderData.legalName === null ? (
          <p>
            <a href="/settings?reveal=legal-name">{t("settings.legal_reveal")}</a>
          </p>
        ) : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="legal-name" />
          <Field
            name="legalName"
            label={t("field.legal_name")}
            hint={t("form.optional")}
            maxLength={200}
            autoComplete="off"
            defaultValue={loaderData.legalName ?? ""}
            errors={errors?.["legal.legalName"]}
          />
          <div className="field checkbox">
            <input type="checkbox" id="f-consent" name="legalNameConsent" value="on" defaultChecked={account.legalNameConsent} />
            <label htmlFor="f-consent">{t("settings.legal_consent")}</label>
          </div>
          <button type="submit" className="button">
            {t("settings.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="password-heading" className="panel">
        <h2 id="password-heading">{t("settings.password_heading")}</h2>
        <p>{t("settings.password_intro")}</p>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field
            name="currentPassword"
            id="f-currentPassword"
            label={t("field.current_password")}
            type="password"
            required
            maxLength={128}
            autoComplete="current-password"
            errors={errors?.["pw.currentPassword"]}
          />
          <Field
            name="password"
            id="f-newPassword"
            label={t("field.new_password")}
            hint={t("password.hint")}
            type="password"
            required
            minLength={12}
            maxLength={128}
            autoComplete="new-password"
            errors={errors?.["pw.password"]}
          />
          <Field
            name="confirmPassword"
            id="f-confirmPassword"
            label={t("field.confirm_password")}
            type="password"
            required
            maxLength={128}
            autoComplete="new-password"
            errors={errors?.["pw.confirmPassword"]}
          />
          <button type="submit" className="button">
            {t("settings.change_password")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
