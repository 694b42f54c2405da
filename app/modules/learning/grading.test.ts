// The grading rules, edge case by edge case (the ones Moodle and Open edX handle): tolerances, number
// parsing, rounding, partial credit, short text, the attempt that counts, the course grade and passing.
import { describe, expect, test } from "vitest";
import { QuizSchema, type Question, type Quiz } from "#app/modules/courses/schemas.ts";
import { AppError } from "#app/utils/errors.ts";
import {
  answersVisible,
  attemptsLeft,
  courseGrade,
  gradeAttempt,
  gradeQuestion,
  isPassing,
  keptScore,
  normaliseText,
  numericTolerance,
  parseNumber,
  partialCreditRule,
  partialCreditRuleKey,
  quizRuleKeys,
  quizRules,
  roundHalfUp,
  withinTolerance,
  type ScoredAttempt,
} from "./grading.ts";

const numeric = (answer: number, tolerance = 0, toleranceKind?: "exact" | "absolute" | "relative"): Question => ({
  type: "numeric",
  prompt: "?",
  points: 2,
  answer,
  tolerance,
  ...(toleranceKind ? { toleranceKind } : {}),
});
const multiple = (answers: number[], partialCredit?: "all_or_nothing" | "per_option", options = 5): Question => ({
  type: "multiple",
  prompt: "?",
  points: 3,
  options: Array.from({ length: options }, (_, i) => `o${i}`),
  answers,
  ...(partialCredit ? { partialCredit } : {}),
});
const text = (accepted: string[]): Question => ({ type: "text", prompt: "?", points: 1, accepted });
const single: Question = { type: "single", prompt: "?", points: 1, options: ["a", "b", "c"], answer: 1 };

const quiz = (questions: Question[], extra: Partial<Quiz> = {}): Quiz => QuizSchema.parse({ questions, ...extra });

