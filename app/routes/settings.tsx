import { Form, redirect, useLocation } from "react-router";
import type { Route } from "./+types/settings";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FieldErrors, FormAlert, formState, SelectField, NewPasswordFields } from "#app/components/forms.tsx";
import { addEmail } from "#app/modules/identity/add-email.server.ts";
import { changePassword } from "#app/modules/identity/change-password.server.ts";
import { serializePrefs } from "#app/modules/identity/cookies.server.ts";
import { getAccount, revealLegalName } from "#app/modules/identity/queries.server.ts";
import { removeEmail } from "#app/modules/identity/remove-email.server.ts";
import { resendEmailConfirmation } from "#app/modules/identity/resend-email-confirmation.server.ts";
import {
  ChangePasswordSchema,
  EmailChangeSchema,
  LegalNameSchema,
  ProfileSchema,
  SettingsSchema,
} from "#app/modules/identity/schemas.ts";
import { destroySessionCookie, requireUser } from "#app/modules/identity/session.server.ts";
import { setLegalName } from "#app/modules/identity/set-legal-name.server.ts";
import { updateProfile } from "#app/modules/identity/update-profile.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { LOCALES } from "#app/utils/i18n.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

/** The message shown after each kind of save (`?saved=…`); anything else shows none. */
const SAVED: Record<string, string> = {
  profile: "settings.saved",
  "legal-name": "settings.saved_legal",
  "legal-name-removed": "settings.saved_legal_removed",
  email: "settings.saved_email",
  "email-removed": "settings.saved_email_removed",
};

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const account = await getAccount(actor);
  const url = new URL(request.url);
  const showLegal = url.searchParams.get("reveal") === "legal-name";
  return {
    account,
    legalName: showLegal && account.hasLegalName && account.offersLegalName ? await revealLegalName(actor) : null,
    saved: SAVED[url.searchParams.get("saved") ?? ""] ?? null,
    messages: await pageMessages(request, ["settings"]),
    constraints: {
      profile: getConstraints(ProfileSchema),
      legal: getConstraints(LegalNameSchema),
      email: getConstraints(EmailChangeSchema),
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
        // The answer is a fresh document (the form posts with reloadDocument): the new language and
        // low-data mode hold on the very next page, scripts included.
        const cookie = await serializePrefs({ lang: input.locale, lowData: input.lowData === "on" });
        return redirect("/settings?saved=profile", { status: 303, headers: { "Set-Cookie": cookie } });
      }
      case "legal-name":
        await setLegalName(actor, input);
        return redirect("/settings?saved=legal-name", 303);
      case "remove-legal-name":
        await setLegalName(actor, { remove: true });
        return redirect("/settings?saved=legal-name-removed", 303);
      case "email":
        await addEmail(actor, input);
        return redirect("/settings?saved=email", 303);
      case "resend-email":
        await resendEmailConfirmation(actor);
        return redirect("/settings?saved=email", 303);
      case "remove-email":
        await removeEmail(actor);
        return redirect("/settings?saved=email-removed", 303);
      case "password":
        await changePassword(actor, input);
        return redirect("/login?notice=password-changed", { headers: { "Set-Cookie": await destroySessionCookie() } });
    }
  });
});

const INTENTS = ["profile", "legal-name", "remove-legal-name", "email", "resend-email", "remove-email", "password"];

