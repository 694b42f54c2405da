import { Form, Link, redirect, useLocation, useNavigation } from "react-router";
import type { Route } from "./+types/recover";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState } from "#app/components/forms.tsx";
import { requestPasswordReset } from "#app/modules/identity/request-password-reset.server.ts";
import { RequestPasswordResetSchema } from "#app/modules/identity/schemas.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "recovery.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const url = new URL(request.url);
  return { sent: url.searchParams.get("sent") === "1", constraints: getConstraints(RequestPasswordResetSchema) };
});

export const action = route(async ({ request, context }: Route.ActionArgs) => {
  const submission = await readSubmission(request, RequestPasswordResetSchema);
  return submitForm(submission, async (input) => {
    await requestPasswordReset({ clientIp: context.clientIp }, input);
    // The same answer whether or not an account matches: "if it does, a link is on its way".
    return redirect("/recover?sent=1", 303);
  });
});

export default function Recover({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  return (
    <div className="stack narrow">
      <h1>{t("recovery.heading")}</h1>
      <p className="lead">{t("recovery.intro")}</p>

      <section className="panel" aria-labelledby="email-heading">
        <h2 id="email-heading">{t("recovery.email_heading")}</h2>
        <p>{t("recovery.email_intro")}</p>
        {loaderData.sent && !actionData ? (
          <p className="alert alert-info" role="status">
            {t("recovery.email_sent")}
          </p>
        ) : null}
        <FormAlert errors={form.errors} />
        <Form method="post" className="form" noValidate key={location.key}>
          <Field
            {...form.field("identifier")}
            label={t("recovery.identifier")}
            hint={t("recovery.identifier_hint")}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            dir="auto"
          />
          <button type="submit" className="button" disabled={busy}>
            {t("recovery.email_submit")}
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="codes-heading">
        <h2 id="codes-heading">{t("recovery.codes_heading")}</h2>
        <p>{t("recovery.codes_way")}</p>
        <p>
          <Link to="/recover/code" className="button button-secondary">
            {t("recovery.use_code")}
          </Link>
        </p>
      </section>

      <section className="panel" aria-labelledby="ngo-heading">
        <h2 id="ngo-heading">{t("recovery.ngo_heading")}</h2>
        <p>{t("recovery.ngo_way")}</p>
        <p>
          <Link to="/recover/code">{t("recovery.use_reset_code")}</Link>
        </p>
      </section>

      <p className="hint">{t("recovery.sessions_note")}</p>
      <p>
        <Link to="/login">{t("recovery.back_to_login")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
