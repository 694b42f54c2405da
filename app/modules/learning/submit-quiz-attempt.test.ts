import { describe, expect, inject, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { parseSubmission } from "#app/utils/forms.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { assignEducatorToCohort } from "#tests/learning-factories.ts";
import { ALL_RIGHT, createQuizLearner, DAY_MS, giveAccommodation, MOSTLY_WRONG } from "#tests/quiz-fixtures.ts";
import { SubmitQuizAttemptSchema } from "./schemas.ts";
import { submitQuizAttempt } from "./submit-quiz-attempt.server.ts";

type Scenario = Awaited<ReturnType<typeof createQuizLearner>>;

const attemptsOf = (s: Scenario) => prisma.quizAttempt.count({ where: { enrolmentId: s.enrolment.id } });
const auditsOf = (s: Scenario) => prisma.auditEvent.count({ where: { action: "quiz.attempted", entityId: s.enrolment.id } });

async function submit(s: Scenario, attempt: number, answers: Record<string, string | string[]> = ALL_RIGHT, lessonId?: string) {
  return submitQuizAttempt(await actorFor(s.learner.id), {
    enrolmentId: s.enrolment.id,
    lessonId: lessonId ?? s.quizLesson.id,
    attempt,
    answers,
  });
}

/** The refusal's reason, and that nothing was written. */
async function refused(s: Scenario, run: () => Promise<unknown>) {
  const [attempts, audits] = [await attemptsOf(s), await auditsOf(s)];
  const error = await run().then(
    () => null,
    (e: unknown) => e as { reason?: string; key?: string; status?: number },
  );
  expect(error).not.toBeNull();
  expect(await attemptsOf(s)).toBe(attempts);
  expect(await auditsOf(s)).toBe(audits);
  return error!;
}

describe("submitting an attempt", () => {
  test("grades on the server, stores attempt 1 then 2, audits without the answers", async () => {
    const s = await createQuizLearner();
    const first = await submit(s, 1, ALL_RIGHT);
    expect(first).toMatchObject({ number: 1, percent: 100, lessonSlug: "lesson-5", enrolmentId: s.enrolment.id });
    const second = await submit(s, 2, MOSTLY_WRONG);
    expect(second).toMatchObject({ number: 2, percent: 20 });
    const rows = await prisma.quizAttempt.findMany({ where: { enrolmentId: s.enrolment.id }, orderBy: { number: "asc" } });
    expect(rows.map((r) => [r.number, r.points, r.maxPoints, r.percent])).toEqual([
      [1, 5, 5, 100],
      [2, 1, 5, 20],
    ]);
    expect(rows[1]!.answers).toEqual(MOSTLY_WRONG);
    expect(rows[1]!.result).toEqual([
      { points: 0, max: 1, correct: false },
      { points: 1, max: 2, correct: "partial" },
      { points: 0, max: 1, correct: false },
      { points: 0, max: 1, correct: false },
    ]);
    const audit = await prisma.auditEvent.findMany({
      where: { action: "quiz.attempted", entityId: s.enrolment.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actorId: s.learner.id, entityType: "enrolment" });
    expect(audit[1]!.data).toEqual({ lessonId: s.quizLesson.id, number: 2, percent: 20 });
    expect(JSON.stringify(audit.map((a) => a.data))).not.toContain("Lyon");
  });

  test("an unanswered quiz is attempt 1 with 0 points", async () => {
    const s = await createQuizLearner();
    expect(await submit(s, 1, {})).toMatchObject({ number: 1, percent: 0 });
  });

  test("the attempt limit refuses one more attempt (none_left)", async () => {
    const s = await createQuizLearner();
    await submit(s, 1);
    await submit(s, 2);
    expect(await refused(s, () => submit(s, 3))).toMatchObject({ reason: "quiz_attempt.none_left", status: 409 });
  });

  test("extra attempts given to this learner add to the limit", async () => {
    const s = await createQuizLearner({ quiz: { attemptsAllowed: 1 } });
    await giveAccommodation(s.enrolment.id, s.quizLesson.id, { extraAttempts: 2 });
    await submit(s, 1);
    await submit(s, 2);
    await submit(s, 3);
    expect(await refused(s, () => submit(s, 4))).toMatchObject({ reason: "quiz_attempt.none_left" });
    // another learner's extra attempts are not this one's
    const other = await createQuizLearner({ quiz: { attemptsAllowed: 1 } });
    await submit(other, 1);
    expect(await refused(other, () => submit(other, 2))).toMatchObject({ reason: "quiz_attempt.none_left" });
  });

  test("stale or doubled forms are refused: the attempt number must be the next one", async () => {
    const s = await createQuizLearner();
    expect(await refused(s, () => submit(s, 2))).toMatchObject({ reason: "quiz_attempt.stale" });
    await submit(s, 1);
    const doubled = await refused(s, () => submit(s, 1));
    expect(doubled).toMatchObject({ reason: "quiz_attempt.stale", params: { attempt: 1 } });
  });

  test("answers for questions the quiz lacks, or options it does not have, are refused (400)", async () => {
    const s = await createQuizLearner();
    // the other quiz has one question: answers made for this quiz's four are not its answers
    const forOther = await refused(s, () => submit(s, 1, ALL_RIGHT, s.otherQuizLesson.id));
    expect(forOther).toMatchObject({ reason: "request.invalid", key: "grading.question_not_in_quiz", status: 400 });
    expect(await refused(s, () => submit(s, 1, { "7": "1" }))).toMatchObject({ key: "grading.question_not_in_quiz" });
    expect(await refused(s, () => submit(s, 1, { "0": "3" }))).toMatchObject({ key: "grading.answer_invalid" });
    expect(await refused(s, () => submit(s, 1, { "1": ["0", "9"] }))).toMatchObject({ key: "grading.answer_invalid" });
    // and nothing was used up: attempt 1 is still the next
    expect(await submit(s, 1)).toMatchObject({ number: 1 });
  });
});

describe("due dates", () => {
  const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS);
  const inDays = (n: number) => new Date(Date.now() + n * DAY_MS);

  test("after the due date (dueDays after the cohort started) nothing is accepted", async () => {
    const s = await createQuizLearner({ quiz: { dueDays: 7 }, startsOn: daysAgo(30) });
    expect(await refused(s, () => submit(s, 1))).toMatchObject({ reason: "quiz_attempt.past_due", status: 409 });
  });

  test("without dueDays the cohort's end date is the due date; no end date, no due date", async () => {
    const ended = await createQuizLearner({ startsOn: daysAgo(60), endsOn: daysAgo(2) });
    expect(await refused(ended, () => submit(ended, 1))).toMatchObject({ reason: "quiz_attempt.past_due" });
    const open = await createQuizLearner({ startsOn: daysAgo(600), endsOn: null });
    expect(await submit(open, 1)).toMatchObject({ number: 1 });
  });

  test("a later due date given to this learner counts; an earlier one does not shorten the time", async () => {
    const s = await createQuizLearner({ quiz: { dueDays: 7 }, startsOn: daysAgo(30) });
    await giveAccommodation(s.enrolment.id, s.quizLesson.id, { dueAt: inDays(3) });
    expect(await submit(s, 1)).toMatchObject({ number: 1 });
    await giveAccommodation(s.enrolment.id, s.quizLesson.id, { dueAt: daysAgo(1) });
    expect(await refused(s, () => submit(s, 2))).toMatchObject({ reason: "quiz_attempt.past_due" });
    const notYet = await createQuizLearner({ quiz: { dueDays: 60 }, startsOn: daysAgo(30) });
    await giveAccommodation(notYet.enrolment.id, notYet.quizLesson.id, { dueAt: daysAgo(5) });
    expect(await submit(notYet, 1)).toMatchObject({ number: 1 });
  });
});

describe("who may submit, and for which lesson", () => {
  test("a paused or completed enrolment is refused with its reason; a withdrawn one is not found", async () => {
    const paused = await createQuizLearner({ status: "paused" });
    expect(await refused(paused, () => submit(paused, 1))).toMatchObject({ reason: "quiz_attempt.paused", status: 409 });
    const completed = await createQuizLearner({ status: "completed" });
    expect(await refused(completed, () => submit(completed, 1))).toMatchObject({ reason: "quiz_attempt.completed" });
    const withdrawn = await createQuizLearner();
    await prisma.enrolment.update({ where: { id: withdrawn.enrolment.id }, data: { status: "withdrawn" } });
    expect(await refused(withdrawn, () => submit(withdrawn, 1))).toMatchObject({ reason: "not_found" });
  });

  test("another learner, the cohort's educator and an admin cannot submit for this enrolment", async () => {
    const s = await createQuizLearner();
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: educator.id });
    const input = { enrolmentId: s.enrolment.id, lessonId: s.quizLesson.id, attempt: 1, answers: ALL_RIGHT };
    const other = await actorFor((await createLearner()).id);
    expect(await refused(s, () => submitQuizAttempt(other, input))).toMatchObject({ reason: "not_found" });
    expect(await refused(s, async () => submitQuizAttempt(await actorFor(educator.id), input))).toMatchObject({
      reason: "permission.denied",
    });
    expect(await refused(s, async () => submitQuizAttempt(await actorFor((await createAdmin()).id), input))).toMatchObject({
      reason: "permission.denied",
    });
  });

  test("a text lesson, another revision's quiz, a forged id and an unknown enrolment are not found", async () => {
    const s = await createQuizLearner();
    const elsewhere = await createQuizLearner();
    expect(await refused(s, () => submit(s, 1, {}, s.textLesson.id))).toMatchObject({ reason: "not_found" });
    expect(await refused(s, () => submit(s, 1, ALL_RIGHT, elsewhere.quizLesson.id))).toMatchObject({ reason: "not_found" });
    expect(await refused(s, () => submit(s, 1, ALL_RIGHT, "cmxnosuchlesson00000000000"))).toMatchObject({ reason: "not_found" });
    const actor = await actorFor(s.learner.id);
    const unknown = () =>
      submitQuizAttempt(actor, { enrolmentId: "cmxnosuchenrolment0000000", lessonId: s.quizLesson.id, attempt: 1, answers: {} });
    expect(await refused(s, unknown)).toMatchObject({ reason: "not_found" });
    expect(await prisma.quizAttempt.count({ where: { enrolmentId: elsewhere.enrolment.id } })).toBe(0);
  });
});

