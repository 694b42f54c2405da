import { Form, redirect, useLocation } from "react-router";
import type { Route } from "./+types/settings";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FieldErrors, FormAlert, formState, SelectField, NewPasswordFields } from "#app/components/forms.tsx";
import { changePassword } from "#app/modules/identity/change-password.server.ts";
import { serializePrefs } from "#app/modules/identity/cookies.server.ts";
import { getAccount, revealLegalName } from "#app/modules/identity/queries.server.ts";
import { ChangePasswordSchema, LegalNameSchema, ProfileSchema, SettingsSchema } from "#app/modules/identity/schemas.ts";
import { destroySessionCookie, requireUser } from "#app/modules/identity/session.server.ts";
import { setLegalName } from "#app/modules/identity/set-legal-name.server.ts";
import { updateProfile } from "#app/modules/identity/update-profile.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { LOCALES } from "#app/utils/i18n.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const account = await getAccount(actor);
  const url = new URL(request.url);
  const showLegal = url.searchParams.get("reveal") === "legal-name";
  return {
    account,
    legalName: showLegal && account.hasLegalName ? await revealLegalName(actor) : null,
    saved: url.searchParams.get("saved"),
    constraints: {
      profile: getConstraints(ProfileSchema),
      legal: getConstraints(LegalNameSchema),
      password: getConstraints(ChangePasswordSchema),
    },
  };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, SettingsSchema);
  return submitForm(submission, async (input) => {
    switch (input.intent) {
      case "profile": {
        await updateProfile(actor, input);
        const cookie = await serializePrefs({ lang: input.locale, lowData: input.lowData === "on" });
        return redirect("/settings?saved=profile", { headers: { "Set-Cookie": cookie } });
      }
      case "legal-name":
        await setLegalName(actor, input);
        return redirect("/settings?saved=legal-name");
      case "password":
        await changePassword(actor, input);
        return redirect("/login?notice=password-changed", { headers: { "Set-Cookie": await destroySessionCookie() } });
    }
  });
});

export default function Settings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const { account, constraints } = loaderData;
  // Three forms on one page: a reply re-renders only the form it came from (told apart by its intent).
  const result = actionData?.result;
  const intent = result?.initialValue?.intent;
  const replyOf = (name: string) => (intent === name ? result : undefined);
  const profile = formState(replyOf("profile"), {
    defaults: { displayName: account.displayName, locale: account.locale ?? "en", lowData: account.lowData ? "on" : undefined },
    constraints: constraints.profile,
  });
  const legal = formState(replyOf("legal-name"), {
    defaults: { legalName: loaderData.legalName ?? "", legalNameConsent: account.legalNameConsent ? "on" : undefined },
    constraints: constraints.legal,
  });
  const password = formState(replyOf("password"), { constraints: constraints.password });
  const unknown = result && !["profile", "legal-name", "password"].includes(String(intent)) ? formState(result) : null;
  return (
    <div className="stack narrow">
      <h1>{t("settings.heading")}</h1>
      {loaderData.saved ? (
        <p className="alert alert-info" role="status">
          {t("settings.saved")}
        </p>
      ) : null}
      {unknown ? <FormAlert errors={unknown.errors} /> : null}
      <section aria-labelledby="profile-heading" className="panel">
        <h2 id="profile-heading">{t("settings.profile_heading")}</h2>
        <FormAlert errors={profile.errors} />
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="profile" />
          <Field {...profile.field("displayName")} label={t("field.display_name")} hint={t("signup.display_name_hint")} />
          <SelectField {...profile.field("locale")} label={t("shell.language")}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </SelectField>
          <div className="field checkbox">
            <input
              type="checkbox"
              id="f-lowData"
              name="lowData"
              value="on"
              defaultChecked={profile.checked("lowData")}
              aria-invalid={profile.errorsOf("lowData") ? true : undefined}
              aria-describedby={profile.errorsOf("lowData") ? "f-lowData-error" : undefined}
            />
            <label htmlFor="f-lowData">{t("settings.low_data_label")}</label>
            <FieldErrors id="f-lowData-error" errors={profile.errorsOf("lowData")} />
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
        <FormAlert errors={legal.errors} />
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="legal-name" />
          <Field {...legal.field("legalName")} label={t("field.legal_name")} hint={t("form.optional")} autoComplete="off" />
          <div className="field checkbox">
            <input
              type="checkbox"
              id="f-legalNameConsent"
              name="legalNameConsent"
              value="on"
              defaultChecked={legal.checked("legalNameConsent")}
              aria-invalid={legal.errorsOf("legalNameConsent") ? true : undefined}
              aria-describedby={legal.errorsOf("legalNameConsent") ? "f-legalNameConsent-error" : undefined}
            />
            <label htmlFor="f-legalNameConsent">{t("settings.legal_consent")}</label>
            <FieldErrors id="f-legalNameConsent-error" errors={legal.errorsOf("legalNameConsent")} />
          </div>
          <button type="submit" className="button">
            {t("settings.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="password-heading" className="panel">
        <h2 id="password-heading">{t("settings.password_heading")}</h2>
        <p>{t("settings.password_intro")}</p>
        <FormAlert errors={password.errors} />
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="password" />
          <Field
            {...password.field("currentPassword")}
            label={t("field.current_password")}
            type="password"
            autoComplete="current-password"
          />
          <NewPasswordFields form={password} hint={t("password.hint")} />
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
