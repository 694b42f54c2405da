import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/submission";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState, TextAreaField } from "#app/components/forms.tsx";
import { courseIdParam, slugParam } from "#app/modules/courses/params.server.ts";
import { readUploadSubmission } from "#app/modules/files/upload.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getUploadLimit } from "#app/modules/learning/assignment-target.server.ts";
import { lessonPath, playerPath } from "#app/modules/learning/player-paths.ts";
import { SubmitAssignmentSchema } from "#app/modules/learning/schemas.ts";
import { submitAssignment } from "#app/modules/learning/submit-assignment.server.ts";
import { getSubmissionPage } from "#app/modules/learning/submissions.server.ts";
import { filePath, submissionPath } from "#app/modules/learning/work-paths.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat, dateFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.submission_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const lessonSlug = slugParam(params.lessonSlug);
  const actor = await requireUser(request);
  const page = await getSubmissionPage(actor, { enrolmentId, lessonSlug });
  return {
    ...page,
    handedIn: new URL(request.url).searchParams.get("done") === "1",
    constraints: getConstraints(SubmitAssignmentSchema),
    messages: await pageMessages(request, ["work"]),
  };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const lessonSlug = slugParam(params.lessonSlug);
  const actor = await requireUser(request);
  // The limit comes from the assignment, so it is known before a byte of the body is read.
  const maxFileBytes = await getUploadLimit(actor, { enrolmentId, lessonSlug });
  const { submission, file } = await readUploadSubmission(request, SubmitAssignmentSchema, { maxFileBytes });
  return submitForm(submission, async (input) => {
    await submitAssignment(actor, { ...input, enrolmentId, lessonSlug }, file);
    return redirect(`${submissionPath(enrolmentId, lessonSlug)}?done=1`, 303);
  });
});

/** Course text is in the course's language, whatever the page's. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

export default function Submission({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { enrolmentId, lesson, rubric, fileTypes, maxSizeMb, allowResubmission, dueAt, canSubmit, closedReason, submission } =
    loaderData;
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  // A refusal's message may name the limit or the accepted types (reason params).
  const message = (key: string) => t(key, actionData?.params);
  const fileErrors = form.errorsOf("file");
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const when = (date: Date | string) =>
    dateFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(new Date(date));
  const total = rubric.reduce((n, c) => n + c.points, 0);
  const grade = submission?.grade ?? null;
  return (
    <div className="stack">
      <p>
        <Link to={playerPath(enrolmentId)} {...langProps(lesson.language)}>
          {lesson.courseTitle}
        </Link>
      </p>
      <h1 {...langProps(lesson.language)}>{lesson.title}</h1>
      {loaderData.handedIn && submission?.status === "submitted" ? (
        <p className="alert alert-info" role="status">
          {t("work.handed_in_notice")}
        </p>
      ) : null}

      {lesson.bodyHtml ? (
        <section aria-labelledby="brief-heading">
          <h2 id="brief-heading">{t("work.brief_heading")}</h2>
          <div className="prose" {...langProps(lesson.language)} dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />
        </section>
      ) : null}

      <section className="panel" aria-labelledby="rubric-heading">
        <h2 id="rubric-heading">{t("work.rubric_heading")}</h2>
        <ul>
          {rubric.map((c, i) => (
            <li key={i}>
              <span {...langProps(lesson.language)}>{c.criterion}</span>
              <br />
              <strong>{t("work.points", { points: number.format(c.points) })}</strong>
            </li>
          ))}
        </ul>
        <p>{t("work.points_total", { points: number.format(total) })}</p>
      </section>

      <section className="panel" aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t("work.rules_heading")}</h2>
        <ul>
          <li>{t("work.file_types", { types: fileTypes.join(", ") })}</li>
          <li>{t("work.max_size", { size: number.format(maxSizeMb) })}</li>
          <li>{dueAt ? t("work.due", { date: when(dueAt) }) : t("work.no_due_date")}</li>
          <li>{t(allowResubmission ? "work.resubmission_allowed" : "work.resubmission_not_allowed")}</li>
        </ul>
      </section>

      {submission ? (
        <section className="panel" aria-labelledby="mine-heading">
          <h2 id="mine-heading">{t("work.yours_heading")}</h2>
          <p>
            <strong>{t(submission.status === "graded" ? "work.status_graded" : "work.status_submitted")}</strong>{" "}
            {t("work.handed_in_at", { date: when(submission.submittedAt), version: submission.version })}
          </p>
          {submission.text ? (
            <div className="statement" dir="auto">
              {submission.text}
            </div>
          ) : null}
          {submission.file ? (
            <p>
              {t("work.your_file")}{" "}
              <a href={filePath(submission.file.id)} download dir="auto">
                {submission.file.filename}
              </a>{" "}
              <span className="hint">
                ({t("work.file_size", { size: number.format(Math.max(1, Math.round(submission.file.size / 1000))) })})
              </span>
            </p>
          ) : null}
        </section>
      ) : null}

      {grade ? (
        <section className="panel" aria-labelledby="grade-heading">
          <h2 id="grade-heading">{t("work.grade_heading")}</h2>
          <p>
            <strong>
              {t("work.grade_total", {
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
                  {t("work.criterion_score", { points: number.format(c.score ?? 0), max: number.format(c.points) })}
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
            <>
              <h3>{t("work.feedback_heading")}</h3>
              <p className="statement" dir="auto">
                {grade.feedback}
              </p>
            </>
          ) : null}
        </section>
      ) : null}

      {canSubmit ? (
        <section className="panel" aria-labelledby="hand-in-heading">
          <h2 id="hand-in-heading">{t(submission ? "work.resubmit_heading" : "work.hand_in_heading")}</h2>
          {submission ? <p>{t("work.resubmit_explain")}</p> : null}
          <Form method="post" encType="multipart/form-data" className="stack">
            <FormAlert errors={form.errors} />
            <TextAreaField {...form.field("text")} label={t("work.text_label")} hint={t("work.text_hint")} rows={10} dir="auto" />
            <div className="field">
              <label htmlFor="f-file">{t("work.file_label")}</label>
              <p id="f-file-hint" className="hint">
                {t("work.file_hint", { types: fileTypes.join(", "), size: number.format(maxSizeMb) })}
              </p>
              <input
                id="f-file"
                type="file"
                name="file"
                accept={fileTypes.join(",")}
                aria-invalid={fileErrors?.length ? true : undefined}
                aria-describedby={["f-file-hint", fileErrors?.length ? "f-file-error" : null].filter(Boolean).join(" ")}
              />
              {fileErrors?.length ? (
                <ul id="f-file-error" className="field-errors">
                  {fileErrors.map((e) => (
                    <li key={e}>{message(e)}</li>
                  ))}
                </ul>
              ) : null}
            </div>
            <p className="actions">
              <button type="submit" className="button">
                {t(submission ? "work.resubmit" : "work.hand_in")}
              </button>
            </p>
          </Form>
        </section>
      ) : closedReason && closedReason !== "submission.already_graded" && closedReason !== "submission.resubmission_closed" ? (
        <p className="alert alert-info">{t(`reason.${closedReason}`)}</p>
      ) : null}

      <nav aria-label={t("work.nav")} className="actions">
        <Link to={lessonPath(enrolmentId, lesson.slug, { continued: true })}>{t("work.back_to_lesson")}</Link>{" "}
        <Link to={playerPath(enrolmentId)}>{t("player.outline")}</Link>
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
