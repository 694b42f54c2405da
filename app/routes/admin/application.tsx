import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/application";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState, TextAreaField } from "#app/components/forms.tsx";
import { decideApplication } from "#app/modules/educators/decide-application.server.ts";
import { getApplicationForReview } from "#app/modules/educators/queries.server.ts";
import { DecideApplicationSchema } from "#app/modules/educators/schemas.ts";
import { DECISIONS } from "#app/modules/educators/statuses.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "vetting.application_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const application = await getApplicationForReview(actor, params.applicationId);
  const decided = new URL(request.url).searchParams.get("decided");
  return {
    application,
    decided: DECISIONS.find((d) => d.decision === decided)?.decision ?? null,
    constraints: getConstraints(DecideApplicationSchema),
  };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, DecideApplicationSchema);
  return submitForm(submission, async (input) => {
    const { decision } = await decideApplication(actor, { ...input, applicationId: params.applicationId });
    return redirect(`/admin/applications/${params.applicationId}?decided=${decision}`);
  });
});

export default function ApplicationReview({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { application: a, decided, constraints } = loaderData;
  const result = actionData?.result;
  // The reply belongs to the form that was posted; its messages (a missing reason, or "another decision
  // was recorded") are summarised above the forms, since that form may no longer be shown.
  const posted = result?.initialValue?.intent;
  const summary = formState(result, { constraints });
  // A new key after each navigation: a successful post (redirect) empties the forms; a refusal keeps what was typed.
  const navKey = useLocation().key;
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/admin/applications">{t("vetting.back")}</Link>
      </p>
      <h1>
        <WithUserText message={t("vetting.application_heading")} values={{ name: a.displayName }} />
      </h1>
      {decided ? (
        <p className="alert alert-info" role="status">
          {t("vetting.decided", { status: t(`application_status.${decided}`) })}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="applicant-heading">
        <h2 id="applicant-heading">{t("vetting.submitted_heading")}</h2>
        <dl className="details">
          <dt>{t("admin.state")}</dt>
          <dd>
            <span className={`status status-${a.status}`}>{t(`application_status.${a.status}`)}</span>
            {a.suspendedAt ? <> · {t("vetting.suspended")}</> : null}
          </dd>
          <dt>{t("vetting.submitted_on")}</dt>
          <dd>{new Date(a.createdAt).toISOString().slice(0, 10)}</dd>
          <dt>{t("field.display_name")}</dt>
          <dd dir="auto">{a.displayName}</dd>
          <dt>{t("field.email")}</dt>
          <dd className="wrap-anywhere">{a.email ?? t("vetting.not_given")}</dd>
          <dt>{t("educator.subjects")}</dt>
          <dd>{a.subjects.map((s) => t(`subject.${s}`)).join(", ")}</dd>
          <dt>{t("field.qualification")}</dt>
          <dd>{t(`qualification.${a.highestQualification}`)}</dd>
          <dt>{t("field.institution")}</dt>
          <dd>{a.institution || t("vetting.not_given")}</dd>
          <dt>{t("educator.languages")}</dt>
          <dd>{a.languages.length ? a.languages.map((l) => t(`language.${l}`)).join(", ") : t("vetting.not_given")}</dd>
          <dt>{t("vetting.availability")}</dt>
          <dd>
            {a.availabilityHours ? t("admin.hours_per_week.count", { count: a.availabilityHours }) : t("vetting.not_given")}
          </dd>
        </dl>
      </section>

      <section className="panel" aria-labelledby="references-heading">
        <h2 id="references-heading">{t("vetting.references")}</h2>
        <p className="hint">{t("vetting.references_private")}</p>
        {a.references.length ? (
          <ol className="reference-list">
            {a.references.map((r, i) => (
              <li key={i}>
                <strong dir="auto">{r.name || t("vetting.not_given")}</strong>
                <br />
                <span dir="auto" className="wrap-anywhere">
                  {r.contact || t("vetting.not_given")}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("vetting.no_references")}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="statement-heading">
        <h2 id="statement-heading">{t("vetting.statement")}</h2>
        <p className="statement" dir="auto">
          {a.statement}
        </p>
      </section>

      {a.decisionReason ? (
        <section className="panel" aria-labelledby="last-decision-heading">
          <h2 id="last-decision-heading">{t("vetting.last_decision")}</h2>
          <p className="statement" dir="auto">
            {a.decisionReason}
          </p>
          {a.decidedAt ? (
            <p className="hint">{t("vetting.decided_on", { date: new Date(a.decidedAt).toISOString().slice(0, 10) })}</p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="decide-heading" className="stack">
        <h2 id="decide-heading">{t("vetting.decide_heading")}</h2>
        <p>{t("vetting.decide_intro")}</p>
        <FormAlert errors={summary.errors} />
        <div className="decision-grid">
          {DECISIONS.filter((d) => d.decision !== a.status).map((d) => {
            const form = formState(posted === d.intent ? result : undefined, { constraints });
            return (
              <Form
                key={`${d.intent}-${navKey}`}
                method="post"
                className={`panel form decision decision-${d.intent}`}
                noValidate
                aria-labelledby={`${d.intent}-heading`}
              >
                <h3 id={`${d.intent}-heading`}>{t(`vetting.${d.intent}_heading`)}</h3>
                <p className="hint">
                  {/* A rejection is final for the account (docs/decisions/015): the hint says so. */}
                  {d.intent === "reject" ? t("admin.reject_hint_final") : t(`vetting.${d.intent}_hint`)}
                </p>
                <input type="hidden" name="intent" value={d.intent} />
                {/* What the admin saw: the decision is refused if the application has moved on since. */}
                <input type="hidden" name="status" value={a.status} />
                <TextAreaField
                  {...form.field("reason")}
                  id={`${d.intent}-reason`}
                  label={t("vetting.reason")}
                  hint={t("vetting.reason_hint")}
                  rows={3}
                />
                <button
                  type="submit"
                  className={
                    d.intent === "approve" ? "button" : d.intent === "reject" ? "button button-danger" : "button button-secondary"
                  }
                >
                  {t(`vetting.${d.intent}_submit`)}
                </button>
              </Form>
            );
          })}
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
