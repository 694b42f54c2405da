// The pages of grades, terms, pause and transcript (issue 8, items 6, 7, 10; ADR 023), called as React
// Router calls them, with real sessions and a real database: each role tries each id (IDOR), bad input
// is a 400 with field messages or a 404, and nothing changes when refused.
import { beforeAll, describe, expect, test } from "vitest";
import * as outlinePage from "#app/routes/learn/outline.tsx";
import * as transcriptPage from "#app/routes/learn/transcript.tsx";
import * as enrolmentPage from "#app/routes/teach/enrolment.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { assignEducatorToCohort, createCohort } from "#tests/learning-factories.ts";
import { addAttempt, addSubmission, completeLessons, createGradedEnrolment } from "#tests/progress-fixtures.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Who = "owner" | "otherLearner" | "teacher" | "otherEducator" | "admin" | "sponsor" | "verifier";
const cookies = {} as Record<Who, string>;
let f: Awaited<ReturnType<typeof createGradedEnrolment>>;

const outlineGet = (cookie: string | undefined, enrolmentId: string, query = "") =>
  run(() =>
    outlinePage.loader({
      request: makeRequest(`/learn/${enrolmentId}${query}`, { cookie }),
      params: { enrolmentId },
      context,
    } as never),
  );
const outlinePost = (cookie: string, enrolmentId: string, form: Record<string, string>) =>
  run(() =>
    outlinePage.action({
      request: makeRequest(`/learn/${enrolmentId}`, { cookie, form }),
      params: { enrolmentId },
      context,
    } as never),
  );
const teachGet = (cookie: string | undefined, enrolmentId: string) =>
  run(() =>
    enrolmentPage.loader({
      request: makeRequest(`/teach/enrolments/${enrolmentId}`, { cookie }),
      params: { enrolmentId },
      context,
    } as never),
  );
const teachPost = (cookie: string, enrolmentId: string, form: Record<string, string>) =>
  run(() =>
    enrolmentPage.action({
      request: makeRequest(`/teach/enrolments/${enrolmentId}`, { cookie, form }),
      params: { enrolmentId },
      context,
    } as never),
  );
const transcriptGet = (cookie: string | undefined, query = "") =>
  run(() =>
    transcriptPage.loader({ request: makeRequest(`/learn/transcript${query}`, { cookie }), params: {}, context } as never),
  );

const status = async (id = f.enrolment.id) => (await prisma.enrolment.findUniqueOrThrow({ where: { id } })).status;
const terms = (id = f.enrolment.id) => prisma.accommodation.count({ where: { enrolmentId: id } });

beforeAll(async () => {
  f = await createGradedEnrolment({
    startsOn: new Date("2027-03-01T00:00:00Z"),
    endsOn: new Date("2027-04-30T00:00:00Z"),
    quiz: { dueDays: 7 },
    displayName: "Nadia",
  });
  const teacher = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: f.cohort.id, userId: teacher.id });
  const otherEducator = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: (await createCohort()).id, userId: otherEducator.id });
  cookies.owner = await sessionCookieFor(f.learner.id);
  cookies.otherLearner = await sessionCookieFor((await createLearner()).id);
  cookies.teacher = await sessionCookieFor(teacher.id);
  cookies.otherEducator = await sessionCookieFor(otherEducator.id);
  cookies.admin = await sessionCookieFor((await createAdmin()).id);
  cookies.sponsor = await sessionCookieFor((await createSponsorMember()).id);
  cookies.verifier = await sessionCookieFor((await createVerifier()).id);
  await addAttempt(f.enrolment.id, f.quiz.id, 1, 80);
});