// On PostgreSQL the two transactions really overlap: the Enrolment row lock makes the second wait and
// then count the first's attempt. On PGlite (one connection) they run one after the other; the
// assertions are the same.
describe(`two submissions at the same moment (${inject("databaseKind")})`, () => {
  test("with one attempt left, one attempt is stored and the other is refused", async () => {
    const s = await createQuizLearner({ quiz: { attemptsAllowed: 2 } });
    await submit(s, 1);
    const actor = await actorFor(s.learner.id);
    const input = { enrolmentId: s.enrolment.id, lessonId: s.quizLesson.id, attempt: 2, answers: ALL_RIGHT };
    const results = await Promise.allSettled([submitQuizAttempt(actor, input), submitQuizAttempt(actor, input)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { reason: "quiz_attempt.none_left" } });
    expect(await attemptsOf(s)).toBe(2);
    expect(await auditsOf(s)).toBe(2);
  });

  test("two first attempts sent at once (a double click) make one attempt", async () => {
    const s = await createQuizLearner({ quiz: { attemptsAllowed: 5 } });
    const results = await Promise.allSettled([submit(s, 1), submit(s, 1), submit(s, 1)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.reason)).toEqual([
      "quiz_attempt.stale",
      "quiz_attempt.stale",
    ]);
    expect(await attemptsOf(s)).toBe(1);
  });

  test("the database itself refuses a second attempt with the same number", async () => {
    const s = await createQuizLearner();
    await submit(s, 1);
    await expect(
      prisma.quizAttempt.create({
        data: {
          enrolmentId: s.enrolment.id,
          lessonId: s.quizLesson.id,
          number: 1,
          answers: {},
          result: [],
          points: 0,
          maxPoints: 5,
          percent: 0,
        },
      }),
    ).rejects.toThrow();
    expect(await attemptsOf(s)).toBe(1);
  });
});