export default function Settings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const { account, constraints } = loaderData;
  // Several forms on one page: a reply re-renders only the form it came from (told apart by its intent).
  const result = actionData?.result;
  const intent = result?.initialValue?.intent;
  const replyOf = (...names: string[]) => (names.includes(String(intent)) ? result : undefined);
  const profile = formState(replyOf("profile"), {
    defaults: { displayName: account.displayName, locale: account.locale ?? "en", lowData: account.lowData ? "on" : undefined },
    constraints: constraints.profile,
  });
  // The legal name is never put back into a field: after saving, the page says only that one is saved.
  const legal = formState(replyOf("legal-name", "remove-legal-name"), {
    defaults: { legalNameConsent: account.legalNameConsent ? "on" : undefined },
    constraints: constraints.legal,
  });
  const email = formState(replyOf("email", "resend-email", "remove-email"), { constraints: constraints.email });
  const password = formState(replyOf("password"), { constraints: constraints.password });
  const unknown = result && !INTENTS.includes(String(intent)) ? formState(result) : null;
  return (
    <div className="stack narrow">
      <h1>{t("settings.heading")}</h1>
      {loaderData.saved ? (
        <p className="alert alert-info" role="status">
          {t(loaderData.saved)}
        </p>
      ) : null}
      {unknown ? <FormAlert errors={unknown.errors} /> : null}
      <section aria-labelledby="profile-heading" className="panel">
        <h2 id="profile-heading">{t("settings.profile_heading")}</h2>
        <p>
          {t("settings.username")} <bdi dir="ltr">{account.username}</bdi>
        </p>
        <FormAlert errors={profile.errors} />
        {/* A full document POST, so that a new language or low-data mode (no scripts) holds at once. */}
        <Form method="post" className="form" noValidate key={location.key} reloadDocument>
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
      <section aria-labelledby="email-heading" className="panel">
        <h2 id="email-heading">{t("settings.email_heading")}</h2>
        <p>{t("settings.email_intro")}</p>
        {account.email ? (
          <p>
            {t("settings.email_current")} <bdi dir="ltr">{account.email}</bdi>
          </p>
        ) : (
          <p>{t("settings.email_none")}</p>
        )}
        <FormAlert errors={email.errors} />
        {account.pendingEmail ? (
          <div className="stack">
            <p>
              {t("settings.email_pending")} <bdi dir="ltr">{account.pendingEmail}</bdi>
            </p>
            <p className="hint">{t("settings.email_pending_hint")}</p>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="resend-email" />
              <button type="submit" className="button-small">
                {t("settings.email_resend")}
              </button>
            </Form>
          </div>
        ) : null}
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="email" />
          <Field {...email.field("email")} label={t("settings.email_field")} type="email" autoComplete="email" />
          <button type="submit" className="button">
            {t("settings.email_submit")}
          </button>
        </Form>
        {account.email || account.pendingEmail ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="remove-email" />
            <button type="submit" className="button-small">
              {t("settings.email_remove")}
            </button>
          </Form>
        ) : null}
      </section>
      {account.offersLegalName ? (
        <section aria-labelledby="legal-heading" className="panel">
          <h2 id="legal-heading">{t("settings.legal_heading")}</h2>
          <p>{t("settings.legal_intro")}</p>
          <p>{account.hasLegalName ? t("settings.legal_saved") : t("settings.legal_none")}</p>
          {account.hasLegalName && loaderData.legalName === null ? (
            <p>
              <a href="/settings?reveal=legal-name">{t("settings.legal_reveal")}</a>
            </p>
          ) : null}
          {loaderData.legalName !== null ? (
            <p>
              {t("settings.legal_shown")} <bdi>{loaderData.legalName}</bdi> <a href="/settings">{t("settings.legal_hide")}</a>
            </p>
          ) : null}
          <FormAlert errors={legal.errors} />
          <Form method="post" className="form" noValidate key={location.key}>
            <input type="hidden" name="intent" value="legal-name" />
            <Field
              {...legal.field("legalName")}
              label={account.hasLegalName ? t("settings.legal_replace_label") : t("field.legal_name")}
              hint={t("form.optional")}
              autoComplete="off"
            />
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
              {account.hasLegalName ? t("settings.save") : t("settings.legal_add")}
            </button>
          </Form>
          {account.hasLegalName ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="remove-legal-name" />
              <button type="submit" className="button-small">
                {t("settings.legal_remove")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
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
        <p>
          <a href="/settings/recovery-codes">{t("recovery.settings_link")}</a>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