describe("the outline's grade and pause (learn/:enrolmentId)", () => {
  test("the learner sees their grade so far and their due dates, never another's terms", async () => {
    const page = await outlineGet(cookies.owner, f.enrolment.id);
    expect(page).toMatchObject({
      kind: "ok",
      data: {
        grade: { gradeSoFar: 40, passMark: 60, status: "active" },
        pause: { paused: false },
      },
    });
    const data = (page as { data: { grade: { components: Array<{ lessonId: string; dueAt: Date }> } } }).data;
    expect(data.grade.components.find((c) => c.lessonId === f.quiz.id)?.dueAt).toEqual(new Date("2027-03-08T23:59:59.999Z"));
    expect(JSON.stringify(data)).not.toMatch(/accommodation|"note"/i);
  });

  test.each([
    ["otherLearner", 404],
    ["teacher", 403],
    ["otherEducator", 403],
    ["admin", 403],
    ["sponsor", 403],
    ["verifier", 403],
  ] as const)("%s: the outline and its pause/return are refused (%i), nothing changes", async (who, code) => {
    expect(await outlineGet(cookies[who], f.enrolment.id)).toMatchObject({ kind: "thrown", status: code });
    expect(await outlinePost(cookies[who], f.enrolment.id, { intent: "pause", confirm: "yes" })).toMatchObject({
      kind: "thrown",
      status: code,
    });
    expect(await status()).toBe("active");
  });

  test("pause asks first (428, nothing changed), then pauses; return goes back; bad input is a 400", async () => {
    const mine = await createGradedEnrolment({ startsOn: new Date("2027-03-01T00:00:00Z") });
    const cookie = await sessionCookieFor(mine.learner.id);
    const id = mine.enrolment.id;
    const asked = await outlinePost(cookie, id, { intent: "pause" });
    expect(asked).toMatchObject({ kind: "ok", status: 428, data: { reason: "confirmation.required" } });
    expect(await status(id)).toBe("active");
    expect(await outlinePost(cookie, id, { intent: "sleep" })).toMatchObject({ kind: "ok", status: 400 });
    expect(await outlinePost(cookie, id, { intent: "pause", confirm: "maybe" })).toMatchObject({ kind: "ok", status: 400 });
    expect(await status(id)).toBe("active");

    const paused = await outlinePost(cookie, id, { intent: "pause", confirm: "yes" });
    expect(paused).toMatchObject({ kind: "thrown", location: `/learn/${id}?done=paused` });
    expect(await status(id)).toBe("paused");
    const later = await createCohort({ courseId: mine.courseId, startsOn: new Date("2027-09-01T00:00:00Z") });
    expect(await outlineGet(cookie, id, "?done=paused")).toMatchObject({
      kind: "ok",
      data: { notice: "paused", pause: { paused: true, cohorts: [{ id: later.id, sameVersion: true }] } },
    });

    // a forged cohort: a field message, nothing changed
    const forged = await outlinePost(cookie, id, { intent: "resume", cohortId: "cforgedcohort0000" });
    expect(forged).toMatchObject({ kind: "ok", status: 400, data: { reason: "enrolment.cohort_not_later" } });
    // in the learner's words, from the page's own `pause.` messages
    expect((forged as { data: { result: { error: Record<string, string[]> } } }).data.result.error.cohortId).toEqual([
      "pause.reason_cohort_not_later",
    ]);
    expect(await outlinePost(cookie, id, { intent: "resume", cohortId: "not an id!" })).toMatchObject({
      kind: "ok",
      status: 400,
    });
    expect(await status(id)).toBe("paused");

    expect(await outlinePost(cookie, id, { intent: "resume", cohortId: later.id })).toMatchObject({
      kind: "thrown",
      location: `/learn/${id}?done=resumed`,
    });
    expect(await prisma.enrolment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "active", cohortId: later.id });
  });
});

describe("the educator's page of one learner (teach/enrolments/:enrolmentId)", () => {
  test("an educator of the cohort sees the learner by display name, due dates and the form", async () => {
    const page = await teachGet(cookies.teacher, f.enrolment.id);
    expect(page).toMatchObject({ kind: "ok", data: { learnerName: "Nadia", total: 5 } });
    const { messages: _messages, ...data } = (page as { data: Record<string, unknown> }).data;
    expect(JSON.stringify(data)).not.toMatch(/legal/i);
  });

  test.each(["owner", "otherLearner", "otherEducator", "admin", "sponsor", "verifier"] as const)(
    "%s: page and form not found, nothing changes",
    async (who) => {
      expect(await teachGet(cookies[who], f.enrolment.id)).toMatchObject({ kind: "thrown", status: 404 });
      expect(await teachPost(cookies[who], f.enrolment.id, { lessonId: f.quiz.id, extraAttempts: "3", note: "x" })).toMatchObject(
        {
          kind: "thrown",
          status: 404,
        },
      );
      expect(await terms()).toBe(0);
    },
  );

  test("anonymous visitors are sent to log in; malformed and unknown ids are 404", async () => {
    const anonymous = await teachGet(undefined, f.enrolment.id);
    expect(anonymous).toMatchObject({ kind: "thrown", status: 302 });
    expect(await teachGet(cookies.teacher, "not-an-id!")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await teachGet(cookies.teacher, "cmxnosuchenrolment0000000")).toMatchObject({ kind: "thrown", status: 404 });
  });

  test("bad input: 400 with field messages; a forged lesson: 404; a date too early: a field message; nothing written", async () => {
    const bad = await teachPost(cookies.teacher, f.enrolment.id, {
      lessonId: f.quiz.id,
      extraAttempts: "11",
      dueOn: "2027-02-30",
    });
    expect(bad).toMatchObject({ kind: "ok", status: 400 });
    const errors = (bad as { data: { result: { error: Record<string, string[]> } } }).data.result.error;
    expect(errors).toMatchObject({ extraAttempts: ["form.number_range"], dueOn: ["form.invalid"] });
    expect(await teachPost(cookies.teacher, f.enrolment.id, { lessonId: "", extraAttempts: "1" })).toMatchObject({ status: 400 });
    const elsewhere = await createGradedEnrolment();
    expect(await teachPost(cookies.teacher, f.enrolment.id, { lessonId: elsewhere.quiz.id, extraAttempts: "1" })).toMatchObject({
      kind: "thrown",
      status: 404,
    });
    const early = await teachPost(cookies.teacher, f.enrolment.id, {
      lessonId: f.quiz.id,
      dueOn: "2027-03-08",
      extraAttempts: "0",
    });
    expect(early).toMatchObject({ kind: "ok", status: 400, data: { reason: "accommodation.not_later" } });
    expect(await terms()).toBe(0);
  });

  test("the educator gives two more days and an attempt; the learner's outline shows the new terms only", async () => {
    const mine = await createGradedEnrolment({ startsOn: new Date("2027-03-01T00:00:00Z"), quiz: { dueDays: 7 } });
    const teacher = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: mine.cohort.id, userId: teacher.id });
    const cookie = await sessionCookieFor(teacher.id);
    const saved = await teachPost(cookie, mine.enrolment.id, {
      lessonId: mine.quiz.id,
      dueOn: "2027-03-10",
      extraAttempts: "1",
      note: "Moving house.",
    });
    expect(saved).toMatchObject({ kind: "thrown", location: `/teach/enrolments/${mine.enrolment.id}?done=saved` });
    const page = await teachGet(cookie, mine.enrolment.id);
    expect(JSON.stringify((page as { data: unknown }).data)).toContain("Moving house.");
    const outline = await outlineGet(await sessionCookieFor(mine.learner.id), mine.enrolment.id);
    const data = (
      outline as { data: { grade: { components: Array<{ lessonId: string; dueAt: Date; attemptsAllowed: number }> } } }
    ).data;
    expect(data.grade.components.find((c) => c.lessonId === mine.quiz.id)).toMatchObject({
      dueAt: new Date("2027-03-10T23:59:59.999Z"),
      attemptsAllowed: 3,
    });
    expect(JSON.stringify(data)).not.toContain("Moving house.");
  });
});

