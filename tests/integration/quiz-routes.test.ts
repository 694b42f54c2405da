// The quiz pages (issue 8, item 4), called as React Router calls them, with real sessions and a real
// database: every role tries the learner's enrolment by id (IDOR) on the quiz page, its form and an
// attempt's result; then the learner's own journey, bad input and refusals, with "nothing changed".
import { beforeAll, describe, expect, test } from "vitest";
import * as lessonPage from "#app/routes/learn/lesson.tsx";
import * as quizResultPage from "#app/routes/learn/quiz-result.tsx";
import * as quizPage from "#app/routes/learn/quiz.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { assignEducatorToCohort } from "#tests/learning-factories.ts";
import { createQuizLearner } from "#tests/quiz-fixtures.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Form = Record<string, string | string[]>;

const quizGet = (cookie: string | undefined, enrolmentId: string, lessonSlug = "lesson-5", query = "") =>
  run(() =>
    quizPage.loader({
      request: makeRequest(`/learn/${enrolmentId}/${lessonSlug}/quiz${query}`, { cookie }),
      params: { enrolmentId, lessonSlug },
      context,
    } as never),
  );
const quizPost = (cookie: string | undefined, enrolmentId: string, form: Form, lessonSlug = "lesson-5") =>
  run(() =>
    quizPage.action({
      request: makeRequest(`/learn/${enrolmentId}/${lessonSlug}/quiz`, { cookie, form }),
      params: { enrolmentId, lessonSlug },
      context,
    } as never),
  );
const resultGet = (cookie: string | undefined, enrolmentId: string, attempt: string, lessonSlug = "lesson-5") =>
  run(() =>
    quizResultPage.loader({
      request: makeRequest(`/learn/${enrolmentId}/${lessonSlug}/quiz/${attempt}`, { cookie }),
      params: { enrolmentId, lessonSlug, attempt },
      context,
    } as never),
  );
const lessonGet = (cookie: string, enrolmentId: string, lessonSlug: string) =>
  run(() =>
    lessonPage.loader({
      request: makeRequest(`/learn/${enrolmentId}/${lessonSlug}?continue=1`, { cookie }),
      params: { enrolmentId, lessonSlug },
      context,
    } as never),
  );

let s: Awaited<ReturnType<typeof createQuizLearner>>;
type Who = "owner" | "other" | "outsider" | "educator" | "admin" | "sponsor" | "verifier";
const cookies = {} as Record<Who, string>;

/** A complete, right answer sheet for lesson-5's quiz, for attempt `n`. */
const answers = (n: number, lessonId = s.quizLesson.id): Form => ({
  lessonId,
  attempt: String(n),
  "answers[0]": "1",
  "answers[1]": ["0", "2"],
  "answers[2]": "1,5",
  "answers[3]": "Paris",
});

beforeAll(async () => {
  s = await createQuizLearner();
  const educator = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: s.cohort.id, userId: educator.id });
  cookies.owner = await sessionCookieFor(s.learner.id);
  cookies.other = await sessionCookieFor((await createLearner()).id);
  cookies.outsider = await sessionCookieFor((await createApprovedEducator()).id);
  cookies.educator = await sessionCookieFor(educator.id);
  cookies.admin = await sessionCookieFor((await createAdmin()).id);
  cookies.sponsor = await sessionCookieFor((await createSponsorMember()).id);
  cookies.verifier = await sessionCookieFor((await createVerifier()).id);
});

const stored = () => prisma.quizAttempt.count({ where: { enrolmentId: s.enrolment.id } });
const audited = () => prisma.auditEvent.count({ where: { action: "quiz.attempted", entityId: s.enrolment.id } });

