import { Form, Link, redirect, useLocation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/application";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, TextAreaField } from "#app/components/forms.tsx";
import { decideApplication, getApplicationForReview } from "#app/modules/educators/vetting.server.ts";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { AppError, invariantResponse, toErrorResponse } from "#app/utils/errors.ts";
import { formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "vetting.application_title");

/** The three decisions; each form has its own reason field so that its error shows beside it. */
const DECISIONS = [
  { intent: "approve", decision: "approved", field: "approveReason" },
  { intent: "request_info", decision: "info_requested", field: "infoReason" },
  { intent: "reject", decision: "rejected", field: "rejectReason" },
] as const;

const IdSchema = z.string().regex(/^[a-z0-9]{10,40}$/i);
const IntentSchema = z.enum(["approve", "request_info", "reject"]);
// The applicant reads this reason on /teach, so it is always required.
const ReasonSchema = z.string({ error: "form.required" }).trim().min(1, "form.required").max(2000, "form.too_long");

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:educator-application:any");
  const id = IdSchema.safeParse(params.applicationId);
  invariantResponse(id.success);
  const application = await getApplicationForReview(id.data);
  invariantResponse(application);
  const decided = new URL(request.url).searchParams.get("decided");
  return { application, decided: DECISIONS.some((d) => d.decision === decided) ? decided : null };
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUserWithPermission(request, "vet:educator-application:any");
  const id = IdSchema.safeParse(params.applicationId);
  invariantResponse(id.success);
  const formData = await readForm(request);
  const intent = IntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) throw toErrorResponse(new AppError("BAD_REQUEST"));
  const spec = DECISIONS.find((d) => d.intent === intent.data)!;
  const parsed = parseForm(formData, z.object({ [spec.field]: ReasonSchema }));
  if (!parsed.ok) return formError(parsed.errors, formData);
  const reason = String(parsed.data[spec.field]);
  try {
    await decideApplication({ actorId: user.id, applicationId: id.data, decision: spec.decision, reason });
  } catch (e) {
    if (e instanceof AppError && e.code === "CONFLICT") return formError({ [spec.field]: ["vetting.already_decided"] }, formData);
    if (e instanceof AppError) throw toErrorResponse(e);
    throw e;
  }
  return redirect(`/admin/applications/${id.data}?decided=${spec.decision}`);
}

export default function ApplicationReview({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { application: a, decided } = loaderData;
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  // A new key after each navigation: a successful post (redirect) empties the forms; a 400 keeps what was typed.
  const navKey = useLocation().key;
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/admin/applications">{t("vetting.back")}</Link>
      </p>
      <h1>{t("vetting.application_heading", { name: a.user.displayName })}</h1>
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
          <dd>{a.user.displayName}</dd>
          <dt>{t("field.email")}</dt>
          <dd>{a.user.email}</dd>
          <dt>{t("educator.subjects")}</dt>
          <dd>{a.subjects.map((s) => t(`subject.${s}`)).join(", ")}</dd>
          <dt>{t("field.qualification")}</dt>
          <dd>{t(`qualification.${a.highestQualification}`)}</dd>
          <dt>{t("field.institution")}</dt>
          <dd>{a.institution || t("vetting.not_given")}</dd>
          <dt>{t("educator.languages")}</dt>
          <dd>{a.languages.length ? a.languages.map((l) => t(`language.${l}`)).join(", ") : t("vetting.not_given")}</dd>
          <dt>{t("vetting.availability")}</dt>
          <dd>{a.availabilityHours ? t("vetting.hours_per_week", { hours: a.availabilityHours }) : t("vetting.not_given")}</dd>
        </dl>
      </section>

      <section className="panel" aria-labelledby="references-heading">
        <h2 id="references-heading">{t("vetting.references")}</h2>
        <p className="hint">{t("vetting.references_private")}</p>
        {a.references.length ? (
          <ol className="reference-list">
            {a.references.map((r, i) => (
              <li key={i}>
                <strong>{r.name || t("vetting.not_given")}</strong>
                <br />
                {r.contact || t("vetting.not_given")}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("vetting.no_references")}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="statement-heading">
        <h2 id="statement-heading">{t("vetting.statement")}</h2>
        <p className="statement">{a.statement}</p>
      </section>

      {a.decisionReason ? (
        <section className="panel" aria-labelledby="last-decision-heading">
          <h2 id="last-decision-heading">{t("vetting.last_decision")}</h2>
          <p className="statement">{a.decisionReason}</p>
          {a.decidedAt ? (
            <p className="hint">{t("vetting.decided_on", { date: new Date(a.decidedAt).toISOString().slice(0, 10) })}</p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="decide-heading" className="stack">
        <h2 id="decide-heading">{t("vetting.decide_heading")}</h2>
        <p>{t("vetting.decide_intro")}</p>
        <FormAlert errors={errors} />
        <div className="decision-grid">
          {DECISIONS.filter((d) => d.decision !== a.status).map((d) => (
            <Form
              key={`${d.intent}-${navKey}`}
              method="post"
              className={`panel form decision decision-${d.intent}`}
              noValidate
              aria-labelledby={`${d.intent}-heading`}
            >
              <h3 id={`${d.intent}-heading`}>{t(`vetting.${d.intent}_heading`)}</h3>
              <p className="hint">{t(`vetting.${d.intent}_hint`)}</p>
              <input type="hidden" name="intent" value={d.intent} />
              <TextAreaField
                name={d.field}
                label={t("vetting.reason")}
                hint={t("vetting.reason_hint")}
                rows={3}
                required
                maxLength={2000}
                defaultValue={values[d.field] ?? ""}
                errors={errors?.[d.field]}
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
          ))}
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
