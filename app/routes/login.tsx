import { Form, Link, redirect, useLocation, useNavigation } from "react-router";
import type { Route } from "./+types/login";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState } from "#app/components/forms.tsx";
import { logIn } from "#app/modules/identity/log-in.server.ts";
import { LoginSchema } from "#app/modules/identity/schemas.ts";
import { homeFor, requireAnonymous, safeRedirect } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  await requireAnonymous(request);
  const url = new URL(request.url);
  return {
    redirectTo: safeRedirect(url.searchParams.get("redirectTo"), ""),
    notice: url.searchParams.get("notice") === "password-changed" ? "login.password_changed" : null,
    constraints: getConstraints(LoginSchema),
  };
});

export const action = route(async ({ request, context }: Route.ActionArgs) => {
  const submission = await readSubmission(request, LoginSchema);
  return submitForm(submission, async (input) => {
    const session = await logIn({ ip: context.clientIp, cookie: request.headers.get("Cookie") }, input);
    return redirect(safeRedirect(input.redirectTo, homeFor(session.roles)), {
      headers: [
        ["Set-Cookie", session.cookie],
        ["Set-Cookie", session.deviceCookie],
      ],
    });
  });
});

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  // A refusal of the whole attempt (a wrong name or password, a pause) is one message, with its minutes or seconds.
  const refusal = form.errors.form?.[0];
  return (
    <section className="narrow" aria-labelledby="login-heading">
      <h1 id="login-heading">{t("login.heading")}</h1>
      {loaderData.notice ? (
        <p className="alert alert-info" role="status">
          {t(loaderData.notice)}
        </p>
      ) : null}
      {refusal ? (
        <div className="alert alert-error" role="alert">
          <p>{t(refusal, actionData?.params)}</p>
        </div>
      ) : (
        <FormAlert errors={form.errors} />
      )}
      <Form method="post" className="form" noValidate key={location.key}>
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <Field
          {...form.field("identifier")}
          label={t("login.identifier")}
          hint={t("login.identifier_hint")}
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          dir="auto"
        />
        <Field {...form.field("password")} label={t("field.password")} type="password" autoComplete="current-password" />
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/recover">{t("recovery.forgot_link")}</Link>
      </p>
      <p>
        {t("login.no_account")} <Link to="/signup">{t("login.signup_link")}</Link> ·{" "}
        <Link to="/join/educator">{t("login.educator_link")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