describe("who gets the quiz pages, by enrolment id", () => {
  test.each([
    ["another learner", "other", 404],
    ["an educator not teaching the cohort", "outsider", 403],
    ["an educator teaching the cohort", "educator", 403],
    ["an admin", "admin", 403],
    ["a sponsor", "sponsor", 403],
    ["a verifier", "verifier", 403],
  ] as const)("%s: quiz, submit and result refused, nothing written", async (_who, key, status) => {
    const before = [await stored(), await audited()];
    const id = s.enrolment.id;
    expect(await quizGet(cookies[key], id)).toMatchObject({ kind: "thrown", status });
    expect(await quizPost(cookies[key], id, answers(1))).toMatchObject({ kind: "thrown", status });
    expect(await resultGet(cookies[key], id, "1")).toMatchObject({ kind: "thrown", status });
    expect([await stored(), await audited()]).toEqual(before);
  });

  test("anonymous visitors are sent to log in and nothing is written", async () => {
    const id = s.enrolment.id;
    for (const outcome of [
      await quizGet(undefined, id),
      await quizPost(undefined, id, answers(1)),
      await resultGet(undefined, id, "1"),
    ]) {
      expect(outcome).toMatchObject({ kind: "thrown", status: 302 });
      expect((outcome as { location: string }).location).toMatch(/^\/login/);
    }
    expect(await stored()).toBe(0);
  });

  test("malformed or unknown ids, slugs and attempt numbers are 404", async () => {
    const id = s.enrolment.id;
    expect(await quizGet(cookies.owner, "not-an-id!")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await quizGet(cookies.owner, "cmxnosuchenrolment0000000")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await quizGet(cookies.owner, id, "lesson-99")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await quizGet(cookies.owner, id, "lesson-1")).toMatchObject({ kind: "thrown", status: 404 });
    for (const attempt of ["0", "01", "-1", "1.5", "abc", "99999", "7"]) {
      expect(await resultGet(cookies.owner, id, attempt), attempt).toMatchObject({ kind: "thrown", status: 404 });
    }
    expect(await quizPost(cookies.owner, "cmxnosuchenrolment0000000", answers(1))).toMatchObject({ kind: "thrown", status: 404 });
    expect(await stored()).toBe(0);
  });
});

