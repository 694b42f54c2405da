import { data, Link, type ShouldRevalidateFunctionArgs } from "react-router";
import type { Route } from "./+types/confirm-email";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { LinkConfirmPage } from "#app/components/link-confirm.tsx";
import { confirmEmail } from "#app/modules/identity/confirm-email.server.ts";
import { isEmailedLinkOpen } from "#app/modules/identity/queries.server.ts";
import { ConfirmLinkSchema } from "#app/modules/identity/schemas.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "confirm_email.title");

/**
 * Shows the button; changes nothing (mail scanners open links). A link that cannot be used says so,
 * neutrally. (No error page here: after a confirmation without JavaScript this loader runs again, on a
 * link that is now used, under the action's answer.)
 */
export const loader = route(async ({ params }: Route.LoaderArgs) => {
  return { open: await isEmailedLinkOpen(params.token, "email_confirmation") };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const submission = await readSubmission(request, ConfirmLinkSchema);
  return submitForm(submission, async () => {
    await confirmEmail({}, { token: params.token });
    return data({ confirmed: true as const });
  });
});

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** After the address is confirmed (with JavaScript), the link is used up: keep the answer on screen. */
export function shouldRevalidate({ actionResult, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (actionResult && typeof actionResult === "object" && "confirmed" in actionResult) return false;
  return defaultShouldRevalidate;
}

export default function ConfirmEmail({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  if (actionData && "confirmed" in actionData) {
    return (
      <section className="narrow stack" aria-labelledby="confirmed-heading">
        <h1 id="confirmed-heading">{t("confirm_email.title")}</h1>
        <p className="alert alert-info" role="status">
          {t("confirm_email.done")}
        </p>
        <p>
          <Link to="/">{t("confirm_email.continue")}</Link>
        </p>
      </section>
    );
  }
  if (!loaderData.open) {
    return (
      <section className="narrow stack" aria-labelledby="unusable-heading">
        <h1 id="unusable-heading">{t("confirm_email.title")}</h1>
        <p className="alert alert-error" role="alert">
          {t("reason.link.unusable")}
        </p>
      </section>
    );
  }
  return (
    <LinkConfirmPage
      heading={t("confirm_email.title")}
      intro={t("confirm_email.intro")}
      submit={t("confirm_email.submit")}
      result={actionData?.result}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