describe("messages", () => {
  test("learners get the pause refusals with the page, and never the educators' accommodation words", async () => {
    const { rootMessages, scopedMessages } = await import("#app/utils/i18n.server.ts");
    for (const locale of ["en", "es", "ar"] as const) {
      const root = Object.keys(rootMessages(locale, { roles: ["learner"] }));
      expect(root.filter((k) => /^reason\.accommodation\.|^reason\.enrolment\.(not_|cohort_not|cannot)/.test(k))).toEqual([]);
      expect(Object.keys(scopedMessages(locale, ["pause"]))).toContain("pause.reason_cannot_carry");
      const staff = Object.keys(rootMessages(locale, { roles: ["educator"] }));
      expect(staff).toContain("reason.accommodation.not_later");
    }
  });
});

describe("the transcript (learn/transcript)", () => {
  test("the learner's own completed and ongoing courses, by display name; ?print=1 is the print view", async () => {
    const done = await createGradedEnrolment({ displayName: "Amal" });
    await completeLessons(
      done.enrolment.id,
      done.lessons.map((l) => l.id),
    );
    await addAttempt(done.enrolment.id, done.quiz.id, 1, 90);
    await addSubmission(done.enrolment.id, done.assignment.id, 70);
    const { completeEnrolment } = await import("#app/modules/learning/complete-enrolment.server.ts");
    await completeEnrolment(done.enrolment.id);
    const cookie = await sessionCookieFor(done.learner.id);
    const page = await transcriptGet(cookie);
    expect(page).toMatchObject({
      kind: "ok",
      data: {
        displayName: "Amal",
        print: false,
        completed: [{ enrolmentId: done.enrolment.id, grade: 80, credits: 5, creditUnit: "ECTS" }],
      },
    });
    expect(await transcriptGet(cookie, "?print=1")).toMatchObject({ kind: "ok", data: { print: true } });
    // the first learner's transcript has their course in progress, and nothing of Amal's
    const theirs = await transcriptGet(cookies.owner);
    expect(theirs).toMatchObject({ kind: "ok", data: { completed: [], inProgress: [{ enrolmentId: f.enrolment.id }] } });
    expect(JSON.stringify((theirs as { data: unknown }).data)).not.toContain(done.enrolment.id);
  });

  test.each(["teacher", "otherEducator", "admin", "sponsor", "verifier"] as const)("%s: refused (403)", async (who) => {
    expect(await transcriptGet(cookies[who])).toMatchObject({ kind: "thrown", status: 403 });
  });

  test("anonymous visitors are sent to log in", async () => {
    const anonymous = await transcriptGet(undefined);
    expect(anonymous).toMatchObject({ kind: "thrown", status: 302 });
    expect((anonymous as { location: string }).location).toMatch(/^\/login/);
  });
});
