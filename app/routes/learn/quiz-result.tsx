import { Link } from "react-router";
import type { Route } from "./+types/quiz-result";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { AttemptList, langProps, QuizRules, useDateTime } from "#app/components/quiz.tsx";
import { courseIdParam, slugParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { lessonPath, playerPath, quizPath } from "#app/modules/learning/player-paths.ts";
import { attemptNumberParam, getQuizAttemptResult } from "#app/modules/learning/quiz.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.quiz_result_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const lessonSlug = slugParam(params.lessonSlug);
  const attempt = attemptNumberParam(params.attempt);
  const actor = await requireUser(request);
  const result = await getQuizAttemptResult(actor, enrolmentId, lessonSlug, attempt);
  // The "take" strings of this page: the quiz form's own (`take.form_…`) stay out (the learner JS budget).
  const messages = Object.entries(await pageMessages(request, ["take"])).filter(([key]) => !key.startsWith("take.form_"));
  return { ...result, messages: Object.fromEntries(messages) };
});

type Loaded = Route.ComponentProps["loaderData"];
type Question = Loaded["questions"][number];

const MARK_KEYS = {
  true: "take.result_correct_true",
  false: "take.result_correct_false",
  partial: "take.result_correct_partial",
} as const;

/** A numeric question's right answer with its tolerance, as the grading reads it. */
function numericAnswer(right: Extract<NonNullable<Question["right"]>, { type: "numeric" }>, t: ReturnType<typeof useT>) {
  const { kind, value } = right.tolerance;
  if (kind === "absolute") return t("take.result_numeric_absolute", { answer: right.answer, tolerance: value });
  if (kind === "relative")
    return t("take.result_numeric_relative", { answer: right.answer, percent: Math.round(value * 10_000) / 100 });
  return t("take.result_numeric_exact", { answer: right.answer });
}

/** One question of the attempt: the learner's answer, and — when the rules allow — the mark, right answer and explanation. */
function QuestionResult({ question, language }: { question: Question; language: string }) {
  const t = useT();
  const right = question.right;
  const rightOptions = right?.type === "options" ? new Set(right.options) : null;
  return (
    <li className="panel">
      <p className="hint">
        {t("take.question_n", { n: question.index + 1 })}
        {question.correct !== null ? (
          <>
            {" · "}
            <strong>{t(MARK_KEYS[String(question.correct) as keyof typeof MARK_KEYS])}</strong>
            {" · "}
            {t("take.result_points_of", { points: question.points ?? 0, max: question.max })}
          </>
        ) : null}
      </p>
      <p {...langProps(language)}>{question.prompt}</p>
      {question.options.length > 0 ? (
        <ul>
          {question.options.map((option, k) => {
            const marks = [
              question.chosen.includes(k) ? t("take.result_your_choice") : null,
              rightOptions?.has(k) ? t("take.result_right_option") : null,
            ].filter(Boolean);
            return (
              <li key={k}>
                <span {...langProps(language)}>{option}</span>
                {marks.length ? <strong> · {marks.join(" · ")}</strong> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p>
          {t("take.your_answer")}:{" "}
          {question.typed ? <span dir="auto">{question.typed}</span> : <em>{t("take.result_no_answer")}</em>}
        </p>
      )}
      {question.options.length > 0 && question.chosen.length === 0 ? (
        <p>
          <em>{t("take.result_no_answer")}</em>
        </p>
      ) : null}
      {right?.type === "numeric" ? <p>{numericAnswer(right, t)}</p> : null}
      {right?.type === "text" ? (
        <p>
          {t("take.result_accepted")} <span {...langProps(language)}>{right.accepted.join(" · ")}</span>
        </p>
      ) : null}
      {question.explanation ? (
        <div>
          <p className="hint">{t("take.result_explanation")}</p>
          <p {...langProps(language)}>{question.explanation}</p>
        </div>
      ) : null}
    </li>
  );
}

/** One attempt's result: the score, which score counts, and the questions (with the answers when the rules allow). */
export default function QuizResult({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useDateTime();
  const { enrolmentId, courseTitle, language, lesson, attempt, answersShown, rules, closed, attempts, questions } = loaderData;
  return (
    <div className="stack">
      <p>
        <Link to={playerPath(enrolmentId)} {...langProps(language)}>
          {courseTitle}
        </Link>
      </p>
      <p className="hint" {...langProps(language)}>
        {lesson.title}
      </p>
      <h1>{t("take.result_heading", { number: attempt.number })}</h1>
      <p role="status" className="alert alert-info">
        {t("take.result_score", { percent: attempt.percent, points: attempt.points, max: attempt.maxPoints })}{" "}
        <span className="hint">{t("take.sent_at", { date: date(attempt.submittedAt) })}</span>
      </p>
      {!answersShown ? (
        <p className="alert alert-info">
          {rules.reveal.dueAt
            ? t("take.result_hidden_until_date", { date: date(rules.reveal.dueAt) })
            : t("take.result_hidden_until_none_left")}
        </p>
      ) : null}
      <p className="actions">
        {closed ? null : (
          <Link className="button" to={quizPath(enrolmentId, lesson.slug, { continued: true })}>
            {t("take.result_next_attempt", { number: rules.attemptsUsed + 1 })}
          </Link>
        )}{" "}
        <Link to={quizPath(enrolmentId, lesson.slug, { continued: true })}>{t("take.result_back_to_quiz")}</Link>
      </p>
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">{answersShown ? t("take.result_review_heading") : t("take.result_your_answers")}</h2>
        <ol className="stack question-list">
          {questions.map((q) => (
            <QuestionResult key={q.index} question={q} language={language} />
          ))}
        </ol>
      </section>
      <QuizRules data={{ ...loaderData, questionCount: questions.length, maxPoints: attempt.maxPoints }} />
      <AttemptList enrolmentId={enrolmentId} lessonSlug={lesson.slug} attempts={attempts} current={attempt.number} />
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
