import { Form, Link, redirect, useLocation, useNavigation } from "react-router";
import type { Route } from "./+types/join-educator";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import {
  Field,
  FieldErrors,
  FormAlert,
  formState,
  SelectField,
  TextAreaField,
  NewPasswordFields,
} from "#app/components/forms.tsx";
import { EducatorApplicationSchema } from "#app/modules/educators/schemas.ts";
import { QUALIFICATIONS, STEM_SUBJECTS, TEACHING_LANGUAGES } from "#app/modules/educators/subjects.ts";
import { submitApplication } from "#app/modules/educators/submit-application.server.ts";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { requireAnonymous } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "educator_apply.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  await requireAnonymous(request);
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  return {
    sent,
    constraints: getConstraints(EducatorApplicationSchema),
    messages: await pageMessages(request, ["educator_apply"]),
  };
});

/**
 * Whether or not the address already has an account, a valid application is answered the same way:
 * 303 to "check your inbox to continue" (the operation decides which neutral email goes out).
 */
export const action = route(async ({ request, context }: Route.ActionArgs) => {
  const submission = await readSubmission(request, EducatorApplicationSchema);
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  return submitForm(submission, async (input) => {
    await submitApplication({ locale, clientIp: context.clientIp }, input);
    return redirect("/join/educator?sent=1", 303);
  });
});

export default function JoinEducator({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  if (loaderData.sent) {
    return (
      <section className="narrow" aria-labelledby="apply-sent-heading">
        <h1 id="apply-sent-heading">{t("educator_apply.sent_heading")}</h1>
        <p>{t("educator_apply.sent_body")}</p>
      </section>
    );
  }
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  const subjectErrors = form.errorsUnder("subjects");
  const languageErrors = form.errorsUnder("languages");
  return (
    <section className="narrow" aria-labelledby="apply-heading">
      <h1 id="apply-heading">{t("educator_apply.heading")}</h1>
      <p>{t("educator_apply.intro")}</p>
      <FormAlert errors={form.errors} />
      <Form method="post" className="form" noValidate key={location.key}>
        <Field
          {...form.field("email")}
          label={t("field.email")}
          hint={t("educator_apply.email_hint")}
          type="email"
          autoComplete="email"
        />
        <Field
          {...form.field("username")}
          label={t("signup.field_username")}
          hint={t("educator_apply.username_hint")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          dir="ltr"
        />
        <Field {...form.field("displayName")} label={t("field.display_name")} autoComplete="nickname" />
        <NewPasswordFields form={form} hint={t("password.hint")} />
        <fieldset className="field" aria-describedby={subjectErrors ? "f-subjects-error" : undefined}>
          <legend>{t("field.subjects")}</legend>
          <ul className="checkbox-grid">
            {STEM_SUBJECTS.map((s) => (
              <li key={s}>
                <input
                  type="checkbox"
                  id={`subject-${s}`}
                  name="subjects"
                  value={s}
                  defaultChecked={form.checked("subjects", s)}
                />
                <label htmlFor={`subject-${s}`}>{t(`subject.${s}`)}</label>
              </li>
            ))}
          </ul>
          <FieldErrors id="f-subjects-error" errors={subjectErrors} />
        </fieldset>
        <fieldset className="field" aria-describedby={languageErrors ? "f-languages-error" : undefined}>
          <legend>{t("field.languages_taught")}</legend>
          <ul className="checkbox-grid">
            {TEACHING_LANGUAGES.map((l) => (
              <li key={l}>
                <input
                  type="checkbox"
                  id={`language-${l}`}
                  name="languages"
                  value={l}
                  defaultChecked={form.checked("languages", l)}
                />
                <label htmlFor={`language-${l}`}>{t(`language.${l}`)}</label>
              </li>
            ))}
          </ul>
          <FieldErrors id="f-languages-error" errors={languageErrors} />
        </fieldset>
        <SelectField {...form.field("highestQualification")} label={t("field.qualification")}>
          <option value="">{t("form.choose")}</option>
          {QUALIFICATIONS.map((q) => (
            <option key={q} value={q}>
              {t(`qualification.${q}`)}
            </option>
          ))}
        </SelectField>
        <Field {...form.field("institution")} label={t("field.institution")} hint={t("form.optional")} />
        <Field
          {...form.field("availabilityHours")}
          label={t("field.availability")}
          hint={t("educator_apply.availability_hint")}
          type="number"
        />
        <fieldset className="field">
          <legend>{t("educator_apply.references")}</legend>
          <p className="hint">{t("educator_apply.references_hint")}</p>
          {([1, 2] as const).map((n) => (
            <div key={n} className="reference">
              <Field {...form.field(`reference${n}Name`)} label={t("field.reference_name", { n })} />
              <Field {...form.field(`reference${n}Contact`)} label={t("field.reference_contact", { n })} />
            </div>
          ))}
        </fieldset>
        <TextAreaField
          {...form.field("statement")}
          label={t("field.statement")}
          hint={t("educator_apply.statement_hint")}
          rows={6}
        />
        <button type="submit" className="button" disabled={busy}>
          {t("educator_apply.submit")}
        </button>
      </Form>
      <p>
        {t("signup.have_account")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
