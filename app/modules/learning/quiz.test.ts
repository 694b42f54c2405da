import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import { createApprovedEducator, createLearner } from "#tests/factories.ts";
import { assignEducatorToCohort } from "#tests/learning-factories.ts";
import { ALL_RIGHT, createQuizLearner, DAY_MS, giveAccommodation, MOSTLY_WRONG, QUIZ } from "#tests/quiz-fixtures.ts";
import { endOfUtcDay } from "./due-dates.ts";
import { getQuizAttemptResult, getQuizForTaking } from "./quiz.server.ts";
import { submitQuizAttempt } from "./submit-quiz-attempt.server.ts";

type Scenario = Awaited<ReturnType<typeof createQuizLearner>>;

async function submit(s: Scenario, attempt: number, answers: Record<string, string | string[]> = ALL_RIGHT) {
  return submitQuizAttempt(await actorFor(s.learner.id), {
    enrolmentId: s.enrolment.id,
    lessonId: s.quizLesson.id,
    attempt,
    answers,
  });
}

async function counted<T>(run: () => Promise<T>) {
  const before = queryCounter.count;
  const value = await run();
  return { value, queries: queryCounter.count - before };
}

const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS);

describe("a quiz to take", () => {
  test("questions without answers or explanations, options, each multiple question's partial-credit rule", async () => {
    const s = await createQuizLearner();
    const page = await getQuizForTaking(await actorFor(s.learner.id), s.enrolment.id, "lesson-5");
    expect(page.lesson).toEqual({ id: s.quizLesson.id, slug: "lesson-5", title: "Lesson 5" });
    expect(page.questions).toEqual([
      { index: 0, type: "single", prompt: "What is 2 + 2?", points: 1, options: ["3", "4", "5"], ruleKey: null },
      {
        index: 1,
        type: "multiple",
        prompt: "Which of these numbers are prime?",
        points: 2,
        options: ["2", "4", "5", "9"],
        ruleKey: "grading.rule_per_option",
      },
      { index: 2, type: "numeric", prompt: "What is half of 3?", points: 1, options: [], ruleKey: null },
      { index: 3, type: "text", prompt: "Which city is the capital of France?", points: 1, options: [], ruleKey: null },
    ]);
    const json = JSON.stringify(page);
    expect(json).not.toContain("Two and two make four");
    expect(json).not.toContain("Paris");
    expect(json).not.toMatch(/"(answer|answers|accepted|explanation|tolerance)"/);
    expect(page).toMatchObject({
      nextAttempt: 1,
      closed: null,
      kept: null,
      attempts: [],
      questionCount: 4,
      maxPoints: 5,
      rules: { attemptsAllowed: 2, attemptsUsed: 0, attemptsLeft: 2, keep: "highest", dueAt: null, pastDue: false },
    });
  });

  test("a quiz lesson with a content warning is gated (no questions) until the learner continued past it", async () => {
    const s = await createQuizLearner();
    await prisma.lesson.update({ where: { id: s.quizLesson.id }, data: { contentWarning: "This quiz asks about hard times." } });
    const actor = await actorFor(s.learner.id);
    const gated = await getQuizForTaking(actor, s.enrolment.id, "lesson-5");
    expect(gated).toMatchObject({ gated: true, questions: [] });
    expect(JSON.stringify(gated)).not.toContain("What is 2 + 2?");
    const shown = await getQuizForTaking(actor, s.enrolment.id, "lesson-5", { continued: true });
    expect(shown).toMatchObject({ gated: false });
    expect(shown.questions).toHaveLength(4);
    // without a warning, nothing is gated
    const plain = await createQuizLearner();
    expect(await getQuizForTaking(await actorFor(plain.learner.id), plain.enrolment.id, "lesson-5")).toMatchObject({
      gated: false,
    });
  });

  test("an all-or-nothing multiple question states that rule", async () => {
    const s = await createQuizLearner({
      quiz: { questions: [{ type: "multiple", prompt: "Pick", points: 1, options: ["a", "b", "c"], answers: [0, 1] }] },
    });
    const page = await getQuizForTaking(await actorFor(s.learner.id), s.enrolment.id, "lesson-5");
    expect(page.questions[0]!.ruleKey).toBe("grading.rule_all_or_nothing");
  });

  test("attempts made, the score that counts (highest, or latest), extra attempts and a later due date", async () => {
    const s = await createQuizLearner({ quiz: { attemptsAllowed: 3, dueDays: 60 }, startsOn: daysAgo(10) });
    await submit(s, 1, MOSTLY_WRONG);
    await submit(s, 2, ALL_RIGHT);
    await submit(s, 3, MOSTLY_WRONG);
    const actor = await actorFor(s.learner.id);
    const highest = await getQuizForTaking(actor, s.enrolment.id, "lesson-5");
    expect(highest.attempts.map((a) => [a.number, a.percent, a.kept])).toEqual([
      [1, 20, false],
      [2, 100, true],
      [3, 20, false],
    ]);
    expect(highest).toMatchObject({ kept: { number: 2, percent: 100 }, closed: "none_left", questions: [] });
    const cohortDue = endOfUtcDay(daysAgo(10), 60);
    expect(highest.rules.dueAt).toEqual(cohortDue);

    await prisma.lesson.update({
      where: { id: s.quizLesson.id },
      data: { quiz: { ...s.quiz, attemptsAllowed: 3, dueDays: 60, keep: "latest" } },
    });
    const later = new Date(cohortDue.getTime() + 5 * DAY_MS);
    await giveAccommodation(s.enrolment.id, s.quizLesson.id, { extraAttempts: 1, dueAt: later });
    const latest = await getQuizForTaking(actor, s.enrolment.id, "lesson-5");
    expect(latest).toMatchObject({
      kept: { number: 3, percent: 20 },
      closed: null,
      nextAttempt: 4,
      rules: { attemptsAllowed: 4, attemptsUsed: 3, attemptsLeft: 1, keep: "latest", dueAt: later },
    });
    expect(latest.questions).toHaveLength(4);
    // the educator's note is never sent to the learner
    expect(JSON.stringify(latest)).not.toContain("Private note");
  });

  test("closed: past due, paused, completed — no questions are sent", async () => {
    const past = await createQuizLearner({ quiz: { dueDays: 3 }, startsOn: daysAgo(20) });
    const pastPage = await getQuizForTaking(await actorFor(past.learner.id), past.enrolment.id, "lesson-5");
    expect(pastPage).toMatchObject({ closed: "past_due", questions: [], rules: { pastDue: true } });
    const paused = await createQuizLearner({ status: "paused" });
    expect(await getQuizForTaking(await actorFor(paused.learner.id), paused.enrolment.id, "lesson-5")).toMatchObject({
      closed: "paused",
      questions: [],
    });
    const completed = await createQuizLearner({ status: "completed" });
    expect(await getQuizForTaking(await actorFor(completed.learner.id), completed.enrolment.id, "lesson-5")).toMatchObject({
      closed: "completed",
    });
  });

  test("only the enrolment's learner; a text lesson or unknown slug is not found", async () => {
    const s = await createQuizLearner();
    const other = await actorFor((await createLearner()).id);
    await expect(getQuizForTaking(other, s.enrolment.id, "lesson-5")).rejects.toMatchObject({ reason: "not_found" });
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: educator.id });
    await expect(getQuizForTaking(await actorFor(educator.id), s.enrolment.id, "lesson-5")).rejects.toMatchObject({
      reason: "permission.denied",
    });
    const own = await actorFor(s.learner.id);
    await expect(getQuizForTaking(own, s.enrolment.id, "lesson-1")).rejects.toMatchObject({ reason: "not_found" });
    await expect(getQuizForTaking(own, s.enrolment.id, "lesson-99")).rejects.toMatchObject({ reason: "not_found" });
  });
});

