import { data, Form, Link, useLocation } from "react-router";
import type { Route } from "./+types/settings-recovery-codes";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState } from "#app/components/forms.tsx";
import { RecoveryCodesList } from "#app/components/recovery-codes.tsx";
import { getRecoveryCodeStatus } from "#app/modules/identity/queries.server.ts";
import { regenerateRecoveryCodes } from "#app/modules/identity/regenerate-recovery-codes.server.ts";
import { RegenerateRecoveryCodesSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "recovery.settings_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  return { status: await getRecoveryCodeStatus(actor), constraints: getConstraints(RegenerateRecoveryCodesSchema) };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, RegenerateRecoveryCodesSchema);
  return submitForm(submission, async (input) => {
    // Shown once, in this response; only their keyed hashes are stored.
    const codes = await regenerateRecoveryCodes(actor, input);
    return data({ codes }, { headers: { "Cache-Control": "no-store" } });
  });
});

export default function RecoveryCodesSettings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const codes = actionData && "codes" in actionData ? actionData.codes : null;
  const reply = actionData && "result" in actionData ? actionData.result : undefined;
  const form = formState(reply, { constraints: loaderData.constraints });
  const { status } = loaderData;
  return (
    <div className="stack narrow">
      <h1>{t("recovery.settings_heading")}</h1>
      {codes ? (
        <>
          <p className="alert alert-info" role="status">
            {t("recovery.regenerated")}
          </p>
          <RecoveryCodesList codes={codes} />
        </>
      ) : (
        <>
          <p>{t("recovery.settings_intro")}</p>
          <p className="panel">
            {status.total === 0 ? t("recovery.none_yet") : t("recovery.codes_remaining", { count: status.unused })}
          </p>
          <section className="panel" aria-labelledby="regenerate-heading">
            <h2 id="regenerate-heading">{t("recovery.regenerate_heading")}</h2>
            <p>{t("recovery.regenerate_intro")}</p>
            <FormAlert errors={form.errors} />
            <Form method="post" className="form" noValidate key={location.key}>
              <Field
                {...form.field("currentPassword")}
                label={t("field.current_password")}
                type="password"
                autoComplete="current-password"
              />
              <button type="submit" className="button">
                {t("recovery.regenerate_submit")}
              </button>
            </Form>
          </section>
        </>
      )}
      <p className="no-print">
        <Link to="/settings">{t("recovery.back_to_settings")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
