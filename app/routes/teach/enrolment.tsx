import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/enrolment";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField, TextAreaField } from "#app/components/forms.tsx";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { grantAccommodation } from "#app/modules/learning/grant-accommodation.server.ts";
import { getTaughtEnrolment } from "#app/modules/learning/progress.server.ts";
import { GrantAccommodationSchema } from "#app/modules/learning/schemas.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat, dateFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "teach.enrolment_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const actor = await requireUser(request);
  const enrolment = await getTaughtEnrolment(actor, enrolmentId);
  return {
    ...enrolment,
    saved: new URL(request.url).searchParams.get("done") === "saved",
    constraints: getConstraints(GrantAccommodationSchema),
    messages: await pageMessages(request, ["accommodation", "transcript"]),
  };
});

/** An educator of the cohort gives this learner more time and/or attempts on one quiz or assignment. */
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const actor = await requireUser(request);
  const submission = await readSubmission(request, GrantAccommodationSchema);
  return submitForm(submission, async (input) => {
    await grantAccommodation(actor, { ...input, enrolmentId });
    return redirect(`/teach/enrolments/${encodeURIComponent(enrolmentId)}?done=saved`);
  });
});

/** Course text is in the course's language, whatever the page's. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

/**
 * One learner (display name only) of a cohort the educator teaches: progress, each quiz and assignment
 * with its usual and personal due date, attempts and score, the terms given with their notes, and the
 * form that gives more time or attempts.
 */
export default function TeachEnrolment({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const navKey = useLocation().key;
  const d = loaderData;
  const form = formState(actionData?.result, { constraints: d.constraints });
  const percent = numberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const pct = (value: number) => percent.format(value / 100);
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const date = (value: Date | string | null) => (value ? day.format(new Date(value)) : t("transcript.no_due_date"));
  return (
    <div className="stack">
      <p>
        <Link to="/teach">{t("accommodation.back")}</Link>
      </p>
      <h1 dir="auto">{t("accommodation.heading", { name: d.learnerName })}</h1>
      <p>
        <span dir="auto">{t("accommodation.in_cohort", { cohort: d.cohortName })}</span>
        {" · "}
        <span {...langProps(d.language)}>{d.courseTitle}</span>
      </p>
      <p>{t("accommodation.state", { state: t(`accommodation.status_${d.status}`) })}</p>
      <p>{t("accommodation.progress", { done: d.done, total: d.total })}</p>
      <p>
        {d.finalGrade !== null
          ? t("accommodation.final_grade", { grade: pct(d.finalGrade) })
          : t("accommodation.grade_so_far", { grade: pct(d.gradeSoFar), mark: pct(d.passMark) })}
      </p>
      {d.saved ? (
        <p className="alert alert-info" role="status">
          {t("accommodation.saved")}
        </p>
      ) : null}

      <section className="panel stack" aria-labelledby="work-heading">
        <h2 id="work-heading">{t("accommodation.work_heading")}</h2>
        {d.assessments.length === 0 ? (
          <p>{t("transcript.no_graded_work")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t("accommodation.work_heading")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("accommodation.work_col")}</th>
                  <th scope="col">{t("accommodation.usual_due_col")}</th>
                  <th scope="col">{t("accommodation.due_col")}</th>
                  <th scope="col">{t("accommodation.attempts_col")}</th>
                  <th scope="col">{t("accommodation.score_col")}</th>
                  <th scope="col">{t("accommodation.terms_col")}</th>
                </tr>
              </thead>
              <tbody>
                {d.assessments.map((a) => (
                  <tr key={a.lessonId}>
                    <th scope="row">
                      <span {...langProps(d.language)}>{a.title}</span>{" "}
                      <span className="hint">{t(`transcript.kind_${a.kind}`)}</span>
                    </th>
                    <td data-label={t("accommodation.usual_due_col")}>{date(a.usualDueAt)}</td>
                    <td data-label={t("accommodation.due_col")}>{date(a.dueAt)}</td>
                    <td data-label={t("accommodation.attempts_col")}>
                      {a.attemptsAllowed !== null
                        ? t("accommodation.attempts_value", { used: a.attemptsUsed ?? 0, allowed: a.attemptsAllowed })
                        : "—"}
                    </td>
                    <td data-label={t("accommodation.score_col")}>
                      {a.percent !== null
                        ? pct(a.percent)
                        : a.state === "submitted"
                          ? t("transcript.waiting_grade")
                          : t("transcript.not_yet")}
                    </td>
                    <td data-label={t("accommodation.terms_col")}>
                      {a.terms && (a.terms.dueAt || a.terms.extraAttempts > 0 || a.terms.note) ? (
                        <ul className="plain-list">
                          {a.terms.dueAt ? <li>{t("accommodation.later_date")}</li> : null}
                          {a.terms.extraAttempts > 0 ? (
                            <li>{t("accommodation.extra_attempts", { n: a.terms.extraAttempts })}</li>
                          ) : null}
                          {a.terms.note ? <li dir="auto">{t("accommodation.note", { note: a.terms.note })}</li> : null}
                        </ul>
                      ) : (
                        t("accommodation.no_terms")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {d.assessments.length > 0 ? (
        <section className="panel stack" aria-labelledby="terms-heading">
          <h2 id="terms-heading">{t("accommodation.form_heading")}</h2>
          <p>{t("accommodation.form_intro")}</p>
          <FormAlert errors={form.errors} />
          <Form key={navKey} method="post" className="form" noValidate>
            <SelectField {...form.field("lessonId")} label={t("accommodation.lesson_label")}>
              <option value="">{t("form.choose")}</option>
              {d.assessments.map((a) => (
                <option key={a.lessonId} value={a.lessonId}>
                  {a.title} ({t(`transcript.kind_${a.kind}`)})
                </option>
              ))}
            </SelectField>
            <Field {...form.field("dueOn")} type="date" label={t("accommodation.due_label")} hint={t("accommodation.due_hint")} />
            <Field
              {...form.field("extraAttempts")}
              type="number"
              inputMode="numeric"
              label={t("accommodation.attempts_label")}
              defaultValue={form.value("extraAttempts") || "0"}
            />
            <TextAreaField
              {...form.field("note")}
              rows={3}
              label={t("accommodation.note_label")}
              hint={t("accommodation.note_hint")}
            />
            <button type="submit" className="button">
              {t("accommodation.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">{t("accommodation.lessons_heading")}</h2>
        <ol className="lesson-list">
          {d.lessons.map((l) => (
            <li key={l.slug}>
              <span {...langProps(d.language)}>{l.title}</span>{" "}
              {l.done ? (
                <span className="badge">{t("accommodation.done")}</span>
              ) : (
                <span className="hint">{t("accommodation.not_done")}</span>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
