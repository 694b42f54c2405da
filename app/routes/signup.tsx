import { useEffect, useRef } from "react";
import { data, Form, Link, useLocation, useNavigation, type ShouldRevalidateFunctionArgs } from "react-router";
import type { Route } from "./+types/signup";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, NewPasswordFields } from "#app/components/forms.tsx";
import { RecoveryCodesList } from "#app/components/recovery-codes.tsx";
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

/**
 * A successful sign-up is answered with this page itself (not a redirect): it shows the ten recovery
 * codes once, never to be sent again, so the response is no-store and carries the new session.
 */
export const action = route(async ({ request, context }: Route.ActionArgs) => {
  const submission = await readSubmission(request, SignupSchema);
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  return submitForm(submission, async (input) => {
    const account = await signUpLearner({ locale, clientIp: context.clientIp }, input);
    return data(
      { done: { username: input.username, emailGiven: Boolean(input.email), recoveryCodes: account.recoveryCodes } },
      { headers: { "Set-Cookie": account.cookie, "Cache-Control": "no-store" } },
    );
  });
});

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** After a sign-up (with JavaScript), keep the page with the codes: its loader would send a logged-in person away. */
export function shouldRevalidate({ actionResult, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (actionResult && typeof actionResult === "object" && "done" in actionResult) return false;
  return defaultShouldRevalidate;
}

/**
 * With JavaScript the answer replaces the form in place, where the page was scrolled to the submit button:
 * bring the new page's heading into view and move focus to it (screen readers announce it).
 */
function DoneHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    ref.current?.focus();
  }, []);
  return (
    <h1 id="signup-done-heading" ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export default function Signup({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  if (actionData && "done" in actionData) {
    const { done } = actionData;
    return (
      <section className="narrow stack" aria-labelledby="signup-done-heading">
        <DoneHeading>{t("signup.done_title")}</DoneHeading>
        <p>{t("signup.done_intro", { username: done.username })}</p>
        {done.emailGiven ? (
          <p className="alert alert-info" role="status">
            {t("signup.check_inbox")}
          </p>
        ) : null}
        <RecoveryCodesList codes={done.recoveryCodes} />
        <p>
          <Link to="/learn?welcome=1" className="button">
            {t("signup.continue")}
          </Link>
        </p>
      </section>
    );
  }
  const form = formState(actionData?.result, { defaults: { code: loaderData.code }, constraints: loaderData.constraints });
  return (
    <section className="narrow" aria-labelledby="signup-heading">
      <h1 id="signup-heading">{t("signup.heading")}</h1>
      <p>{t("signup.intro")}</p>
      <FormAlert errors={form.errors} />
      <Form method="post" className="form" noValidate key={location.key}>
        <Field {...form.field("code")} label={t("field.referral_code")} hint={t("signup.code_hint")} autoComplete="off" />
        <Field
          {...form.field("username")}
          label={t("signup.field_username")}
          hint={t("signup.username_hint")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          dir="ltr"
        />
        <Field
          {...form.field("displayName")}
          label={t("field.display_name")}
          hint={t("signup.display_name_pseudonym_hint")}
          autoComplete="nickname"
        />
        <Field
          {...form.field("email")}
          label={t("signup.field_email_optional")}
          hint={t("signup.email_optional_hint")}
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
