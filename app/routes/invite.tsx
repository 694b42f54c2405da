import { Form, redirect, useLocation, useNavigation } from "react-router";
import type { Route } from "./+types/invite";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, NewPasswordFields } from "#app/components/forms.tsx";
import { acceptInvitation } from "#app/modules/identity/accept-invitation.server.ts";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { joinWithInvitation } from "#app/modules/identity/join-with-invitation.server.ts";
import { getInvitationPage } from "#app/modules/identity/queries.server.ts";
import { AcceptInvitationSchema, InvitationPageSchema } from "#app/modules/identity/schemas.ts";
import { getOptionalUser, homeFor, requireAnonymous, requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "invite.title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const user = await getOptionalUser(request);
  // An unknown link is a 404; a withdrawn, used or expired one says which (only its holder sees it).
  const invitation = await getInvitationPage(params.token, user);
  const sent = !user && new URL(request.url).searchParams.get("sent") === "1";
  return { ...invitation, sent, constraints: getConstraints(AcceptInvitationSchema) };
});

/**
 * `accept` (anonymous): the new-account form, answered with "check your inbox to continue" (303)
 * whether or not the invitation's address has an account. `join` (logged in with the invitation's
 * confirmed address): the role and membership are added to this account.
 */
export const action = route(async ({ request, params, context }: Route.ActionArgs) => {
  const submission = await readSubmission(request, InvitationPageSchema);
  return submitForm(submission, async (input) => {
    if (input.intent === "join") {
      const actor = await requireUser(request);
      const { role } = await joinWithInvitation(actor, { token: params.token });
      return redirect(homeFor([role]), 303);
    }
    await requireAnonymous(request);
    const prefs = await readPrefs(request);
    const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
    await acceptInvitation({ locale, clientIp: context.clientIp }, { ...input, token: params.token });
    return redirect(`/invite/${params.token}?sent=1`, 303);
  });
});

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

export default function Invite({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  const org = { org: loaderData.orgName };
  const intro = (
    <p>
      <WithUserText message={t(`invite.intro_${loaderData.role}`)} values={org} />
    </p>
  );
  if (loaderData.sent) {
    return (
      <section className="narrow" aria-labelledby="invite-heading">
        <h1 id="invite-heading">{t("invite.sent_heading")}</h1>
        <p>{t("invite.sent_body")}</p>
      </section>
    );
  }
  if (loaderData.mode === "join") {
    return (
      <section className="narrow stack" aria-labelledby="invite-heading">
        <h1 id="invite-heading">{t("invite.heading")}</h1>
        {intro}
        <p>{t("invite.join_intro")}</p>
        <FormAlert errors={form.errors} />
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="join" />
          <button type="submit" className="button" disabled={busy}>
            <WithUserText message={t("invite.join_submit")} values={org} />
          </button>
        </Form>
      </section>
    );
  }
  if (loaderData.mode === "other-account") {
    return (
      <section className="narrow stack" aria-labelledby="invite-heading">
        <h1 id="invite-heading">{t("invite.heading")}</h1>
        {intro}
        <p className="alert alert-info">{t("invite.other_account")}</p>
      </section>
    );
  }
  return (
    <section className="narrow" aria-labelledby="invite-heading">
      <h1 id="invite-heading">{t("invite.heading")}</h1>
      {intro}
      <FormAlert errors={form.errors} />
      <Form method="post" className="form" noValidate key={location.key}>
        <input type="hidden" name="intent" value="accept" />
        <Field
          {...form.field("username")}
          label={t("signup.field_username")}
          hint={t("invite.username_hint")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          dir="ltr"
        />
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
