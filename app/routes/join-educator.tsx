import { Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/join-educator";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FieldErrors, FormAlert, SelectField, TextAreaField } from "#app/components/forms.tsx";
import { EducatorApplicationSchema } from "#app/modules/educators/schemas.ts";
import { QUALIFICATIONS, STEM_SUBJECTS, TEACHING_LANGUAGES } from "#app/modules/educators/subjects.ts";
import { submitEducatorApplication } from "#app/modules/educators/submit-application.server.ts";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { requireAnonymous } from "#app/modules/identity/session.server.ts";
import { badForm, formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "educator_apply.title");

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request }: Route.ActionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(formData, EducatorApplicationSchema);
  if (!parsed.ok) return badForm(parsed);
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  const { reference1Name, reference1Contact, reference2Name, reference2Contact, ...rest } = parsed.data;
  const result = await submitEducatorApplication({
    ...rest,
    locale,
    references: [
      { name: reference1Name, contact: reference1Contact },
      { name: reference2Name, contact: reference2Contact },
    ],
  });
  if (!result.ok) return formError({ [result.field]: [result.message] }, formData);
  return redirect("/teach", { headers: { "Set-Cookie": result.cookie } });
}

export default function JoinEducator({ actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  return (
    <section className="narrow" aria-labelledby="apply-heading">
      <h1 id="apply-heading">{t("educator_apply.heading")}</h1>
      <p>{t("educator_apply.intro")}</p>
      <FormAlert errors={errors} />
      <Form method="post" className="form" noValidate>
        <Field
          name="displayName"
          label={t("field.display_name")}
          required
          minLength={2}
          maxLength={40}
          autoComplete="nickname"
          defaultValue={values.displayName ?? ""}
          errors={errors?.displayName}
        />
        <Field
          name="email"
          label={t("field.email")}
          type="email"
          required
          maxLength={254}
          autoComplete="email"
          defaultValue={values.email ?? ""}
          errors={errors?.email}
        />
        <Field
          name="password"
          label={t("field.new_password")}
          hint={t("password.hint")}
          type="password"
          required
          minLength={12}
          maxLength={128}
          autoComplete="new-password"
          errors={errors?.password}
        />
        <Field
          name="confirmPassword"
          label={t("field.confirm_password")}
          type="password"
          required
          maxLength={128}
          autoComplete="new-password"
          errors={errors?.confirmPassword}
        />
        <fieldset className="field" aria-describedby={errors?.subjects ? "f-subjects-error" : undefined}>
          <legend>{t("field.subjects")}</legend>
          <ul className="checkbox-grid">
            {STEM_SUBJECTS.map((s) => (
              <li key={s}>
                <input type="checkbox" id={`subject-${s}`} name="subjects" value={s} />
                <label htmlFor={`subject-${s}`}>{t(`subject.${s}`)}</label>
              </li>
            ))}
          </ul>
          <FieldErrors id="f-subjects-error" errors={errors?.subjects} />
        </fieldset>
        <fieldset className="field" aria-describedby={errors?.languages ? "f-languages-error" : undefined}>
          <legend>{t("field.languages_taught")}</legend>
          <ul className="checkbox-grid">
            {TEACHING_LANGUAGES.map((l) => (
              <li key={l}>
                <input type="checkbox" id={`language-${l}`} name="languages" value={l} />
                <label htmlFor={`language-${l}`}>{t(`language.${l}`)}</label>
              </li>
            ))}
          </ul>
          <FieldErrors id="f-languages-error" errors={errors?.languages} />
        </fieldset>
        <SelectField
          name="highestQualification"
          label={t("field.qualification")}
          defaultValue={values.highestQualification ?? ""}
          errors={errors?.highestQualification}
        >
          <option value="">{t("form.choose")}</option>
          {QUALIFICATIONS.map((q) => (
            <option key={q} value={q}>
              {t(`qualification.${q}`)}
            </option>
          ))}
        </SelectField>
        <Field
          name="institution"
          label={t("field.institution")}
          hint={t("form.optional")}
          maxLength={160}
          defaultValue={values.institution ?? ""}
          errors={errors?.institution}
        />
        <Field
          name="availabilityHours"
          label={t("field.availability")}
          hint={t("educator_apply.availability_hint")}
          type="number"
          min={1}
          max={40}
          required
          defaultValue={values.availabilityHours ?? ""}
          errors={errors?.availabilityHours}
        />
        <fieldset className="field">
          <legend>{t("educator_apply.references")}</legend>
          <p className="hint">{t("educator_apply.references_hint")}</p>
          {[1, 2].map((n) => (
            <div key={n} className="reference">
              <Field
                name={`reference${n}Name`}
                label={t("field.reference_name", { n })}
                required
                maxLength={120}
                defaultValue={values[`reference${n}Name`] ?? ""}
                errors={errors?.[`reference${n}Name`]}
              />
              <Field
                name={`reference${n}Contact`}
                label={t("field.reference_contact", { n })}
                required
                maxLength={200}
                defaultValue={values[`reference${n}Contact`] ?? ""}
                errors={errors?.[`reference${n}Contact`]}
              />
            </div>
          ))}
        </fieldset>
        <TextAreaField
          name="statement"
          label={t("field.statement")}
          hint={t("educator_apply.statement_hint")}
          required
          minLength={50}
          maxLength={3000}
          rows={6}
          defaultValue={values.statement ?? ""}
          errors={errors?.statement}
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
