// The grading rules of quizzes and of the course grade, as pure functions (no database, no clock): the
// operations that record attempts and final grades call them. docs/decisions/018-quiz-grading-rules.md
// explains each choice; grading.test.ts holds the edge cases (Moodle's and Open edX's).
//
// Numbers:
//   - a learner's number may use "." or "," as the decimal mark, Arabic-Indic digits and "٫", a sign
//     (also "−"), and an exponent ("1.5e3"). No thousands separators: "1,000" is 1 (one decimal mark).
//     Empty, NaN, Infinity and anything else is no answer (0 points, never an error);
//   - comparisons allow a few units in the last place (FLOAT_SLACK): 0.1 + 0.2 equals 0.3 under "exact",
//     and 0.4 is within an absolute 0.1 of 0.3, although in binary floating point neither quite holds;
//   - question points are rounded half up to 2 decimals, percentages half up to 1 decimal.
// Text: NFKC, trimmed, inner whitespace collapsed, lower-cased (toLocaleLowerCase with no locale).
// Accents stay distinct ("café" ≠ "cafe") unless the author lists both.
import type { Question, Quiz } from "#app/modules/courses/schemas.ts";
import { AppError } from "#app/utils/errors.ts";

export type ToleranceKind = "exact" | "absolute" | "relative";
export type PartialCreditRule = "all_or_nothing" | "per_option";
export type KeepPolicy = "highest" | "latest";
export type ShowAnswers = "immediately" | "after_due";

/** A learner's answer as a form sends it: an option number (from 0), a list of them, or text. */
export type AnswerValue = string | number | readonly (string | number)[] | null | undefined;

export type QuestionGrade = {
  points: number;
  max: number;
  /** "partial": some but not all of the points (multiple answers graded per option). */
  correct: boolean | "partial";
};

export type AttemptGrade = {
  points: number;
  max: number;
  /** points / max, in percent, rounded half up to one decimal. */
  percent: number;
  questions: QuestionGrade[];
};

// ---------------------------------------------------------------------------------------------------
// Rounding and floating point

/** Units in the last place that a comparison forgives (see the top of this file). */
const FLOAT_SLACK = 8 * Number.EPSILON;

/** `a ≤ b`, forgiving the rounding error of the doubles involved. */
function atMost(a: number, b: number, scale: number): boolean {
  return a <= b + FLOAT_SLACK * scale;
}

/**
 * Rounds half up (away from zero for the values used here, which are never negative) to `decimals`. The
 * value is first snapped to 9 decimals, so 59.949999999999996 (a sum that "is" 59.95) rounds to 60.0.
 */
