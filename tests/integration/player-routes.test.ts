// The lesson player's pages (issue 8, item 3), called as React Router calls them, with real sessions
// and a real database: each role tries each enrolment id (IDOR), and the learner's own journey.
import { beforeAll, describe, expect, test } from "vitest";
import * as lessonPage from "#app/routes/learn/lesson.tsx";
import * as outlinePage from "#app/routes/learn/outline.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { assignEducatorToCohort } from "#tests/learning-factories.ts";
import { createEnrolledLearner } from "#tests/player-fixtures.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

const outlineGet = (cookie: string | undefined, enrolmentId: string) =>
  run(() =>
    outlinePage.loader({ request: makeRequest(`/learn/${enrolmentId}`, { cookie }), params: { enrolmentId }, context } as never),
  );
const lessonGet = (cookie: string | undefined, enrolmentId: string, lessonSlug: string, query = "") =>
  run(() =>
    lessonPage.loader({
      request: makeRequest(`/learn/${enrolmentId}/${lessonSlug}${query}`, { cookie }),
      params: { enrolmentId, lessonSlug },
      context,
    } as never),
  );
const lessonPost = (cookie: string, enrolmentId: string, lessonSlug: string, form: Record<string, string>) =>
  run(() =>
    lessonPage.action({
      request: makeRequest(`/learn/${enrolmentId}/${lessonSlug}`, { cookie, form }),
      params: { enrolmentId, lessonSlug },
      context,
    } as never),
  );

let scenario: Awaited<ReturnType<typeof createEnrolledLearner>>;
const cookies: Record<"owner" | "other" | "educator" | "admin", string> = { owner: "", other: "", educator: "", admin: "" };

beforeAll(async () => {
  scenario = await createEnrolledLearner();
  const educator = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: scenario.cohort.id, userId: educator.id });
  cookies.owner = await sessionCookieFor(scenario.learner.id);
  cookies.other = await sessionCookieFor((await createLearner()).id);
  cookies.educator = await sessionCookieFor(educator.id);
  cookies.admin = await sessionCookieFor((await createAdmin()).id);
});

const progressRows = () => prisma.lessonProgress.count({ where: { enrolmentId: scenario.enrolment.id } });

describe("who gets the player, by enrolment id", () => {
  test.each([
    ["another learner", "other", 404],
    ["the cohort's educator", "educator", 403],
    ["an admin", "admin", 403],
  ] as const)("%s: outline, lesson and mark-complete refused, nothing written", async (_who, key, status) => {
    const id = scenario.enrolment.id;
    expect(await outlineGet(cookies[key], id)).toMatchObject({ kind: "thrown", status });
    expect(await lessonGet(cookies[key], id, "lesson-1", "?continue=1")).toMatchObject({ kind: "thrown", status });
    expect(await lessonPost(cookies[key], id, "lesson-1", { lessonId: scenario.lessons[0]!.id })).toMatchObject({
      kind: "thrown",
      status,
    });
    expect(await progressRows()).toBe(0);
  });

  test("anonymous visitors are sent to log in; malformed and unknown ids are 404", async () => {
    const anonymous = await outlineGet(undefined, scenario.enrolment.id);
    expect(anonymous).toMatchObject({ kind: "thrown", status: 302 });
    expect((anonymous as { location: string }).location).toMatch(/^\/login/);
    expect(await outlineGet(cookies.owner, "not-an-id!")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await outlineGet(cookies.owner, "cmxnosuchenrolment0000000")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await lessonGet(cookies.owner, scenario.enrolment.id, "lesson-99")).toMatchObject({ kind: "thrown", status: 404 });
  });
});

describe("the learner's journey", () => {
  test("outline → lesson with a warning → continue → mark complete → the outline shows it", async () => {
    const id = scenario.enrolment.id;
    const start = await outlineGet(cookies.owner, id);
    expect(start).toMatchObject({ kind: "ok", data: { next: { action: "start", slug: "lesson-1" }, done: 0 } });
    const gated = await lessonGet(cookies.owner, id, "lesson-2");
    expect(gated).toMatchObject({ kind: "ok", data: { gated: true, lesson: { bodyHtml: null } } });
    const shown = await lessonGet(cookies.owner, id, "lesson-2", "?continue=1");
    expect(shown).toMatchObject({ kind: "ok", data: { gated: false, done: false } });
    const posted = await lessonPost(cookies.owner, id, "lesson-2", { lessonId: scenario.lessons[1]!.id });
    expect(posted).toMatchObject({ kind: "thrown", location: `/learn/${id}/lesson-2?continue=1` });
    expect([302, 303]).toContain((posted as { status: number }).status);
    expect(await lessonGet(cookies.owner, id, "lesson-2", "?continue=1")).toMatchObject({ kind: "ok", data: { done: true } });
    const after = await outlineGet(cookies.owner, id);
    expect(after).toMatchObject({ kind: "ok", data: { next: { action: "resume", slug: "lesson-2" }, done: 1 } });
  });

  test("a forged lesson id is a 404 and writes nothing; an empty one is a 400 form answer", async () => {
    const id = scenario.enrolment.id;
    const before = await progressRows();
    const elsewhere = await createEnrolledLearner({ lessons: 1, modules: 1 });
    expect(await lessonPost(cookies.owner, id, "lesson-1", { lessonId: elsewhere.lessons[0]!.id })).toMatchObject({
      kind: "thrown",
      status: 404,
    });
    expect(await lessonPost(cookies.owner, id, "lesson-1", { lessonId: "" })).toMatchObject({ kind: "ok", status: 400 });
    expect(await progressRows()).toBe(before);
  });
});