describe("the learner's journey", () => {
  test("lesson → take the quiz → send → 303 to the result → see your attempts", async () => {
    const id = s.enrolment.id;
    expect(await lessonGet(cookies.owner, id, "lesson-5")).toMatchObject({ kind: "ok", data: { quizAttempts: 0 } });
    expect(await lessonGet(cookies.owner, id, "lesson-1")).toMatchObject({ kind: "ok", data: { quizAttempts: null } });
    const page = await quizGet(cookies.owner, id);
    expect(page).toMatchObject({ kind: "ok", status: 200, data: { nextAttempt: 1, closed: null } });
    const data = page.data as { questions: unknown[]; messages: Record<string, string> };
    expect(data.questions).toHaveLength(4);
    // the page brings its scoped strings, and only those
    expect(data.messages["take.form_submit"]).toBe("Send my answers");
    const keys = Object.keys(data.messages);
    expect(keys.every((k) => k.startsWith("take."))).toBe(true);
    // not the result page's strings, and of the "closed" notices none (the quiz is open)
    expect(keys.filter((k) => k.startsWith("take.result_") || k.startsWith("take.form_closed_"))).toEqual([]);
    expect(JSON.stringify(data)).not.toContain("Two and two make four");

    const posted = await quizPost(cookies.owner, id, answers(1));
    expect(posted).toMatchObject({ kind: "thrown", status: 303, location: `/learn/${id}/lesson-5/quiz/1` });
    const result = await resultGet(cookies.owner, id, "1");
    expect(result).toMatchObject({
      kind: "ok",
      data: { attempt: { number: 1, percent: 100, points: 5 }, answersShown: true, kept: { number: 1 } },
    });
    const resultKeys = Object.keys((result.data as { messages: Record<string, string> }).messages);
    expect(resultKeys).toContain("take.result_score");
    expect(resultKeys.filter((k) => !k.startsWith("take.") || k.startsWith("take.form_"))).toEqual([]);
    expect(await lessonGet(cookies.owner, id, "lesson-5")).toMatchObject({ kind: "ok", data: { quizAttempts: 1 } });
    expect(await quizGet(cookies.owner, id)).toMatchObject({ kind: "ok", data: { nextAttempt: 2, attempts: [{ number: 1 }] } });
  });

  test("the same form sent again (attempt 1 again) is a 409 form answer; nothing more is stored", async () => {
    const id = s.enrolment.id;
    const before = [await stored(), await audited()];
    const again = await quizPost(cookies.owner, id, answers(1));
    expect(again).toMatchObject({ kind: "ok", status: 409, data: { reason: "quiz_attempt.stale", params: { attempt: 1 } } });
    const reply = (again.data as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).result;
    expect(reply.error[""]).toEqual(["reason.quiz_attempt.stale"]);
    // the answers are shown again as sent
    expect(reply.initialValue.answers).toEqual(["1", ["0", "2"], "1,5", "Paris"]);
    expect([await stored(), await audited()]).toEqual(before);
  });

  test("bad shapes are a 400 form answer with the field's message, and store nothing", async () => {
    const id = s.enrolment.id;
    const before = [await stored(), await audited()];
    const cases: Array<[Form, string]> = [
      [{ ...answers(2), attempt: "" }, "attempt"],
      [{ ...answers(2), attempt: "two" }, "attempt"],
      [{ ...answers(2), lessonId: "" }, "lessonId"],
      [{ ...answers(2), "answers[99999]": "1" }, "answers"],
      [{ ...answers(2), "answers[3]": "x".repeat(501) }, "answers[3]"],
      [{ ...answers(2), "answers[3]": "Par\u0000is" }, "answers[3]"],
    ];
    for (const [form, field] of cases) {
      const outcome = await quizPost(cookies.owner, id, form);
      expect(outcome, field).toMatchObject({ kind: "ok", status: 400 });
      const errors = (outcome.data as { result: { error: Record<string, string[]> } }).result.error;
      expect(Object.keys(errors), field).toContain(field);
    }
    // an answer for a question the quiz lacks, an option a question lacks: the form says which
    const extra = await quizPost(cookies.owner, id, { ...answers(2), "answers[4]": "1" });
    expect(extra).toMatchObject({ kind: "ok", status: 400, data: { reason: "request.invalid" } });
    expect((extra.data as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual([
      "grading.question_not_in_quiz",
    ]);
    const option = await quizPost(cookies.owner, id, { ...answers(2), "answers[0]": "7" });
    expect(option).toMatchObject({ kind: "ok", status: 400, data: { params: { n: 1 } } });
    expect([await stored(), await audited()]).toEqual(before);
  });

  test("a forged lesson id (another course's quiz, a text lesson) is a 404 and stores nothing", async () => {
    const elsewhere = await createQuizLearner();
    const id = s.enrolment.id;
    const before = await stored();
    expect(await quizPost(cookies.owner, id, answers(2, elsewhere.quizLesson.id))).toMatchObject({ kind: "thrown", status: 404 });
    expect(await quizPost(cookies.owner, id, answers(2, s.textLesson.id))).toMatchObject({ kind: "thrown", status: 404 });
    expect(await stored()).toBe(before);
  });

  test("the last attempt: the quiz closes, the result says no attempt is left, a further post is refused", async () => {
    const id = s.enrolment.id;
    expect(await quizPost(cookies.owner, id, answers(2))).toMatchObject({ kind: "thrown", status: 303 });
    const closed = await quizGet(cookies.owner, id);
    expect(closed).toMatchObject({ kind: "ok", data: { closed: "none_left", questions: [] } });
    const closedKeys = Object.keys((closed.data as { messages: Record<string, string> }).messages);
    expect(closedKeys.filter((k) => k.startsWith("take.form_closed_"))).toEqual(["take.form_closed_none_left"]);
    expect(await resultGet(cookies.owner, id, "2")).toMatchObject({ kind: "ok", data: { closed: "none_left" } });
    const refused = await quizPost(cookies.owner, id, answers(3));
    expect(refused).toMatchObject({ kind: "ok", status: 409, data: { reason: "quiz_attempt.none_left" } });
    expect(await stored()).toBe(2);
  });

  test("behind the lesson's content warning: the quiz page sends to the lesson's warning until continued", async () => {
    const warned = await createQuizLearner();
    await prisma.lesson.update({
      where: { id: warned.quizLesson.id },
      data: { contentWarning: "This quiz asks about hard times." },
    });
    const cookie = await sessionCookieFor(warned.learner.id);
    const id = warned.enrolment.id;
    const first = await quizGet(cookie, id);
    expect(first).toMatchObject({ kind: "thrown", location: `/learn/${id}/lesson-5` });
    expect([302, 303]).toContain(first.status);
    expect(await lessonGet(cookie, id, "lesson-5")).toMatchObject({ kind: "ok", data: { gated: false } });
    expect(await quizGet(cookie, id, "lesson-5", "?continue=1")).toMatchObject({
      kind: "ok",
      data: { gated: false, closed: null },
    });
  });

  test("a paused learner sees why and cannot send", async () => {
    const paused = await createQuizLearner({ status: "paused" });
    const cookie = await sessionCookieFor(paused.learner.id);
    expect(await quizGet(cookie, paused.enrolment.id)).toMatchObject({ kind: "ok", data: { closed: "paused" } });
    const post = await quizPost(cookie, paused.enrolment.id, answers(1, paused.quizLesson.id));
    expect(post).toMatchObject({ kind: "ok", status: 409, data: { reason: "quiz_attempt.paused" } });
    expect(await prisma.quizAttempt.count({ where: { enrolmentId: paused.enrolment.id } })).toBe(0);
  });
});
