// /verify: anyone, no account needed, checks a credential: pasted JSON, an uploaded file, or a link (a
// share link, or the credential URL printed on a certificate's QR code). Works without JavaScript.
import { Form, redirect } from "react-router";
import type { Route } from "./+types/verify";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, TextAreaField } from "#app/components/forms.tsx";
import { VerificationResult } from "#app/components/verification-report.tsx";
import { verifyFromForm, verifyStoredCredential } from "#app/modules/credentials/check-submitted.server.ts";
import { MAX_CREDENTIAL_BYTES, VerifyFormSchema } from "#app/modules/credentials/verify-schemas.ts";
import { readUploadSubmission } from "#app/modules/files/upload.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";
import { dateFormat, numberFormat } from "#app/utils/intl-format.ts";
import { useLocale } from "#app/utils/use-t.ts";
import type { VerificationReport } from "#app/modules/credentials/verification.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "verify.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const credential = new URL(request.url).searchParams.get("credential");
  return {
    // The QR code of a certificate printed from the wallet opens /verify?credential=<its URL>.
    report: credential ? ((await verifyStoredCredential(credential)) ?? null) : null,
    unknownCredential: Boolean(credential),
    constraints: getConstraints(VerifyFormSchema),
    messages: await pageMessages(request, ["verify"]),
  };
});

export const action = route(async ({ request, context }: Route.ActionArgs) => {
  const { submission, file } = await readUploadSubmission(request, VerifyFormSchema, { maxFileBytes: MAX_CREDENTIAL_BYTES });
  return submitForm(submission, async (input) => {
    const outcome = await verifyFromForm(input, file, { clientIp: context.clientIp });
    if ("redirectTo" in outcome) return redirect(outcome.redirectTo, 303);
    return { report: outcome.report };
  });
});

function Claims({ report }: { report: VerificationReport }) {
  const t = useT();
  const locale = useLocale();
  const s = report.summary;
  if (!s) return null;
  return (
    <section className="panel" aria-labelledby="claims-heading">
      <h2 id="claims-heading">{t("verify.claims_heading")}</h2>
      <p className="hint">{t(report.verified ? "verify.claims_verified" : "verify.claims_unverified")}</p>
      <dl className="facts">
        {(s.achievementName ?? s.name) ? (
          <>
            <dt>{t("verify.claim_achievement")}</dt>
            <dd dir="auto">{s.achievementName ?? s.name}</dd>
          </>
        ) : null}
        {s.issuerName ? (
          <>
            <dt>{t("verify.claim_issuer")}</dt>
            <dd dir="auto">
              {s.issuerName}{" "}
              <code className="wrap-anywhere" dir="ltr">
                {s.issuerId}
              </code>
            </dd>
          </>
        ) : null}
        {s.validFrom ? (
          <>
            <dt>{t("verify.claim_issued")}</dt>
            <dd>{dateFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(s.validFrom))}</dd>
          </>
        ) : null}
        {s.creditsEarned !== undefined ? (
          <>
            <dt>{t("verify.claim_credits")}</dt>
            <dd>{numberFormat(locale).format(s.creditsEarned)}</dd>
          </>
        ) : null}
        {s.result ? (
          <>
            <dt>{t("verify.claim_result")}</dt>
            <dd dir="auto">{s.result}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export default function Verify({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const reply = actionData && "result" in actionData ? actionData.result : undefined;
  const report = (actionData && "report" in actionData ? actionData.report : null) ?? loaderData.report;
  const form = formState(reply, { constraints: loaderData.constraints });
  return (
    <div className="stack">
      <h1>{t("verify.heading")}</h1>
      <p>{t("verify.intro")}</p>
      {loaderData.unknownCredential && !loaderData.report && !actionData ? (
        <p className="alert alert-error" role="alert">
          {t("verify.credential_unknown")}
        </p>
      ) : null}
      {report ? (
        <>
          <VerificationResult report={report} />
          <Claims report={report} />
        </>
      ) : null}
      <section className="panel" aria-labelledby="verify-form-heading">
        <h2 id="verify-form-heading">{t(report ? "verify.again" : "verify.form_heading")}</h2>
        <FormAlert errors={form.errors} />
        <Form method="post" encType="multipart/form-data" className="form" noValidate>
          <TextAreaField
            {...form.field("credential")}
            label={t("verify.field_credential")}
            hint={t("verify.field_credential_hint")}
            rows={6}
            dir="ltr"
            spellCheck={false}
          />
          <div className="field">
            <label htmlFor="verify-file">{t("verify.field_file")}</label>
            <input id="verify-file" name="file" type="file" accept=".json,.jsonld,application/json,application/ld+json" />
            <p className="hint">{t("verify.field_file_hint")}</p>
          </div>
          <Field
            {...form.field("link")}
            label={t("verify.field_link")}
            hint={t("verify.field_link_hint")}
            dir="ltr"
            inputMode="url"
          />
          <button type="submit" className="button">
            {t("verify.submit")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="verify-api-heading">
        <h2 id="verify-api-heading">{t("verify.api_heading")}</h2>
        <p>{t("verify.api_body")}</p>
        <p>
          <code dir="ltr">POST /credentials/verify</code> · <code dir="ltr">POST /api/verify</code> ·{" "}
          <code dir="ltr">npm run verify -- credential.json --did did.json</code>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
