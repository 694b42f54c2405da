import { Form, Link, redirect, useLocation, useNavigation } from "react-router";
import type { Route } from "./+types/recover-code";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, NewPasswordFields } from "#app/components/forms.tsx";
import { recoverWithCode } from "#app/modules/identity/recover-with-code.server.ts";
import { RecoverWithCodeSchema } from "#app/modules/identity/schemas.ts";
import { getOptionalUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "recovery.code_title");

export const loader = route(async () => ({ constraints: getConstraints(RecoverWithCodeSchema) }));

export const action = route(async ({ request, context }: Route.ActionArgs) => {
  const sessionUser = await getOptionalUser(request);
  const submission = await readSubmission(request, RecoverWithCodeSchema);
  return submitForm(submission, async (input) => {
    const done = await recoverWithCode({ clientIp: context.clientIp, sessionUserId: sessionUser?.id ?? null }, input);
    return redirect(`/recover/done?method=${done.method}`, { status: 303, headers: { "Set-Cookie": done.cookie } });
  });
});

export default function RecoverWithCode({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  // A refusal of the whole attempt (wrong username or code, a used or expired code) is one clear message.
  const refusal = form.errors.form?.[0];
  return (
    <section className="narrow stack" aria-labelledby="code-heading">
      <h1 id="code-heading">{t("recovery.code_heading")}</h1>
      <p>{t("recovery.code_intro")}</p>
      {refusal ? (
        <div className="alert alert-error" role="alert">
          <p>{t(refusal, actionData?.params)}</p>
        </div>
      ) : (
        <FormAlert errors={form.errors} />
      )}
      <Form method="post" className="form" noValidate key={location.key}>
        <Field
          {...form.field("username")}
          label={t("recovery.username")}
          hint={t("recovery.username_hint")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          dir="ltr"
        />
        <Field
          {...form.field("code")}
          label={t("recovery.code")}
          hint={t("recovery.code_hint")}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          dir="ltr"
        />
        <NewPasswordFields form={form} hint={t("password.hint")} />
        <button type="submit" className="button" disabled={busy}>
          {t("recovery.code_submit")}
        </button>
      </Form>
      <p className="hint">{t("recovery.sessions_note")}</p>
      <p>
        <Link to="/recover">{t("recovery.other_ways")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
