import { Form, isRouteErrorResponse, Link, redirect, useLocation, useNavigation, useRouteError } from "react-router";
import type { Route } from "./+types/reset";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState, NewPasswordFields } from "#app/components/forms.tsx";
import { getResetLinkPage } from "#app/modules/identity/queries.server.ts";
import { resetPassword } from "#app/modules/identity/reset-password.server.ts";
import { ResetPasswordSchema } from "#app/modules/identity/schemas.ts";
import { getOptionalUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import type { ErrorPageData } from "#app/utils/errors.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "recovery.reset_title");

// Opening the link changes nothing (mail scanners open links before people do); only the POST resets.
export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const user = await getOptionalUser(request);
  const link = await getResetLinkPage({ sessionUserId: user?.id ?? null }, params.token);
  return { username: link.username, constraints: getConstraints(ResetPasswordSchema) };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const user = await getOptionalUser(request);
  const submission = await readSubmission(request, ResetPasswordSchema);
  return submitForm(submission, async (input) => {
    const done = await resetPassword({ sessionUserId: user?.id ?? null }, { ...input, token: params.token });
    return redirect("/recover/done?method=email_link", { status: 303, headers: { "Set-Cookie": done.cookie } });
  });
});

/** Refusals of the link itself: said plainly, with the way forward, instead of a form. */
const LINK_REFUSALS = new Set(["recovery.link_unusable", "recovery.signed_in_as_other"]);

function LinkRefused({ reason }: { reason: string }) {
  const t = useT();
  const otherAccount = reason === "recovery.signed_in_as_other";
  return (
    <section className="narrow stack" aria-labelledby="refused-heading">
      <h1 id="refused-heading">{t(otherAccount ? "recovery.other_account_heading" : "recovery.link_unusable_heading")}</h1>
      <p className="alert alert-error" role="alert">
        {t(`reason.${reason}`)}
      </p>
      <p>
        {otherAccount ? (
          <Link to="/settings">{t("recovery.to_settings")}</Link>
        ) : (
          <Link to="/recover" className="button">
            {t("recovery.ask_again")}
          </Link>
        )}
      </p>
    </section>
  );
}

export default function Reset({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  if (actionData?.reason && LINK_REFUSALS.has(actionData.reason)) return <LinkRefused reason={actionData.reason} />;
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  return (
    <section className="narrow stack" aria-labelledby="reset-heading">
      <h1 id="reset-heading">{t("recovery.reset_heading")}</h1>
      <p>
        {t("recovery.reset_for")}{" "}
        <strong dir="ltr" translate="no">
          {loaderData.username}
        </strong>
      </p>
      <FormAlert errors={form.errors} />
      <Form method="post" className="form" noValidate key={location.key}>
        <NewPasswordFields form={form} hint={t("password.hint")} />
        <button type="submit" className="button" disabled={busy}>
          {t("recovery.reset_submit")}
        </button>
      </Form>
      <p className="hint">{t("recovery.sessions_note")}</p>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const page = isRouteErrorResponse(error) ? (error.data as Partial<ErrorPageData> | null) : null;
  if (page?.reason && LINK_REFUSALS.has(page.reason)) return <LinkRefused reason={page.reason} />;
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