describe("an attempt's result", () => {
  test("answers shown immediately: per question right / wrong / partial, the right answers and explanations", async () => {
    const s = await createQuizLearner();
    await submit(s, 1, MOSTLY_WRONG);
    const result = await getQuizAttemptResult(await actorFor(s.learner.id), s.enrolment.id, "lesson-5", 1);
    expect(result).toMatchObject({
      answersShown: true,
      attempt: { number: 1, points: 1, maxPoints: 5, percent: 20 },
      kept: { number: 1 },
      closed: null,
      rules: { attemptsLeft: 1 },
    });
    expect(result.questions).toEqual([
      {
        index: 0,
        type: "single",
        prompt: "What is 2 + 2?",
        options: ["3", "4", "5"],
        chosen: [0],
        typed: null,
        points: 0,
        max: 1,
        correct: false,
        right: { type: "options", options: [1] },
        explanation: "Two and two make four.",
      },
      expect.objectContaining({
        chosen: [0],
        points: 1,
        max: 2,
        correct: "partial",
        right: { type: "options", options: [0, 2] },
      }),
      expect.objectContaining({
        typed: "2",
        correct: false,
        right: { type: "numeric", answer: 1.5, tolerance: { kind: "absolute", value: 0.01 } },
        explanation: null,
      }),
      expect.objectContaining({ typed: "Lyon", correct: false, right: { type: "text", accepted: ["Paris"] } }),
    ]);
  });

  test("answers after the due date: hidden (own answers and score only) until it passes", async () => {
    const s = await createQuizLearner({ quiz: { showAnswers: "after_due", dueDays: 30 }, startsOn: daysAgo(5) });
    await submit(s, 1, ALL_RIGHT);
    const actor = await actorFor(s.learner.id);
    const hidden = await getQuizAttemptResult(actor, s.enrolment.id, "lesson-5", 1);
    const dueAt = endOfUtcDay(daysAgo(5), 30);
    expect(hidden).toMatchObject({
      answersShown: false,
      attempt: { percent: 100 },
      rules: { reveal: { show: "after_due", dueAt } },
    });
    for (const q of hidden.questions) expect(q).toMatchObject({ correct: null, points: null, right: null, explanation: null });
    expect(hidden.questions[3]).toMatchObject({ typed: " paris " });
    const json = JSON.stringify(hidden);
    expect(json).not.toContain("Two and two make four");
    expect(json).not.toContain("Paris");
    // the same attempt once the due date has passed
    const after = await getQuizAttemptResult(actor, s.enrolment.id, "lesson-5", 1, new Date(dueAt.getTime() + 1));
    expect(after.answersShown).toBe(true);
    expect(after.questions[0]).toMatchObject({ correct: true, explanation: "Two and two make four." });
  });

  test("answers after the due date without one: shown once no attempt is left", async () => {
    const s = await createQuizLearner({ quiz: { showAnswers: "after_due" } });
    await submit(s, 1, MOSTLY_WRONG);
    const actor = await actorFor(s.learner.id);
    const first = await getQuizAttemptResult(actor, s.enrolment.id, "lesson-5", 1);
    expect(first).toMatchObject({ answersShown: false, rules: { reveal: { show: "after_due", dueAt: null }, attemptsLeft: 1 } });
    await submit(s, 2, MOSTLY_WRONG);
    expect(await getQuizAttemptResult(actor, s.enrolment.id, "lesson-5", 1)).toMatchObject({
      answersShown: true,
      closed: "none_left",
    });
    // an extra attempt given later hides them again until it is used
    await giveAccommodation(s.enrolment.id, s.quizLesson.id, { extraAttempts: 1 });
    expect(await getQuizAttemptResult(actor, s.enrolment.id, "lesson-5", 2)).toMatchObject({ answersShown: false });
  });

  test("another learner's attempt, an attempt not made, and a text lesson are not found", async () => {
    const s = await createQuizLearner();
    await submit(s, 1);
    const other = await actorFor((await createLearner()).id);
    await expect(getQuizAttemptResult(other, s.enrolment.id, "lesson-5", 1)).rejects.toMatchObject({ reason: "not_found" });
    const own = await actorFor(s.learner.id);
    await expect(getQuizAttemptResult(own, s.enrolment.id, "lesson-5", 2)).rejects.toMatchObject({ reason: "not_found" });
    await expect(getQuizAttemptResult(own, s.enrolment.id, "lesson-5", Number.NaN)).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(getQuizAttemptResult(own, s.enrolment.id, "lesson-1", 1)).rejects.toMatchObject({ reason: "not_found" });
    // the other quiz of the same course has no attempt 1 of this learner
    await expect(getQuizAttemptResult(own, s.enrolment.id, "lesson-10", 1)).rejects.toMatchObject({ reason: "not_found" });
  });
});

describe("query counts", () => {
  test("do not grow with the number of questions or attempts", async () => {
    const small = await createQuizLearner({
      quiz: { attemptsAllowed: 10, questions: QUIZ.questions.slice(0, 1) },
    });
    const large = await createQuizLearner({
      quiz: { attemptsAllowed: 10, questions: [...QUIZ.questions, ...QUIZ.questions, ...QUIZ.questions] },
    });
    await submitQuizAttempt(await actorFor(small.learner.id), {
      enrolmentId: small.enrolment.id,
      lessonId: small.quizLesson.id,
      attempt: 1,
      answers: { "0": "1" },
    });
    for (let n = 1; n <= 6; n++) await submit(large, n, ALL_RIGHT);
    const counts: number[][] = [];
    for (const s of [small, large]) {
      const actor = await actorFor(s.learner.id);
      const taking = await counted(() => getQuizForTaking(actor, s.enrolment.id, "lesson-5"));
      const result = await counted(() => getQuizAttemptResult(actor, s.enrolment.id, "lesson-5", 1));
      counts.push([taking.queries, result.queries]);
    }
    expect(counts[0]).toEqual(counts[1]);
    expect(counts[0]).toEqual([4, 5]);
  });
});
