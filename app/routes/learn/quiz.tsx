import { Form, Link, redirect, type ShouldRevalidateFunctionArgs } from "react-router";
import type { Route } from "./+types/quiz";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { AttemptList, langProps, QuizRules } from "#app/components/quiz.tsx";
import { courseIdParam, slugParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { lessonPath, playerPath, quizResultPath } from "#app/modules/learning/player-paths.ts";
import { getQuizForTaking } from "#app/modules/learning/quiz.server.ts";
import { MAX_QUIZ_ANSWER_LENGTH, SubmitQuizAttemptSchema } from "#app/modules/learning/schemas.ts";
import { submitQuizAttempt } from "#app/modules/learning/submit-quiz-attempt.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { readSubmission } from "#app/utils/forms.server.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.quiz_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const lessonSlug = slugParam(params.lessonSlug);
  const actor = await requireUser(request);
  const continued = new URL(request.url).searchParams.get("continue") === "1";
  const quiz = await getQuizForTaking(actor, enrolmentId, lessonSlug, { continued });
  // Behind a content warning, as the lesson is: its page shows the warning first.
  if (quiz.gated) return redirect(lessonPath(enrolmentId, lessonSlug));
  // The limit of a typed answer, from the schema (which stays on the server: zod is not sent to the browser).
  // The "take" strings of this page: not the result page's own (`take.result_…`), and of the notices
  // why the quiz is closed only the one shown (the learner JS budget).
  const messages = Object.entries(await pageMessages(request, ["take"])).filter(
    ([key]) =>
      !key.startsWith("take.result_") && (!key.startsWith("take.form_closed_") || key === `take.form_closed_${quiz.closed}`),
  );
  return { ...quiz, answerMaxLength: MAX_QUIZ_ANSWER_LENGTH, messages: Object.fromEntries(messages) };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  slugParam(params.lessonSlug);
  const actor = await requireUser(request);
  const submission = await readSubmission(request, SubmitQuizAttemptSchema);
  return submitForm(submission, async (input) => {
    const attempt = await submitQuizAttempt(actor, { ...input, enrolmentId });
    return redirect(quizResultPath(enrolmentId, attempt.lessonSlug, attempt.number), 303);
  });
});

