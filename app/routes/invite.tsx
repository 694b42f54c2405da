import { Form, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/invite";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert } from "#app/components/forms.tsx";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { acceptInvitation, findOpenInvitation } from "#app/modules/identity/invitations.server.ts";
import { AcceptInvitationSchema } from "#app/modules/identity/schemas.ts";
import { homeFor, requireAnonymous } from "#app/modules/identity/session.server.ts";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { badForm, formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "invite.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireAnonymous(request);
  const invitation = await findOpenInvitation(params.token);
  // Unknown, used and expired links look the same: nothing about the invitation is revealed.
  if (!invitation) throw toErrorResponse(new AppError("NOT_FOUND"));
  return { orgName: invitation.org.name, role: invitation.role };
}

export async function action({ request, params }: Route.ActionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(formData, AcceptInvitationSchema);
  if (!parsed.ok) return badForm(parsed);
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  const result = await acceptInvitation({ token: params.token, ...parsed.data, locale }).catch((e: unknown) => {
    throw e instanceof AppError ? toErrorResponse(e) : e;
  });
  if (!result.ok) return formError({ [result.field]: [result.message] }, formData);
  return redirect(homeFor([result.role]), { headers: { "Set-Cookie": result.cookie } });
}

export default function Invite({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  return (
    <section className="narrow" aria-labelledby="invite-heading">
      <h1 id="invite-heading">{t("invite.heading")}</h1>
      <p>{t(`invite.intro_${loaderData.role}`, { org: loaderData.orgName })}</p>
      <FormAlert errors={errors} />
      <Form method="post" className="form" noValidate>
        <Field
          name="displayName"
          label={t("field.display_name")}
          required
          minLength={2}
          maxLength={40}
          defaultValue={values.displayName ?? ""}
          errors={errors?.displayName}
        />
        <Field
          name="password"
          label={t("field.new_password")}
          hint={t("password.hint")}
          type="password"
          required
          minLength={12}
          maxLength={128}
          autoComplete="new-password"
          errors={errors?.password}
        />
        <Field
          name="confirmPassword"
          label={t("field.confirm_password")}
          type="password"
          required
          maxLength={128}
          autoComplete="new-password"
          errors={errors?.confirmPassword}
        />
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
