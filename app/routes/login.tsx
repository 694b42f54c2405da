import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/login";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert } from "#app/components/forms.tsx";
import { logIn } from "#app/modules/identity/login.server.ts";
import { LoginSchema } from "#app/modules/identity/schemas.ts";
import { homeFor, requireAnonymous, safeRedirect } from "#app/modules/identity/session.server.ts";
import { badForm, formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request);
  const url = new URL(request.url);
  return {
    redirectTo: safeRedirect(url.searchParams.get("redirectTo"), ""),
    notice: url.searchParams.get("notice") === "password-changed" ? "login.password_changed" : null,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(formData, LoginSchema);
  if (!parsed.ok) return badForm(parsed);
  const result = await logIn({ email: parsed.data.email, password: parsed.data.password, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === "locked") {
      return data(
        { ok: false as const, errors: { form: ["login.locked"] }, values: { email: parsed.data.email }, minutes: result.minutes },
        { status: 429 },
      );
    }
    return formError({ form: ["login.invalid"] }, formData, 400);
  }
  const fallback = homeFor(result.roles as Parameters<typeof homeFor>[0]);
  return redirect(safeRedirect(parsed.data.redirectTo, fallback), { headers: { "Set-Cookie": result.cookie } });
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors as Record<string, string[]> | undefined;
  const minutes = actionData && "minutes" in actionData ? actionData.minutes : undefined;
  return (
    <section className="narrow" aria-labelledby="login-heading">
      <h1 id="login-heading">{t("login.heading")}</h1>
      {loaderData.notice ? (
        <p className="alert alert-info" role="status">
          {t(loaderData.notice)}
        </p>
      ) : null}
      {errors?.form?.includes("login.locked") ? (
        <div className="alert alert-error" role="alert">
          <p>{t("login.locked", { minutes: minutes ?? 15 })}</p>
        </div>
      ) : errors?.form ? (
        <div className="alert alert-error" role="alert">
          <p>{t(errors.form[0]!)}</p>
        </div>
      ) : (
        <FormAlert errors={errors} />
      )}
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <Field
          name="email"
          label={t("field.email")}
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          defaultValue={actionData?.values?.email ?? ""}
          errors={errors?.email}
        />
        <Field
          name="password"
          label={t("field.password")}
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
          errors={errors?.password}
        />
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
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