// After a refused attempt (sent twice, none left, past due), show the quiz as it is now.
export function shouldRevalidate({ actionResult, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return actionResult ? true : defaultShouldRevalidate;
}

type Loaded = Route.ComponentProps["loaderData"];
type Question = Loaded["questions"][number];

/**
 * What a refused post sent back (Conform's reply): the answers as sent, to show again, and the messages
 * by field. Read here rather than with forms.tsx's formState, which this page would load only for this
 * (the learner JS budget).
 */
type Sent = { answers: unknown[]; errors: Record<string, string[]> };
function sentOf(
  result: { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> | null } | undefined,
): Sent {
  const answers = result?.initialValue?.answers;
  const errors: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(result?.error ?? {})) if (list?.length) errors[key] = list;
  return { answers: Array.isArray(answers) ? answers : [], errors };
}
/** The values sent for question `index`: the option numbers ticked, or the text typed. */
function sentValues(sent: Sent, index: number): string[] {
  const value = sent.answers[index];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** One question as a fieldset: its prompt as the legend, then radio buttons, checkboxes or a text box. */
function QuestionFields({
  question,
  language,
  sent,
  maxLength,
}: {
  question: Question;
  language: string;
  sent: Sent;
  maxLength: number;
}) {
  const t = useT();
  const name = `answers[${question.index}]`;
  const id = `f-answers-${question.index}`;
  const errors = Object.entries(sent.errors)
    .filter(([key]) => key === name || key.startsWith(`${name}[`))
    .flatMap(([, list]) => list);
  const values = sentValues(sent, question.index);
  const hints = [
    question.type === "single" ? t("take.form_choose_one") : null,
    question.type === "multiple" ? t("take.form_choose_any") : null,
    question.ruleKey ? t(question.ruleKey) : null,
    question.type === "numeric" ? t("take.form_numeric_hint") : null,
  ].filter((h): h is string => h !== null);
  const describedBy =
    [hints.length ? `${id}-hint` : null, errors.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="panel">
      <fieldset className="field" aria-describedby={describedBy}>
        <legend>
          <span className="hint">
            {t("take.question_n", { n: question.index + 1 })} · {t("take.form_points", { count: question.points })}
          </span>
          <br />
          <span {...langProps(language)}>{question.prompt}</span>
        </legend>
        {hints.length ? (
          <div id={`${id}-hint`}>
            {hints.map((h) => (
              <p key={h} className="hint">
                {h}
              </p>
            ))}
          </div>
        ) : null}
        {question.type === "single" || question.type === "multiple" ? (
          question.options.map((option, k) => (
            <div className="field checkbox" key={k}>
              <input
                type={question.type === "single" ? "radio" : "checkbox"}
                id={`${id}-${k}`}
                name={name}
                value={String(k)}
                defaultChecked={values.includes(String(k))}
              />
              <label htmlFor={`${id}-${k}`} {...langProps(language)}>
                {option}
              </label>
            </div>
          ))
        ) : (
          <div className="field">
            <label htmlFor={id}>{t("take.your_answer")}</label>
            <input
              type="text"
              id={id}
              name={name}
              defaultValue={values[0] ?? ""}
              maxLength={maxLength}
              inputMode={question.type === "numeric" ? "decimal" : undefined}
              autoComplete="off"
              spellCheck={question.type === "text" ? undefined : false}
              dir="auto"
            />
          </div>
        )}
        {errors.length ? (
          <ul id={`${id}-error`} className="field-errors">
            {errors.map((e) => (
              <li key={e}>{t(e)}</li>
            ))}
          </ul>
        ) : null}
      </fieldset>
    </div>
  );
}

/** The quiz page: its rules, the attempts made, and the form of the next attempt (or why there is none). */
export default function QuizPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { enrolmentId, courseTitle, language, lesson, closed, questions, nextAttempt, attempts } = loaderData;
  const sent = sentOf(actionData?.result);
  // Messages with no input of their own to sit by: the form's, the hidden fields', the answer list's.
  const general = ["", "answers", "attempt", "lessonId"].flatMap((key) => sent.errors[key] ?? []);
  const hasErrors = Object.keys(sent.errors).length > 0;
  const params = actionData && "params" in actionData ? actionData.params : undefined;
  return (
    <div className="stack">
      <p>
        <Link to={playerPath(enrolmentId)} {...langProps(language)}>
          {courseTitle}
        </Link>
      </p>
      <h1 {...langProps(language)}>{lesson.title}</h1>
      {hasErrors ? (
        <div className="alert alert-error" role="alert" tabIndex={-1}>
          <p>{t("form.fix_errors")}</p>
          {general.length ? (
            <ul>
              {general.map((e) => (
                <li key={e}>{t(e, params)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <QuizRules data={loaderData} />
      {closed ? (
        <p className="alert alert-info" role="status">
          {t(`take.form_closed_${closed}`)}
        </p>
      ) : (
        <Form method="post" className="form" aria-labelledby="attempt-heading">
          <h2 id="attempt-heading">{t("take.attempt_heading", { number: nextAttempt })}</h2>
          <p className="hint">{t("take.form_hint")}</p>
          <input type="hidden" name="lessonId" value={lesson.id} />
          <input type="hidden" name="attempt" value={String(nextAttempt)} />
          {questions.map((q) => (
            <QuestionFields key={q.index} question={q} language={language} sent={sent} maxLength={loaderData.answerMaxLength} />
          ))}
          <p className="actions">
            <button type="submit" className="button">
              {t("take.form_submit")}
            </button>
          </p>
        </Form>
      )}
      <AttemptList enrolmentId={enrolmentId} lessonSlug={lesson.slug} attempts={attempts} />
      <nav aria-label={t("player.lesson_nav")} className="actions">
        <Link to={lessonPath(enrolmentId, lesson.slug)}>{t("take.back_to_lesson")}</Link>{" "}
        <Link to={playerPath(enrolmentId)}>{t("player.outline")}</Link>
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