describe("parsing a learner's number", () => {
  test.each([
    ["1.5", 1.5],
    ["1,5", 1.5],
    [" 1,5 ", 1.5],
    ["-2", -2],
    ["+2", 2],
    ["−3.25", -3.25],
    [".5", 0.5],
    [",5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["6,02E23", 6.02e23],
    ["1.5e-3", 0.0015],
    ["١٫٥", 1.5],
    ["۲۵", 25],
    ["１２", 12],
    ["0", 0],
    ["-0", -0],
  ])("%j is %d", (input, value) => {
    expect(parseNumber(input)).toBe(value);
  });

  test.each([
    "",
    "   ",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "abc",
    "1,000.5",
    "1.2.3",
    "1 000",
    "0x10",
    "1/2",
    "--1",
    "e3",
    ".",
  ])("%j is not a number", (input) => {
    expect(parseNumber(input)).toBeNull();
  });

  test("a number is taken as it is, unless it is not finite; other types are no answer", () => {
    expect(parseNumber(2.5)).toBe(2.5);
    expect(parseNumber(Number.NaN)).toBeNull();
    expect(parseNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(parseNumber(null)).toBeNull();
    expect(parseNumber(undefined)).toBeNull();
  });

  test('"1,000" is one (a single decimal mark, no thousands separators)', () => {
    expect(parseNumber("1,000")).toBe(1);
  });
});

describe("numeric tolerance", () => {
  test("without a kind, 0 is exact and more is absolute (stored quizzes keep their meaning)", () => {
    expect(numericTolerance({ tolerance: 0 })).toEqual({ kind: "exact", value: 0 });
    expect(numericTolerance({ tolerance: 0.01 })).toEqual({ kind: "absolute", value: 0.01 });
    expect(numericTolerance({ tolerance: 0.5, toleranceKind: "exact" })).toEqual({ kind: "exact", value: 0 });
    expect(numericTolerance({ tolerance: 0.05, toleranceKind: "relative" })).toEqual({ kind: "relative", value: 0.05 });
  });

  test("exact: equal values only, forgiving floating-point error (0.1 + 0.2 is 0.3)", () => {
    const exact = { kind: "exact", value: 0 } as const;
    expect(withinTolerance(0.1 + 0.2, 0.3, exact)).toBe(true);
    expect(withinTolerance(0.3, 0.3, exact)).toBe(true);
    expect(withinTolerance(0.30001, 0.3, exact)).toBe(false);
    expect(withinTolerance(1234567891, 1234567890, exact)).toBe(false);
    expect(withinTolerance(-0, 0, exact)).toBe(true);
    expect(withinTolerance(1e-300, 0, exact)).toBe(false);
    expect(withinTolerance(-7, 7, exact)).toBe(false);
  });

  test("absolute: the whole band [a − t, a + t], boundaries included despite binary rounding", () => {
    const t = { kind: "absolute", value: 0.1 } as const;
    expect(withinTolerance(0.4, 0.3, t)).toBe(true); // |0.4 − 0.3| is 0.10000000000000003 in binary
    expect(withinTolerance(0.2, 0.3, t)).toBe(true);
    expect(withinTolerance(0.41, 0.3, t)).toBe(false);
    expect(withinTolerance(0.19, 0.3, t)).toBe(false);
  });

  test("absolute with negative numbers and with a zero answer", () => {
    const t = { kind: "absolute", value: 0.5 } as const;
    expect(withinTolerance(-4.5, -5, t)).toBe(true);
    expect(withinTolerance(-5.5, -5, t)).toBe(true);
    expect(withinTolerance(-5.51, -5, t)).toBe(false);
    expect(withinTolerance(5, -5, t)).toBe(false);
    expect(withinTolerance(0.5, 0, t)).toBe(true);
    expect(withinTolerance(-0.5, 0, t)).toBe(true);
    expect(withinTolerance(0.6, 0, t)).toBe(false);
  });

  test("relative: |x − a| ≤ r·|a|, for negative answers too", () => {
    const r = { kind: "relative", value: 0.1 } as const;
    expect(withinTolerance(110, 100, r)).toBe(true);
    expect(withinTolerance(90, 100, r)).toBe(true);
    expect(withinTolerance(110.01, 100, r)).toBe(false);
    expect(withinTolerance(-4.5, -5, r)).toBe(true);
    expect(withinTolerance(-5.5, -5, r)).toBe(true);
    expect(withinTolerance(-5.6, -5, r)).toBe(false);
    expect(withinTolerance(5, -5, r)).toBe(false);
  });

  test("relative with a zero answer: only zero is right", () => {
    const r = { kind: "relative", value: 0.5 } as const;
    expect(withinTolerance(0, 0, r)).toBe(true);
    expect(withinTolerance(-0, 0, r)).toBe(true);
    expect(withinTolerance(1e-12, 0, r)).toBe(false);
  });

  test("huge and tiny numbers: relative scales, exact still tells neighbours apart", () => {
    const r = { kind: "relative", value: 0.01 } as const;
    expect(withinTolerance(6.05e23, 6.02e23, r)).toBe(true);
    expect(withinTolerance(6.1e23, 6.02e23, r)).toBe(false);
    expect(withinTolerance(1.6e-19 * 1.005, 1.6e-19, r)).toBe(true);
    expect(withinTolerance(1.6e-19 * 1.02, 1.6e-19, r)).toBe(false);
    expect(withinTolerance(6.02e23, 6.02e23, { kind: "exact", value: 0 })).toBe(true);
    expect(withinTolerance(6.0200001e23, 6.02e23, { kind: "exact", value: 0 })).toBe(false);
    expect(withinTolerance(Number.MAX_VALUE, Number.MAX_VALUE, { kind: "exact", value: 0 })).toBe(true);
  });

  test("gradeQuestion parses the learner's text and applies the question's tolerance", () => {
    expect(gradeQuestion(numeric(1.5), "1,5")).toEqual({ points: 2, max: 2, correct: true });
    expect(gradeQuestion(numeric(1.5), "1.50")).toEqual({ points: 2, max: 2, correct: true });
    expect(gradeQuestion(numeric(1.5), "1.51")).toEqual({ points: 0, max: 2, correct: false });
    expect(gradeQuestion(numeric(3.5, 0.01), "3.51")).toMatchObject({ correct: true });
    expect(gradeQuestion(numeric(3.5, 0.01), "3.52")).toMatchObject({ correct: false });
    expect(gradeQuestion(numeric(200, 0.05, "relative"), "209")).toMatchObject({ correct: true });
    expect(gradeQuestion(numeric(200, 0.05, "relative"), "211")).toMatchObject({ correct: false });
    expect(gradeQuestion(numeric(3.5, 0.5, "exact"), "3.6")).toMatchObject({ correct: false });
    for (const bad of ["", "NaN", "Infinity", "abc", null, undefined]) {
      expect(gradeQuestion(numeric(0), bad)).toEqual({ points: 0, max: 2, correct: false });
    }
  });

  test("the stored format: a relative tolerance above 1 (100 %) is refused, an exact one with a value is not", () => {
    expect(QuizSchema.safeParse({ questions: [numeric(1, 1.5, "relative")] }).success).toBe(false);
    expect(QuizSchema.safeParse({ questions: [numeric(1, 1, "relative")] }).success).toBe(true);
    expect(QuizSchema.safeParse({ questions: [numeric(1, 1.5, "absolute")] }).success).toBe(true);
    expect(QuizSchema.safeParse({ questions: [{ ...numeric(1), toleranceKind: "fuzzy" }] }).success).toBe(false);
  });
});

describe("rounding", () => {
  test.each([
    [1.005, 2, 1.01],
    [1.004, 2, 1],
    [2.675, 2, 2.68],
    [0.125, 2, 0.13],
    [59.95, 1, 60],
    [59.94, 1, 59.9],
    [59.949999999999996, 1, 60],
    [66.66666666, 1, 66.7],
    [0.05, 1, 0.1],
    [0.04, 1, 0],
    [100, 1, 100],
    [0, 1, 0],
    [1e-7, 2, 0],
    [1e20, 1, 1e20],
    [-1.005, 2, -1.01],
  ])("roundHalfUp(%d, %d) is %d", (value, decimals, expected) => {
    expect(roundHalfUp(value, decimals)).toBe(expected);
  });

  test("a value that is not finite is a programming error", () => {
    expect(() => roundHalfUp(Number.NaN, 1)).toThrow(RangeError);
    expect(() => roundHalfUp(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
  });
});

describe("single choice", () => {
  test("the right option, as a number or as form text; anything else earns nothing", () => {
    expect(gradeQuestion(single, 1)).toEqual({ points: 1, max: 1, correct: true });
    expect(gradeQuestion(single, "1")).toEqual({ points: 1, max: 1, correct: true });
    expect(gradeQuestion(single, " 1 ")).toMatchObject({ correct: true });
    for (const wrong of [0, "2", "", null, undefined, "01", "1.0", ["1"]]) {
      expect(gradeQuestion(single, wrong)).toEqual({ points: 0, max: 1, correct: false });
    }
  });
});

describe("multiple answers and partial credit", () => {
  test("the rule and its sentence: all or nothing unless the author chose per option", () => {
    expect(partialCreditRule(multiple([0, 1]))).toBe("all_or_nothing");
    expect(partialCreditRule(multiple([0, 1], "per_option"))).toBe("per_option");
    expect(partialCreditRule(single)).toBe("all_or_nothing");
    expect(partialCreditRuleKey("all_or_nothing")).toBe("grading.rule_all_or_nothing");
    expect(partialCreditRuleKey("per_option")).toBe("grading.rule_per_option");
  });

  test("all or nothing: exactly the correct options, in any order", () => {
    const q = multiple([0, 2]);
    expect(gradeQuestion(q, ["2", "0"])).toEqual({ points: 3, max: 3, correct: true });
    expect(gradeQuestion(q, [0, 2, 2])).toMatchObject({ correct: true }); // a repeated pick counts once
    expect(gradeQuestion(q, ["0"])).toEqual({ points: 0, max: 3, correct: false }); // too few
    expect(gradeQuestion(q, ["0", "1", "2"])).toEqual({ points: 0, max: 3, correct: false }); // over-picking
    expect(gradeQuestion(q, ["0", "1", "2", "3", "4"])).toEqual({ points: 0, max: 3, correct: false }); // all picks
    expect(gradeQuestion(q, [])).toEqual({ points: 0, max: 3, correct: false }); // no picks
    expect(gradeQuestion(q, undefined)).toEqual({ points: 0, max: 3, correct: false });
  });

  test("per option: (right − wrong) / correct count of the points, never below 0", () => {
    const q = multiple([0, 1, 2], "per_option"); // 3 points, 3 correct: 1 point per option
    expect(gradeQuestion(q, ["0", "1", "2"])).toEqual({ points: 3, max: 3, correct: true });
    expect(gradeQuestion(q, ["0", "1"])).toEqual({ points: 2, max: 3, correct: "partial" });
    expect(gradeQuestion(q, ["0", "1", "3"])).toEqual({ points: 1, max: 3, correct: "partial" }); // over-picking
    expect(gradeQuestion(q, ["0", "1", "2", "3", "4"])).toEqual({ points: 1, max: 3, correct: "partial" }); // all picks
    expect(gradeQuestion(q, ["0", "3", "4"])).toEqual({ points: 0, max: 3, correct: false }); // floored at 0
    expect(gradeQuestion(q, ["3"])).toEqual({ points: 0, max: 3, correct: false });
    expect(gradeQuestion(q, [])).toEqual({ points: 0, max: 3, correct: false }); // no picks
  });

  test("per option: picking every option of a half-correct question earns nothing", () => {
    const q = multiple([0, 1], "per_option", 4);
    expect(gradeQuestion(q, ["0", "1", "2", "3"])).toEqual({ points: 0, max: 3, correct: false });
  });

  test("per option: fractions of points are rounded half up to 2 decimals", () => {
    const q: Question = { ...multiple([0, 1, 2], "per_option"), points: 1 };
    expect(gradeQuestion(q, ["0"])).toEqual({ points: 0.33, max: 1, correct: "partial" });
    expect(gradeQuestion(q, ["0", "1"])).toEqual({ points: 0.67, max: 1, correct: "partial" });
  });

  test("one picked checkbox may arrive as a single value; empty values are ignored", () => {
    const q = multiple([3]);
    expect(gradeQuestion(q, "3")).toMatchObject({ correct: true });
    expect(gradeQuestion(q, ["", "3"])).toMatchObject({ correct: true });
    expect(gradeQuestion(q, ["x", "3"])).toMatchObject({ correct: false });
  });
});

describe("short text", () => {
  test("case, surrounding and repeated spaces do not matter", () => {
    const q = text(["Photosynthesis"]);
    for (const given of ["photosynthesis", "  PHOTOSYNTHESIS ", "PhotoSynthesis\n"]) {
      expect(gradeQuestion(q, given)).toEqual({ points: 1, max: 1, correct: true });
    }
    const phrase = text(["carbon  dioxide"]);
    expect(gradeQuestion(phrase, "Carbon\t dioxide")).toMatchObject({ correct: true });
    expect(gradeQuestion(phrase, "carbondioxide")).toMatchObject({ correct: false });
  });

  test("accents stay distinct unless the author lists both; composed and decomposed forms are equal", () => {
    expect(gradeQuestion(text(["café"]), "cafe")).toMatchObject({ correct: false });
    expect(gradeQuestion(text(["café", "cafe"]), "cafe")).toMatchObject({ correct: true });
    expect(gradeQuestion(text(["café"]), "cafe\u0301")).toMatchObject({ correct: true }); // e + combining acute
    expect(gradeQuestion(text(["ÉCOLE"]), "école")).toMatchObject({ correct: true });
    expect(gradeQuestion(text(["niño"]), "nino")).toMatchObject({ correct: false });
  });

  test("Unicode: full-width letters (NFKC), Greek and Arabic letters compare as written", () => {
    expect(gradeQuestion(text(["html"]), "ＨＴＭＬ")).toMatchObject({ correct: true });
    expect(gradeQuestion(text(["ΣΟΦΙΑ"]), "σοφια")).toMatchObject({ correct: true });
    expect(gradeQuestion(text(["ماء"]), " ماء ")).toMatchObject({ correct: true });
    expect(normaliseText("  A\u00A0 b  ")).toBe("a b");
  });

  test("any accepted alternative counts; an empty answer never does", () => {
    const q = text(["H2O", "water", "agua"]);
    expect(gradeQuestion(q, "Water")).toMatchObject({ correct: true });
    expect(gradeQuestion(q, "AGUA")).toMatchObject({ correct: true });
    expect(gradeQuestion(q, "h2o")).toMatchObject({ correct: true });
    expect(gradeQuestion(q, "ice")).toMatchObject({ correct: false });
    expect(gradeQuestion(q, "")).toMatchObject({ correct: false });
    expect(gradeQuestion(q, "   ")).toMatchObject({ correct: false });
    expect(gradeQuestion(q, ["water"])).toMatchObject({ correct: false });
  });
});

describe("a whole attempt", () => {
  const q = quiz([single, multiple([0, 1, 2], "per_option"), numeric(2.5, 0.1), text(["water"])]);

  test("sums the points and gives the percent, unanswered questions earning 0", () => {
    const result = gradeAttempt(q, { "0": "1", "1": ["0", "1"], "2": "2,55" });
    expect(result.questions.map((g) => g.correct)).toEqual([true, "partial", true, false]);
    expect(result).toMatchObject({ points: 5, max: 7, percent: 71.4 });
    expect(gradeAttempt(q, {})).toMatchObject({ points: 0, max: 7, percent: 0 });
    expect(gradeAttempt(q, ["1", ["0", "1", "2"], "2.5", " Water "])).toMatchObject({ points: 7, max: 7, percent: 100 });
  });

  test("an answer for a question this quiz does not have is refused with its reason", () => {
    for (const key of ["4", "99", "-1", "x", "01", "1.0", "__proto__"]) {
      let error: unknown;
      try {
        gradeAttempt(q, { "0": "1", [key]: "1" });
      } catch (e) {
        error = e;
      }
      expect(error, key).toBeInstanceOf(AppError);
      expect((error as AppError).key).toBe("grading.question_not_in_quiz");
      expect((error as AppError).status).toBe(400);
    }
  });

  test("a shape no form sends is refused: an option the question does not have, a list for text", () => {
    const refusal = (answers: Record<string, unknown>) => {
      try {
        gradeAttempt(q, answers as Record<string, string>);
        return null;
      } catch (e) {
        return e instanceof AppError ? [e.key, e.params] : e;
      }
    };
    expect(refusal({ "0": "3" })).toEqual(["grading.answer_invalid", { n: 1 }]);
    expect(refusal({ "0": ["1", "2"] })).toEqual(["grading.answer_invalid", { n: 1 }]);
    expect(refusal({ "1": ["0", "5"] })).toEqual(["grading.answer_invalid", { n: 2 }]);
    expect(refusal({ "1": ["zero"] })).toEqual(["grading.answer_invalid", { n: 2 }]);
    expect(refusal({ "2": ["2.5"] })).toEqual(["grading.answer_invalid", { n: 3 }]);
    expect(refusal({ "3": ["water"] })).toEqual(["grading.answer_invalid", { n: 4 }]);
    expect(refusal({ "3": { a: 1 } })).toEqual(["grading.answer_invalid", { n: 4 }]);
    // A wrong but well-formed answer is graded, not refused.
    expect(refusal({ "0": "0", "1": [], "2": "abc", "3": "" })).toBeNull();
  });
});

describe("quiz rules", () => {
  test("defaults: the stored attempt limit, the highest attempt, answers immediately", () => {
    const q = quiz([single]);
    expect(quizRules(q)).toEqual({ maxAttempts: 3, keep: "highest", showAnswers: "immediately" });
    expect(quizRuleKeys(q)).toEqual(["grading.rule_keep_highest", "grading.rule_answers_immediately"]);
    const set = quiz([single], { attemptsAllowed: 1, keep: "latest", showAnswers: "after_due" });
    expect(quizRules(set)).toEqual({ maxAttempts: 1, keep: "latest", showAnswers: "after_due" });
    expect(quizRuleKeys(set)).toEqual(["grading.rule_keep_latest", "grading.rule_answers_after_due"]);
  });

  test("the new fields stay absent when not given, so stored quizzes (and their content hashes) do not change", () => {
    const stored = { attemptsAllowed: 2, questions: [numeric(1, 0.5), multiple([0])] };
    expect(QuizSchema.parse(stored)).toEqual(stored);
    expect(QuizSchema.safeParse({ ...stored, keep: "best" }).success).toBe(false);
    expect(QuizSchema.safeParse({ ...stored, showAnswers: "never" }).success).toBe(false);
    expect(QuizSchema.safeParse({ questions: [{ ...multiple([0]), partialCredit: "half" }] }).success).toBe(false);
  });

  test("attempts left: the limit plus an educator's extra attempts, never negative", () => {
    const q = quiz([single], { attemptsAllowed: 2 });
    expect(attemptsLeft(q, 0)).toBe(2);
    expect(attemptsLeft(q, 2)).toBe(0);
    expect(attemptsLeft(q, 3)).toBe(0);
    expect(attemptsLeft(q, 2, 1)).toBe(1);
    expect(attemptsLeft(q, 0, -5)).toBe(2);
  });

  test("answers after the due date; without one, once no attempt is left", () => {
    const later = quiz([single], { showAnswers: "after_due" });
    const due = new Date("2026-12-10T12:00:00Z");
    expect(answersVisible(later, { now: new Date("2026-12-10T11:59:59Z"), dueAt: due, attemptsLeft: 0 })).toBe(false);
    expect(answersVisible(later, { now: due, dueAt: due, attemptsLeft: 2 })).toBe(true);
    expect(answersVisible(later, { now: due, dueAt: null, attemptsLeft: 1 })).toBe(false);
    expect(answersVisible(later, { now: due, dueAt: null, attemptsLeft: 0 })).toBe(true);
    expect(answersVisible(quiz([single]), { now: new Date(0), dueAt: due, attemptsLeft: 2 })).toBe(true);
  });
});

describe("the attempt that counts", () => {
  const at = (number: number, percent: number, minute = number): ScoredAttempt & { id: string } => ({
    id: `a${number}`,
    number,
    percent,
    submittedAt: new Date(Date.UTC(2026, 11, 1, 12, minute)),
  });

  test("no attempts: nothing to keep", () => {
    expect(keptScore([], "highest")).toBeNull();
    expect(keptScore([], "latest")).toBeNull();
  });

  test("highest: the best percent, whatever the order", () => {
    const attempts = [at(1, 40), at(2, 90), at(3, 60)];
    expect(keptScore(attempts, "highest")?.id).toBe("a2");
    expect(keptScore([...attempts].reverse(), "highest")?.id).toBe("a2");
  });

  test("latest: the last submitted, even when it is worse", () => {
    const attempts = [at(1, 40), at(2, 90), at(3, 60)];
    expect(keptScore(attempts, "latest")?.id).toBe("a3");
    expect(keptScore([...attempts].reverse(), "latest")?.id).toBe("a3");
  });

  test("ties: the earliest of equal highest scores; the higher number at the same instant for latest", () => {
    const attempts = [at(3, 80), at(1, 80), at(2, 50)];
    expect(keptScore(attempts, "highest")?.id).toBe("a1");
    const sameInstant = [at(2, 10, 5), at(1, 90, 5)];
    expect(keptScore(sameInstant, "latest")?.id).toBe("a2");
    expect(keptScore([...sameInstant].reverse(), "latest")?.id).toBe("a2");
  });

  test("one attempt is kept by both policies", () => {
    expect(keptScore([at(1, 0)], "highest")?.id).toBe("a1");
    expect(keptScore([at(1, 0)], "latest")?.id).toBe("a1");
  });
});

describe("the course grade", () => {
  test("weights are normalised and the breakdown shows each part", () => {
    const grade = courseGrade(
      [
        { key: "quiz-1", percent: 80 },
        { key: "essay", percent: 60 },
      ],
      { "quiz-1": 1, essay: 3 },
    );
    expect(grade.percent).toBe(65);
    expect(grade.breakdown).toEqual([
      { key: "quiz-1", percent: 80, missing: false, weight: 0.25, contribution: 20 },
      { key: "essay", percent: 60, missing: false, weight: 0.75, contribution: 45 },
    ]);
    expect(courseGrade([{ key: "a", percent: 80 }], { a: 40 }).percent).toBe(80);
  });

  test("a missing component counts as 0, and says so", () => {
    const grade = courseGrade(
      [
        { key: "quiz-1", percent: 90 },
        { key: "quiz-2", percent: null },
      ],
      {
        "quiz-1": 1,
        "quiz-2": 1,
        essay: 2,
      },
    );
    expect(grade.percent).toBe(22.5);
    expect(grade.breakdown.map((l) => [l.key, l.percent, l.missing])).toEqual([
      ["quiz-1", 90, false],
      ["quiz-2", 0, true],
      ["essay", 0, true],
    ]);
  });

  test("zero weights do not count; a component without a weight is ignored; no positive weight gives 0", () => {
    const grade = courseGrade(
      [
        { key: "practice", percent: 0 },
        { key: "final", percent: 70 },
        { key: "extra", percent: 100 },
      ],
      { practice: 0, final: 1 },
    );
    expect(grade.percent).toBe(70);
    expect(grade.breakdown.map((l) => l.key)).toEqual(["final"]);
    expect(courseGrade([{ key: "a", percent: 100 }], { a: 0 })).toEqual({ percent: 0, breakdown: [] });
    expect(courseGrade([], {})).toEqual({ percent: 0, breakdown: [] });
  });

  test("rounded half up to one decimal, once, on the unrounded total", () => {
    // (2/3 × 100 + 1/3 × 0) = 66.666… → 66.7
    expect(courseGrade([{ key: "a", percent: 100 }], { a: 2, b: 1 }).percent).toBe(66.7);
    // 59.95 exactly halfway → 60.0; 59.94 → 59.9
    expect(courseGrade([{ key: "a", percent: 59.95 }], { a: 1 }).percent).toBe(60);
    expect(courseGrade([{ key: "a", percent: 59.94 }], { a: 1 }).percent).toBe(59.9);
    // 0.1·w sums: 3 components of 59.85, 59.95, 60.15 with equal weights = 59.98333 → 60.0
    expect(
      courseGrade(
        [
          { key: "a", percent: 59.85 },
          { key: "b", percent: 59.95 },
          { key: "c", percent: 60.15 },
        ],
        { a: 1, b: 1, c: 1 },
      ).percent,
    ).toBe(60);
  });

  test("bad weights or percents are programming errors", () => {
    expect(() => courseGrade([], { a: -1 })).toThrow(RangeError);
    expect(() => courseGrade([], { a: Number.NaN })).toThrow(RangeError);
    expect(() => courseGrade([], { a: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => courseGrade([{ key: "a", percent: 101 }], { a: 1 })).toThrow(RangeError);
    expect(() => courseGrade([{ key: "a", percent: -0.1 }], { a: 1 })).toThrow(RangeError);
    expect(() => courseGrade([{ key: "a", percent: Number.NaN }], { a: 1 })).toThrow(RangeError);
  });
});

describe("passing", () => {
  test("at the pass mark passes, just under it does not, judged on the rounded grade", () => {
    expect(isPassing(60, 60)).toBe(true);
    expect(isPassing(59.9, 60)).toBe(false);
    expect(isPassing(59.95, 60)).toBe(true); // shown as 60.0
    expect(isPassing(59.949, 60)).toBe(false); // shown as 59.9
    expect(isPassing(courseGrade([{ key: "a", percent: 59.95 }], { a: 1 }), 60)).toBe(true);
    expect(isPassing(courseGrade([{ key: "a", percent: 59.94 }], { a: 1 }), 60)).toBe(false);
    expect(isPassing(100, 100)).toBe(true);
    expect(isPassing(0, 1)).toBe(false);
  });
});
