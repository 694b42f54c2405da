import { Form, Link, redirect, useLocation, useNavigation } from "react-router";
import type { Route } from "./+types/signup";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, NewPasswordFields } from "#app/components/forms.tsx";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { SignupSchema } from "#app/modules/identity/schemas.ts";
import { requireAnonymous } from "#app/modules/identity/session.server.ts";
import { signUpLearner } from "#app/modules/identity/sign-up-learner.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "signup.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  await requireAnonymous(request);
  const code = new URL(request.url).searchParams.get("code") ?? "";
  return { code: code.slice(0, 64), constraints: getConstraints(SignupSchema) };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const submission = await readSubmission(request, SignupSchema);
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  return submitForm(submission, async (input) => {
    const account = await signUpLearner({ locale }, input);
    return redirect("/learn?welcome=1", { headers: { "Set-Cookie": account.cookie } });
  });
});

export default function Signup({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  const form = formState(actionData?.result, { defaults: { code: loaderData.code }, constraints: loaderData.constraints });
  return (
    <section className="narrow" aria-labelledby="signup-heading">
      <h1 id="signup-heading">{t("signup.heading")}</h1>
      <p>{t("signup.intro")}</p>
      <FormAlert errors={form.errors} />
      <Form method="post" className="form" noValidate key={location.key}>
        <Field {...form.field("code")} label={t("field.referral_code")} hint={t("signup.code_hint")} autoComplete="off" />
        <Field
          {...form.field("displayName")}
          label={t("field.display_name")}
          hint={t("signup.display_name_hint")}
          autoComplete="nickname"
        />
        <Field
          {...form.field("email")}
          label={t("field.email")}
          hint={t("signup.email_hint")}
          type="email"
          autoComplete="email"
        />
        <NewPasswordFields form={form} hint={t("password.hint")} />
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
