// The quiz pages' reads (issue 8): a quiz to take — its questions without answers, and its rules stated
// — and the result of one attempt, with the right answers only when the quiz's rules allow it
// (answersVisible). Only the enrolment's learner gets them (requireOwnEnrolment: another learner's
// enrolment is "not found"). Each is a fixed number of queries, whatever the number of questions or
// attempts (quiz.test.ts counts them).
import { getRevisionQuizLesson, type RevisionQuizLesson } from "#app/modules/courses/published.server.ts";
import type { Question } from "#app/modules/courses/schemas.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import { dueAtFor, isPastDue } from "./due-dates.ts";
import {
  answersVisible,
  attemptsLeft,
  keptScore,
  numericTolerance,
  partialCreditRule,
  partialCreditRuleKey,
  quizRules,
  type QuestionGrade,
  type ShowAnswers,
} from "./grading.ts";
import { requireOwnEnrolment } from "./player.server.ts";
import { quizTerms } from "./submit-quiz-attempt.server.ts";

/** The `:attempt` of a result page's URL (1, 2, …); anything else is a 404, like an attempt not made. */
export function attemptNumberParam(value: string | undefined): number {
  invariant(value !== undefined && /^[1-9][0-9]{0,3}$/.test(value));
  return Number(value);
}

/** Why no attempt can be started now, or null when one can. */
export type QuizClosedReason = "paused" | "completed" | "none_left" | "past_due";

export type AttemptSummary = {
  number: number;
  points: number;
  maxPoints: number;
  percent: number;
  submittedAt: Date;
  /** The attempt whose score counts (the quiz's keep policy). */
  kept: boolean;
};

/** When the right answers are shown: now, after the due date, or once no attempt is left (no due date). */
export type AnswersRule = { show: ShowAnswers; dueAt: Date | null };

type QuizContext = {
  enrolmentId: string;
  lesson: RevisionQuizLesson;
  terms: Awaited<ReturnType<typeof quizTerms>>;
  attempts: Array<{ number: number; points: number; maxPoints: number; percent: number; createdAt: Date }>;
};

/** The enrolment (own only), the quiz lesson by slug, the learner's terms and attempts: four queries. */
async function loadQuiz(actor: Actor, enrolmentId: string, lessonSlug: string): Promise<QuizContext> {
  const enrolment = await requireOwnEnrolment(actor, enrolmentId, "read:lesson-progress");
  const lesson = await getRevisionQuizLesson(enrolment.revisionId, { slug: lessonSlug });
  if (!lesson) throw new AppError("not_found");
  const [terms, attempts] = await Promise.all([
    quizTerms(prisma, enrolment.id, lesson.id),
    prisma.quizAttempt.findMany({
      where: { enrolmentId: enrolment.id, lessonId: lesson.id },
      orderBy: { number: "asc" },
      select: { number: true, points: true, maxPoints: true, percent: true, createdAt: true },
    }),
  ]);
  return { enrolmentId: enrolment.id, lesson, terms, attempts };
}

/** The learner's standing in the quiz at `now`: attempts, due date, kept score, whether answers show. */
function standing({ lesson, terms, attempts }: QuizContext, now: Date) {
  const quiz = lesson.quiz;
  const rules = quizRules(quiz);
  const used = attempts.length;
  const left = attemptsLeft(quiz, used, terms.extraAttempts);
  const dueAt = dueAtFor({ ...terms, dueDays: quiz.dueDays });
  const pastDue = isPastDue(dueAt, now);
  const kept = keptScore(
    attempts.map((a) => ({ ...a, submittedAt: a.createdAt })),
    rules.keep,
  );
  const closed: QuizClosedReason | null =
    terms.status === "paused"
      ? "paused"
      : terms.status === "completed"
        ? "completed"
        : left <= 0
          ? "none_left"
          : pastDue
            ? "past_due"
            : null;
  return {
    rules: {
      /** Every attempt this learner may make: the quiz's limit and any extra attempts they were given. */
      attemptsAllowed: rules.maxAttempts + Math.max(0, terms.extraAttempts),
      attemptsUsed: used,
      attemptsLeft: left,
      keep: rules.keep,
      reveal: { show: rules.showAnswers, dueAt } satisfies AnswersRule,
      dueAt,
      pastDue,
    },
    closed,
    answersShown: answersVisible(quiz, { now, dueAt, attemptsLeft: left }),
    kept: kept ? { number: kept.number, points: kept.points, maxPoints: kept.maxPoints, percent: kept.percent } : null,
    attempts: attempts.map((a): AttemptSummary => ({
      number: a.number,
      points: a.points,
      maxPoints: a.maxPoints,
      percent: a.percent,
      submittedAt: a.createdAt,
      kept: kept?.number === a.number,
    })),
  };
}

const optionsOf = (q: Question): string[] => (q.type === "single" || q.type === "multiple" ? q.options : []);