export function roundHalfUp(value: number, decimals: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  if (Math.abs(value) >= 1e15) return value; // no fractional digits left to round
  // Rounding the decimal string, not value × factor: 1.005 × 100 is 100.49999999999999 in binary.
  const shifted = Number(`${Math.abs(value).toFixed(9)}e${decimals}`);
  const rounded = Math.round(shifted) / 10 ** decimals;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

// ---------------------------------------------------------------------------------------------------
// Parsing a learner's number and text

const ARABIC_INDIC = /[\u0660-\u0669]/g;
const EXTENDED_ARABIC_INDIC = /[\u06F0-\u06F9]/g;
const NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?$/i;

/** A learner's number, or null when it is not one (see the top of this file). */
export function parseNumber(input: string | number | null | undefined): number | null {
  if (typeof input === "number") return Number.isFinite(input) ? input : null;
  if (typeof input !== "string") return null;
  const text = input
    .normalize("NFKC")
    .replace(ARABIC_INDIC, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(EXTENDED_ARABIC_INDIC, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066B/g, ".")
    .replace(/\u2212/g, "-")
    .trim();
  if (!NUMBER.test(text)) return null;
  const value = Number(text.replace(",", "."));
  return Number.isFinite(value) ? value : null;
}

/** Text as it is compared: NFKC, trimmed, whitespace collapsed, lower case. Accents are kept. */
export function normaliseText(input: string): string {
  return input.normalize("NFKC").trim().replace(/\s+/gu, " ").toLocaleLowerCase(undefined);
}

// ---------------------------------------------------------------------------------------------------
// The rules of a question and of a quiz, with their defaults

/** A numeric question's tolerance. Without a kind: 0 is exact, more is absolute (the rule before issue 8). */
export function numericTolerance(q: { tolerance: number; toleranceKind?: ToleranceKind }): {
  kind: ToleranceKind;
  value: number;
} {
  const kind = q.toleranceKind ?? (q.tolerance > 0 ? "absolute" : "exact");
  return { kind, value: kind === "exact" ? 0 : q.tolerance };
}

/** True when `x` counts as `answer` under the tolerance. */
export function withinTolerance(x: number, answer: number, tolerance: { kind: ToleranceKind; value: number }): boolean {
  const scale = Math.max(Math.abs(x), Math.abs(answer));
  const diff = Math.abs(x - answer);
  switch (tolerance.kind) {
    case "exact":
      return atMost(diff, 0, scale);
    case "absolute":
      return atMost(diff, tolerance.value, Math.max(scale, tolerance.value));
    case "relative":
      // With a = 0, r·|a| is 0: only 0 itself is right (no tolerance can be relative to nothing).
      return atMost(diff, tolerance.value * Math.abs(answer), scale);
  }
}

export function partialCreditRule(q: Question): PartialCreditRule {
  return q.type === "multiple" ? (q.partialCredit ?? "all_or_nothing") : "all_or_nothing";
}

/** The translated sentence (app/locales/*.courses.json) that states a multiple-answer question's rule. */
export function partialCreditRuleKey(rule: PartialCreditRule): string {
  return rule === "per_option" ? "grading.rule_per_option" : "grading.rule_all_or_nothing";
}

export type QuizRules = { maxAttempts: number; keep: KeepPolicy; showAnswers: ShowAnswers };

/** A quiz's attempt limit, grade-to-keep policy and answer visibility, with their defaults. */
export function quizRules(quiz: Quiz): QuizRules {
  return { maxAttempts: quiz.attemptsAllowed, keep: quiz.keep ?? "highest", showAnswers: quiz.showAnswers ?? "immediately" };
}

/** The translated sentences that state a quiz's keep and answer rules to the learner. */
export function quizRuleKeys(quiz: Quiz): string[] {
  const rules = quizRules(quiz);
  return [`grading.rule_keep_${rules.keep}`, `grading.rule_answers_${rules.showAnswers}`];
}

/** Attempts a learner may still start: the quiz's limit plus an educator's extra attempts (accommodations). */
export function attemptsLeft(quiz: Quiz, used: number, extraAttempts = 0): number {
  return Math.max(0, quizRules(quiz).maxAttempts + Math.max(0, extraAttempts) - used);
}

/**
 * Whether a learner may see which answers were right (the score is always shown). "after_due": once the
 * due date has passed, or, without a due date, once no attempt is left (so answers never help a retry).
 */
export function answersVisible(quiz: Quiz, at: { now: Date; dueAt: Date | null; attemptsLeft: number }): boolean {
  if (quizRules(quiz).showAnswers === "immediately") return true;
  return at.dueAt ? at.now.getTime() >= at.dueAt.getTime() : at.attemptsLeft <= 0;
}

// ---------------------------------------------------------------------------------------------------
// Grading one question and one attempt

const INDEX = /^(?:0|[1-9]\d{0,2})$/;

/** An option number (from 0), or null. */
function optionIndex(value: string | number): number | null {
  const text = typeof value === "number" ? String(value) : value.trim();
  return INDEX.test(text) ? Number(text) : null;
}

function asList(value: AnswerValue): readonly (string | number)[] {
  if (value === null || value === undefined || value === "") return [];
  return Array.isArray(value) ? value : [value as string | number];
}

function single(value: AnswerValue): string | number | null {
  if (value === null || value === undefined || Array.isArray(value)) return null;
  return value as string | number;
}

const grade = (points: number, max: number): QuestionGrade => ({
  points: roundHalfUp(points, 2),
  max,
  correct: points >= max ? true : points <= 0 ? false : "partial",
});

/**
 * Grades one answer. Never throws: a missing or malformed answer earns 0 (gradeAttempt refuses forged
 * shapes before this runs).
 */
export function gradeQuestion(q: Question, answer: AnswerValue): QuestionGrade {
  switch (q.type) {
    case "single": {
      const value = single(answer);
      const picked = value === null ? null : optionIndex(value);
      return grade(picked === q.answer ? q.points : 0, q.points);
    }
    case "multiple": {
      const picked = new Set(
        asList(answer)
          .filter((v) => !(typeof v === "string" && v.trim() === ""))
          .map(optionIndex),
      );
      if (picked.has(null)) return grade(0, q.points);
      const correct = new Set(q.answers);
      const right = [...picked].filter((i) => correct.has(i as number)).length;
      const wrong = picked.size - right;
      if (partialCreditRule(q) === "all_or_nothing") {
        return grade(right === correct.size && wrong === 0 ? q.points : 0, q.points);
      }
      const fraction = Math.max(0, (right - wrong) / correct.size);
      return grade(q.points * fraction, q.points);
    }
    case "numeric": {
      const value = single(answer);
      const x = value === null ? null : parseNumber(value);
      return grade(x !== null && withinTolerance(x, q.answer, numericTolerance(q)) ? q.points : 0, q.points);
    }
    case "text": {
      const value = single(answer);
      const given = typeof value === "string" ? normaliseText(value) : "";
      const ok = given !== "" && q.accepted.some((a) => normaliseText(a) === given);
      return grade(ok ? q.points : 0, q.points);
    }
  }
}

/** Why an answer's shape is refused (a form cannot send it), or null. */
function shapeProblem(q: Question, value: AnswerValue): string | null {
  if (value === null || value === undefined) return null;
  const options = q.type === "single" || q.type === "multiple" ? q.options.length : 0;
  const isOption = (v: string | number) => {
    if (typeof v === "string" && v.trim() === "") return true;
    const i = optionIndex(v);
    return i !== null && i < options;
  };
  switch (q.type) {
    case "single":
      return Array.isArray(value) || !isOption(value as string | number) ? "option" : null;
    case "multiple":
      return asList(value).every(isOption) ? null : "option";
    case "numeric":
    case "text":
      return Array.isArray(value) || (typeof value !== "string" && typeof value !== "number") ? "value" : null;
  }
}

/**
 * Grades a whole attempt. `answers` is keyed by question number from 0 ("0", "1", … or an array); an
 * unanswered question earns 0. Refused (400 `request.invalid`, nothing graded): an answer for a question
 * this quiz does not have (`grading.question_not_in_quiz`), or a shape no form sends, such as an option
 * the question does not have (`grading.answer_invalid`).
 */
export function gradeAttempt(quiz: Quiz, answers: Readonly<Record<string, AnswerValue>> | readonly AnswerValue[]): AttemptGrade {
  const entries = Object.entries(answers) as [string, AnswerValue][];
  for (const [key, value] of entries) {
    const q = /^(?:0|[1-9]\d{0,3})$/.test(key) ? quiz.questions[Number(key)] : undefined;
    if (!q) {
      throw new AppError("request.invalid", { key: "grading.question_not_in_quiz", params: { question: key.slice(0, 20) } });
    }
    if (shapeProblem(q, value)) {
      throw new AppError("request.invalid", { key: "grading.answer_invalid", params: { n: Number(key) + 1 } });
    }
  }
  const byIndex = answers as Readonly<Record<string, AnswerValue>>;
  const questions = quiz.questions.map((q, i) => gradeQuestion(q, byIndex[String(i)]));
  const points = roundHalfUp(
    questions.reduce((sum, g) => sum + g.points, 0),
    2,
  );
  const max = roundHalfUp(
    questions.reduce((sum, g) => sum + g.max, 0),
    2,
  );
  return { points, max, percent: max > 0 ? roundHalfUp((points / max) * 100, 1) : 0, questions };
}

// ---------------------------------------------------------------------------------------------------
// The attempt that counts

export type ScoredAttempt = { percent: number; submittedAt: Date; number: number };

/**
 * The attempt whose score counts, or null with no submitted attempt. "highest": the best percent, the
 * earliest of equals; "latest": the last submitted (by time, then by attempt number).
 */
export function keptScore<A extends ScoredAttempt>(attempts: readonly A[], policy: KeepPolicy): A | null {
  let kept: A | null = null;
  for (const a of attempts) {
    if (!kept) {
      kept = a;
      continue;
    }
    const later =
      a.submittedAt.getTime() > kept.submittedAt.getTime() ||
      (a.submittedAt.getTime() === kept.submittedAt.getTime() && a.number > kept.number);
    if (policy === "latest" ? later : a.percent > kept.percent || (a.percent === kept.percent && !later)) kept = a;
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------------
// The course grade

export type GradeComponent = { key: string; percent: number | null | undefined };
export type CourseGradeLine = {
  key: string;
  /** The component's percent, 0 when it has none yet. */
  percent: number;
  missing: boolean;
  /** The normalised weight, a fraction of 1. */
  weight: number;
  /** percent × weight, in points of the course grade (2 decimals, for display; the total is computed unrounded). */
  contribution: number;
};
export type CourseGrade = { percent: number; breakdown: CourseGradeLine[] };

/**
 * The weighted course grade. `weights` names the components that count (a key absent from `components`,
 * or with no percent, counts as 0); a component without a weight, or with weight 0, does not count.
 * Weights are normalised (1 and 3 are 25 % and 75 %). With no positive weight the grade is 0. The result
 * is rounded half up to one decimal; throws RangeError for a negative or non-finite weight or a percent
 * outside 0–100 (a programming error, not a learner's).
 */
export function courseGrade(components: readonly GradeComponent[], weights: Readonly<Record<string, number>>): CourseGrade {
  const percents = new Map<string, number | null | undefined>();
  for (const c of components) {
    if (c.percent !== null && c.percent !== undefined && !(Number.isFinite(c.percent) && c.percent >= 0 && c.percent <= 100)) {
      throw new RangeError(`percent out of range for ${c.key}: ${c.percent}`);
    }
    percents.set(c.key, c.percent);
  }
  const weighted = Object.entries(weights);
  for (const [key, w] of weighted) {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`invalid weight for ${key}: ${w}`);
  }
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  if (total <= 0) return { percent: 0, breakdown: [] };
  let sum = 0;
  const breakdown = weighted
    .filter(([, w]) => w > 0)
    .map(([key, w]): CourseGradeLine => {
      const value = percents.get(key);
      const missing = value === null || value === undefined;
      const percent = missing ? 0 : value;
      sum += percent * w;
      return { key, percent, missing, weight: w / total, contribution: roundHalfUp((percent * w) / total, 2) };
    });
  return { percent: roundHalfUp(sum / total, 1), breakdown };
}

/** Passing compares the rounded grade the learner sees: 59.95 shows as 60.0 and passes a pass mark of 60. */
export function isPassing(grade: number | CourseGrade, passMark: number): boolean {
  const percent = typeof grade === "number" ? roundHalfUp(grade, 1) : grade.percent;
  return percent >= passMark;
}
