import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/submission";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState, TextAreaField } from "#app/components/forms.tsx";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { gradeSubmission } from "#app/modules/learning/grade-submission.server.ts";
import { GradeSubmissionSchema } from "#app/modules/learning/schemas.ts";
import { getSubmissionForGrading } from "#app/modules/learning/submissions.server.ts";
import { filePath, gradingPath, gradingQueuePath } from "#app/modules/learning/work-paths.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat, dateFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.grading_submission_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const submissionId = courseIdParam(params.submissionId);
  const actor = await requireUser(request);
  const submission = await getSubmissionForGrading(actor, submissionId);
  return {
    ...submission,
    justGraded: new URL(request.url).searchParams.get("done") === "1",
    constraints: getConstraints(GradeSubmissionSchema),
    messages: await pageMessages(request, ["grade"]),
  };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const submissionId = courseIdParam(params.submissionId);
  const actor = await requireUser(request);
  const submission = await readSubmission(request, GradeSubmissionSchema);
  return submitForm(submission, async (input) => {
    await gradeSubmission(actor, { ...input, submissionId });
    return redirect(`${gradingPath(submissionId)}?done=1`, 303);
  });
});

const langProps = (language: string) => ({ lang: language, dir: directionOf(isLocale(language) ? language : "en") }) as const;

/** One submission: the work, its file, and the rubric form (or the grade given). */
export default function GradeSubmission({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const when = (date: Date | string) =>
    dateFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(new Date(date));
  const { status, version, text, submittedAt, file, learnerName, cohortName, lesson, rubric, grade } = loaderData;
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  const message = (key: string) => t(key, actionData?.params);
  const total = rubric.reduce((n, c) => n + c.points, 0);
  return (
    <div className="stack">
      <p>
        <Link to={gradingQueuePath()}>{t("grade.back_to_queue")}</Link>
      </p>
      <h1>
        <span {...langProps(lesson.language)}>{lesson.title}</span>
      </h1>
      <p>
        {t("grade.learner")}: <strong dir="auto">{learnerName}</strong> · {t("grade.cohort")}:{" "}
        <span dir="auto">{cohortName}</span>
        <br />
        <span {...langProps(lesson.language)}>{lesson.courseTitle}</span>
      </p>
      {loaderData.justGraded && grade ? (
        <p className="alert alert-info" role="status">
          {t("grade.saved_notice")}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="work-heading">
        <h2 id="work-heading">{t("grade.work_heading")}</h2>
        <p className="hint">{t("grade.submitted_on", { date: when(submittedAt), version })}</p>
        {text ? (
          <div className="statement" dir="auto">
            {text}
          </div>
        ) : (
          <p className="hint">{t("grade.no_text")}</p>
        )}
        {file ? (
          <p>
            <a href={filePath(file.id)} download dir="auto">
              {t("grade.download", { name: file.filename })}
            </a>{" "}
            <span className="hint">
              ({t("grade.file_size", { size: number.format(Math.max(1, Math.round(file.size / 1000))) })})
            </span>
          </p>
        ) : null}
      </section>

      {grade ? (
        <section className="panel" aria-labelledby="grade-heading">
          <h2 id="grade-heading">{t("grade.given_heading")}</h2>
          <p>
            <strong>
              {t("grade.total", {
                points: number.format(grade.points),
                max: number.format(grade.maxPoints),
                percent: number.format(grade.percent),
              })}
            </strong>
          </p>
          <ul>
            {grade.criteria.map((c, i) => (
              <li key={i}>
                <span {...langProps(lesson.language)}>{c.criterion}</span>
                <br />
                <strong>
                  {t("grade.criterion_score", { points: number.format(c.score ?? 0), max: number.format(c.points) })}
                </strong>
                {c.feedback ? (
                  <p className="statement" dir="auto">
                    {c.feedback}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          {grade.feedback ? (
            <p className="statement" dir="auto">
              {grade.feedback}
            </p>
          ) : null}
          <p className="hint">{t("grade.final_note")}</p>
        </section>
      ) : status === "submitted" ? (
        <section className="panel" aria-labelledby="rubric-heading">
          <h2 id="rubric-heading">{t("grade.rubric_heading")}</h2>
          <p>{t("grade.rubric_intro", { max: number.format(total) })}</p>
          <Form method="post" className="stack">
            <FormAlert errors={form.errors} />
            <input type="hidden" name="version" value={version} />
            {rubric.map((c, i) => {
              const name = `scores[${i}].points`;
              const errors = form.errorsOf(name);
              const id = `f-scores-${i}-points`;
              return (
                <fieldset key={i} className="field">
                  <legend {...langProps(lesson.language)}>{c.criterion}</legend>
                  <label htmlFor={id}>{t("grade.points_label", { max: number.format(c.points) })}</label>
                  <input
                    id={id}
                    name={name}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={c.points}
                    step="any"
                    required
                    defaultValue={form.value(name)}
                    aria-invalid={errors?.length ? true : undefined}
                    aria-describedby={errors?.length ? `${id}-error` : undefined}
                  />
                  {errors?.length ? (
                    <ul id={`${id}-error`} className="field-errors">
                      {errors.map((e) => (
                        <li key={e}>{message(e)}</li>
                      ))}
                    </ul>
                  ) : null}
                  <TextAreaField
                    {...form.field(`scores[${i}].feedback`)}
                    label={t("grade.criterion_feedback_label")}
                    rows={3}
                    dir="auto"
                  />
                </fieldset>
              );
            })}
            <TextAreaField
              {...form.field("feedback")}
              label={t("grade.feedback_label")}
              hint={t("grade.feedback_hint")}
              rows={5}
              dir="auto"
            />
            <p className="hint">{t("grade.final_note")}</p>
            <p className="actions">
              <button type="submit" className="button">
                {t("grade.save")}
              </button>
            </p>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