describe("the quiz form's schema", () => {
  const parse = (entries: Array<[string, string]>) => {
    const form = new FormData();
    for (const [k, v] of entries) form.append(k, v);
    return parseSubmission(form, SubmitQuizAttemptSchema);
  };

  test("reads answers[i] by question: an option, ticked options, typed text; unanswered questions are absent", () => {
    const result = parse([
      ["lessonId", "cmxlesson000000000000000"],
      ["attempt", "2"],
      ["answers[0]", "1"],
      ["answers[1]", "0"],
      ["answers[1]", "2"],
      ["answers[3]", "Paris"],
      ["answers[4]", ""],
    ]);
    expect(result.status).toBe("success");
    expect(result.status === "success" && result.value).toEqual({
      lessonId: "cmxlesson000000000000000",
      attempt: 2,
      answers: { "0": "1", "1": ["0", "2"], "3": "Paris" },
    });
    expect(
      parse([
        ["lessonId", "cmxlesson000000000000000"],
        ["attempt", "1"],
      ]),
    ).toMatchObject({
      status: "success",
      value: { answers: {} },
    });
  });

  test.each([
    ["a missing attempt number", [["lessonId", "cmxlesson000000000000000"]]],
    [
      "attempt 0",
      [
        ["lessonId", "cmxlesson000000000000000"],
        ["attempt", "0"],
      ],
    ],
    [
      "a non-numeric attempt",
      [
        ["lessonId", "cmxlesson000000000000000"],
        ["attempt", "two"],
      ],
    ],
    [
      "a malformed lesson id",
      [
        ["lessonId", "../x"],
        ["attempt", "1"],
      ],
    ],
    [
      "answers not as a list",
      [
        ["lessonId", "cmxlesson000000000000000"],
        ["attempt", "1"],
        ["answers", "1"],
      ],
    ],
    [
      "answers as an object",
      [
        ["lessonId", "cmxlesson000000000000000"],
        ["attempt", "1"],
        ["answers.a", "1"],
      ],
    ],
    [
      "an answer list longer than any quiz",
      [
        ["lessonId", "cmxlesson000000000000000"],
        ["attempt", "1"],
        ["answers[99999]", "1"],
      ],
    ],
    [
      "a typed answer too long",
      [
        ["lessonId", "cmxlesson000000000000000"],
        ["attempt", "1"],
        ["answers[0]", "x".repeat(501)],
      ],
    ],
    [
      "a ticked option that is not a number",
      [
        ["lessonId", "cmxlesson000000000000000"],
        ["attempt", "1"],
        ["answers[0]", "1"],
        ["answers[0]", "lots"],
      ],
    ],
  ] as const)("refuses %s", (_what, entries) => {
    expect(parse(entries as unknown as Array<[string, string]>).status).toBe("error");
  });
});

describe("the quiz lesson's progress", () => {
  test("the first attempt marks the quiz lesson done, once (one lesson.completed audit row); a refused attempt marks nothing", async () => {
    const s = await createQuizLearner();
    const progress = () =>
      prisma.lessonProgress.findUnique({
        where: { enrolmentId_lessonId: { enrolmentId: s.enrolment.id, lessonId: s.quizLesson.id } },
        select: { completedAt: true },
      });
    const completions = () => prisma.auditEvent.count({ where: { action: "lesson.completed", entityId: s.enrolment.id } });
    await expect(submit(s, 2)).rejects.toMatchObject({ reason: "quiz_attempt.stale" });
    expect(await progress()).toBeNull();
    await submit(s, 1, MOSTLY_WRONG);
    expect((await progress())?.completedAt).toBeInstanceOf(Date);
    await submit(s, 2, ALL_RIGHT);
    expect(await completions()).toBe(1);
  });
});