/**
 * A quiz to take: its questions without answers or explanations (each multiple-answer question with the
 * sentence that states its partial-credit rule), the rules (attempts allowed, used and left, which
 * attempt counts, when answers are shown, the due date), the score that counts so far and the attempts
 * made. `closed` says why no attempt can be started (paused, completed, none left, past due); then no
 * questions are sent. `nextAttempt` is the number the form posts back (a stale form is refused).
 * A quiz lesson with a content warning is `gated` (no questions) until the learner chose to continue
 * past it on the lesson page (`continued`), as the lesson itself is.
 */
export async function getQuizForTaking(
  actor: Actor,
  enrolmentId: string,
  lessonSlug: string,
  options: { continued?: boolean; now?: Date } = {},
) {
  const context = await loadQuiz(actor, enrolmentId, lessonSlug);
  const { lesson } = context;
  const state = standing(context, options.now ?? new Date());
  const gated = lesson.contentWarning !== null && !options.continued;
  return {
    enrolmentId: context.enrolmentId,
    courseTitle: lesson.courseTitle,
    language: lesson.language,
    lesson: { id: lesson.id, slug: lesson.slug, title: lesson.title },
    ...state,
    gated,
    nextAttempt: state.rules.attemptsUsed + 1,
    questionCount: lesson.quiz.questions.length,
    maxPoints: lesson.quiz.questions.reduce((sum, q) => sum + q.points, 0),
    questions:
      state.closed || gated
        ? []
        : lesson.quiz.questions.map((q, index) => ({
            index,
            type: q.type,
            prompt: q.prompt,
            points: q.points,
            options: optionsOf(q),
            ruleKey: q.type === "multiple" ? partialCreditRuleKey(partialCreditRule(q)) : null,
          })),
  };
}

/** A question's right answer as the result page states it (shown only when answersVisible allows). */
export type RightAnswer =
  | { type: "options"; options: number[] }
  | { type: "numeric"; answer: number; tolerance: ReturnType<typeof numericTolerance> }
  | { type: "text"; accepted: string[] };

function rightAnswer(q: Question): RightAnswer {
  switch (q.type) {
    case "single":
      return { type: "options", options: [q.answer] };
    case "multiple":
      return { type: "options", options: [...q.answers].sort((a, b) => a - b) };
    case "numeric":
      return { type: "numeric", answer: q.answer, tolerance: numericTolerance(q) };
    case "text":
      return { type: "text", accepted: q.accepted };
  }
}

/** The learner's own answer as stored: the options ticked, or the text typed. */
function givenAnswer(q: Question, value: unknown): { chosen: number[]; typed: string | null } {
  if (q.type === "single" || q.type === "multiple") {
    const list = Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value];
    const chosen = list.map((v) => Number(v)).filter((n) => Number.isInteger(n) && n >= 0 && n < q.options.length);
    return { chosen: [...new Set(chosen)].sort((a, b) => a - b), typed: null };
  }
  return { chosen: [], typed: typeof value === "string" || typeof value === "number" ? String(value) : null };
}

/**
 * One attempt's result: its score, the standing in the quiz (kept score, attempts left, whether another
 * attempt can be started) and each question with the learner's own answer. Which answers were right —
 * per question points and right / wrong / partial, the right answers and the explanations — only when
 * answersVisible allows; otherwise `answersShown` is false and `rules.reveal` says when they will be
 * (after the due date, or once no attempt is left). An attempt number the learner does not have is
 * "not found". Five queries whatever the number of questions or attempts.
 */
export async function getQuizAttemptResult(
  actor: Actor,
  enrolmentId: string,
  lessonSlug: string,
  number: number,
  now = new Date(),
) {
  const context = await loadQuiz(actor, enrolmentId, lessonSlug);
  const { lesson } = context;
  const attempt = Number.isSafeInteger(number)
    ? await prisma.quizAttempt.findUnique({
        where: { enrolmentId_lessonId_number: { enrolmentId: context.enrolmentId, lessonId: lesson.id, number } },
        select: { number: true, answers: true, result: true, points: true, maxPoints: true, percent: true, createdAt: true },
      })
    : null;
  if (!attempt) throw new AppError("not_found");
  const state = standing(context, now);
  const shown = state.answersShown;
  const answers = (attempt.answers ?? {}) as Record<string, unknown>;
  const grades = (Array.isArray(attempt.result) ? attempt.result : []) as QuestionGrade[];
  return {
    enrolmentId: context.enrolmentId,
    courseTitle: lesson.courseTitle,
    language: lesson.language,
    lesson: { id: lesson.id, slug: lesson.slug, title: lesson.title },
    ...state,
    attempt: {
      number: attempt.number,
      points: attempt.points,
      maxPoints: attempt.maxPoints,
      percent: attempt.percent,
      submittedAt: attempt.createdAt,
    },
    questions: lesson.quiz.questions.map((q, index) => {
      const grade = grades[index];
      return {
        index,
        type: q.type,
        prompt: q.prompt,
        options: optionsOf(q),
        ...givenAnswer(q, answers[String(index)]),
        ...(shown && grade
          ? {
              points: grade.points,
              max: grade.max,
              correct: grade.correct,
              right: rightAnswer(q),
              explanation: q.explanation || null,
            }
          : { points: null, max: q.points, correct: null, right: null, explanation: null }),
      };
    }),
  };
}
