import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/lesson";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState } from "#app/components/forms.tsx";
import { courseIdParam, slugParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { markLessonComplete } from "#app/modules/learning/mark-lesson-complete.server.ts";
import { openLesson } from "#app/modules/learning/open-lesson.server.ts";
import { lessonPath, playerPath, quizPath } from "#app/modules/learning/player-paths.ts";
import { MarkLessonCompleteSchema } from "#app/modules/learning/schemas.ts";
import { submissionPath } from "#app/modules/learning/work-paths.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { readSubmission } from "#app/utils/forms.server.ts";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.lesson_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const lessonSlug = slugParam(params.lessonSlug);
  const actor = await requireUser(request);
  const continued = new URL(request.url).searchParams.get("continue") === "1";
  return openLesson(actor, { enrolmentId, lessonSlug, continued });
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const lessonSlug = slugParam(params.lessonSlug);
  const actor = await requireUser(request);
  const submission = await readSubmission(request, MarkLessonCompleteSchema);
  return submitForm(submission, async (input) => {
    await markLessonComplete(actor, { ...input, enrolmentId });
    // back to the lesson just read (past its warning, which the learner already passed)
    return redirect(lessonPath(enrolmentId, lessonSlug, { continued: true }));
  });
});

/** Course text is in the course's language, whatever the page's. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

/** One lesson: its content warning first when it has one, then the lesson, "Mark complete", Previous / Next. */
export default function PlayerLesson({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { enrolmentId, courseTitle, language, position, total, lesson, gated, done, previous, next, quizAttempts } = loaderData;
  const form = formState(actionData?.result);
  const skipTo = next ? lessonPath(enrolmentId, next.slug) : playerPath(enrolmentId);
  return (
    <div className="stack">
      <p>
        <Link to={playerPath(enrolmentId)} {...langProps(language)}>
          {courseTitle}
        </Link>
      </p>
      <p className="hint">{t("player.position", { position, total })}</p>
      <h1 {...langProps(language)}>{lesson.title}</h1>
      {gated ? (
        <section className="panel" aria-labelledby="warning-heading">
          <h2 id="warning-heading">{t("player.warning_heading")}</h2>
          <p {...langProps(language)}>{lesson.contentWarning}</p>
          <p>{t("player.warning_choice")}</p>
          <p className="actions">
            <Link className="button" to={lessonPath(enrolmentId, lesson.slug, { continued: true })}>
              {t("player.warning_continue")}
            </Link>{" "}
            <Link to={skipTo}>{t("player.warning_skip")}</Link>
          </p>
        </section>
      ) : (
        <>
          {lesson.kind === "quiz" ? (
            <>
              {lesson.bodyHtml ? (
                <div className="prose" {...langProps(language)} dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />
              ) : null}
              <p className="actions">
                <Link className="button" to={quizPath(enrolmentId, lesson.slug, { continued: true })}>
                  {t(quizAttempts ? "player.quiz_see_attempts" : "player.quiz_take")}
                </Link>
              </p>
            </>
          ) : lesson.kind === "assignment" ? (
            <p className="actions">
              <Link className="button" to={submissionPath(enrolmentId, lesson.slug)}>
                {t("player.assignment_open")}
              </Link>
            </p>
          ) : lesson.bodyHtml ? (
            <div className="prose" {...langProps(language)} dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />
          ) : (
            <p className="hint">{t("player.empty_lesson")}</p>
          )}
          {done ? (
            <p role="status" className="alert alert-info">
              {t("player.completed")}
            </p>
          ) : lesson.kind === "quiz" || lesson.kind === "assignment" ? (
            <p className="hint">{t(lesson.kind === "quiz" ? "player.quiz_done_when" : "player.assignment_done_when")}</p>
          ) : (
            <Form method="post" className="actions">
              <FormAlert errors={form.errors} />
              <input type="hidden" name="lessonId" value={lesson.id} />
              <button type="submit" className="button">
                {t("player.mark_complete")}
              </button>
            </Form>
          )}
        </>
      )}
      <nav aria-label={t("player.lesson_nav")} className="actions">
        {previous ? (
          <Link to={lessonPath(enrolmentId, previous.slug)} rel="prev">
            {t("player.previous")}
          </Link>
        ) : null}{" "}
        <Link to={playerPath(enrolmentId)}>{t("player.outline")}</Link>{" "}
        {next ? (
          <Link to={lessonPath(enrolmentId, next.slug)} rel="next">
            {t("player.next")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
