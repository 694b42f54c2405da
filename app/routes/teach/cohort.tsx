import { Link } from "react-router";
import type { Route } from "./+types/cohort";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getCohortGradebook } from "#app/modules/learning/dashboards.server.ts";
import type { GradebookCell } from "#app/modules/learning/gradebook.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat, dateFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "teach.cohort_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const cohortId = courseIdParam(params.cohortId);
  const actor = await requireUser(request);
  const gradebook = await getCohortGradebook(actor, cohortId);
  return { ...gradebook, messages: await pageMessages(request, ["gradebook"]) };
});

/**
 * A cohort an educator teaches: its learners by display name with lessons done, and the gradebook
 * (learners × quizzes and assignments, the course grade so far), with a CSV download.
 */
export default function TeachCohort({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { cohort, course, assessments, rows } = loaderData;
  const percent = numberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const pct = (value: number) => percent.format(value / 100);
  const cellText = (cell: GradebookCell) =>
    cell.kind === "score" ? pct(cell.percent) : cell.kind === "submitted" ? t("gradebook.submitted_not_graded") : "—";
  return (
    <div className="stack">
      <p>
        <Link to="/teach">{t("gradebook.back")}</Link>
      </p>
      <h1 dir="auto">{cohort.name}</h1>
      <p dir="auto">{course.title ?? course.slug}</p>
      <p className="hint">
        {t("gradebook.dates", { start: day.format(new Date(cohort.startsOn)) })}
        {cohort.endsOn ? ` – ${day.format(new Date(cohort.endsOn))}` : null}
      </p>

      <section className="panel stack" aria-labelledby="gradebook-heading">
        <h2 id="gradebook-heading">{t("gradebook.heading")}</h2>
        <p>{t("gradebook.learner_count", { count: rows.length })}</p>
        {rows.length === 0 ? (
          <p>{t("gradebook.no_learners")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t("gradebook.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("gradebook.learner")}</th>
                  <th scope="col">{t("gradebook.progress")}</th>
                  {assessments.map((a) => (
                    <th scope="col" key={a.id}>
                      <span dir="auto">{a.title}</span>
                      <br />
                      <span className="hint">
                        {t(`gradebook.kind_${a.kind}`)}
                        {a.dueAt ? ` · ${t("gradebook.due", { date: day.format(new Date(a.dueAt)) })}` : null}
                      </span>
                    </th>
                  ))}
                  <th scope="col">{t("gradebook.grade_so_far")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.enrolmentId}>
                    <th scope="row">
                      {/* The learner's page (progress, due dates, terms): app/routes/teach/enrolment.tsx */}
                      <Link to={`/teach/enrolments/${r.enrolmentId}`} dir="auto">
                        {r.displayName}
                      </Link>
                      {r.status !== "active" ? (
                        <>
                          {" "}
                          <span className="status">{t(`mylearning.status_${r.status}`)}</span>
                        </>
                      ) : null}
                    </th>
                    <td data-label={t("gradebook.progress")}>
                      {t("gradebook.progress_value", { done: r.progress.done, total: r.progress.total })}
                    </td>
                    {r.cells.map((cell, i) => (
                      <td key={assessments[i]!.id} data-label={assessments[i]!.title}>
                        {cellText(cell)}
                      </td>
                    ))}
                    <td data-label={t("gradebook.grade_so_far")}>
                      {r.grade === null
                        ? "—"
                        : r.grade.kind === "final"
                          ? t("gradebook.final_value", { grade: pct(r.grade.percent) })
                          : t("gradebook.so_far_value", {
                              grade: pct(r.grade.percent),
                              counted: r.grade.counted,
                              of: r.grade.of,
                            })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {assessments.length === 0 ? <p>{t("gradebook.no_assessments")}</p> : null}
        <p className="hint">{t("gradebook.grade_note")}</p>
        <p>
          {/* A file download: a plain link the browser saves (reloadDocument: not a client navigation). */}
          <Link className="button button-secondary" to={`/teach/cohorts/${cohort.id}/gradebook.csv`} reloadDocument>
            {t("gradebook.download_csv")}
          </Link>
        </p>
        <p className="hint">{t("gradebook.csv_hint")}</p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
