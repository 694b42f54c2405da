import { Form, redirect, useLocation, useNavigation } from "react-router";
import type { Route } from "./+types/invite";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, NewPasswordFields } from "#app/components/forms.tsx";
import { acceptInvitation } from "#app/modules/identity/accept-invitation.server.ts";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { getInvitationPage } from "#app/modules/identity/queries.server.ts";
import { AcceptInvitationSchema } from "#app/modules/identity/schemas.ts";
import { homeFor, requireAnonymous } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "invite.title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  await requireAnonymous(request);
  // Unknown, used and expired links look the same (404): nothing about the invitation is revealed.
  const invitation = await getInvitationPage(params.token);
  return { ...invitation, constraints: getConstraints(AcceptInvitationSchema) };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const submission = await readSubmission(request, AcceptInvitationSchema);
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  return submitForm(submission, async (input) => {
    const account = await acceptInvitation({ locale }, { ...input, token: params.token });
    return redirect(homeFor([account.role]), { headers: { "Set-Cookie": account.cookie } });
  });
});

export default function Invite({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  return (
    <section className="narrow" aria-labelledby="invite-heading">
      <h1 id="invite-heading">{t("invite.heading")}</h1>
      <p>{t(`invite.intro_${loaderData.role}`, { org: loaderData.orgName })}</p>
      <FormAlert errors={form.errors} />
      <Form method="post" className="form" noValidate key={location.key}>
        <Field {...form.field("displayName")} label={t("field.display_name")} autoComplete="nickname" />
        <NewPasswordFields form={form} hint={t("password.hint")} />
        <button type="submit" className="button" disabled={busy}>
          {t("invite.submit")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
