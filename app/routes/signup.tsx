import { Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/signup";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert } from "#app/components/forms.tsx";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { SignupSchema } from "#app/modules/identity/schemas.ts";
import { requireAnonymous } from "#app/modules/identity/session.server.ts";
import { signUpLearner } from "#app/modules/identity/signup-learner.server.ts";
import { badForm, formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "signup.title");

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request);
  const code = new URL(request.url).searchParams.get("code") ?? "";
  return { code: code.slice(0, 64) };
}

export async function action({ request }: Route.ActionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(formData, SignupSchema);
  if (!parsed.ok) return badForm(parsed);
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  const result = await signUpLearner({ ...parsed.data, locale });
  if (!result.ok) return formError({ [result.field]: [result.message] }, formData);
  return redirect("/learn?welcome=1", { headers: { "Set-Cookie": result.cookie } });
}

export default function Signup({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  return (
    <section className="narrow" aria-labelledby="signup-heading">
      <h1 id="signup-heading">{t("signup.heading")}</h1>
      <p>{t("signup.intro")}</p>
      <FormAlert errors={errors} />
      <Form method="post" className="form" noValidate>
        <Field
          name="code"
          label={t("field.referral_code")}
          hint={t("signup.code_hint")}
          required
          maxLength={64}
          autoComplete="off"
          defaultValue={values.code ?? loaderData.code}
          errors={errors?.code}
        />
        <Field
          name="displayName"
          label={t("field.display_name")}
          hint={t("signup.display_name_hint")}
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
          hint={t("signup.email_hint")}
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
        <p className="hint">{t("signup.privacy")}</p>
        <button type="submit" className="button" disabled={busy}>
          {t("signup.submit")}
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
