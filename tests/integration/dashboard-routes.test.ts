// The dashboards' pages (issue 8, items 9, 11 and part of 12), called as React Router calls them, with
// real sessions and a real database: the learner dashboard, the educator's cohort page and gradebook
// CSV, and a module downloaded to read offline. Each role tries each resource by id (IDOR), and nothing
// changes where it must not.
import { beforeAll, describe, expect, test } from "vitest";
import * as learnPage from "#app/routes/learn.tsx";
import * as offlineFile from "#app/routes/learn/offline.ts";
import * as outlinePage from "#app/routes/learn/outline.tsx";
import * as cohortPage from "#app/routes/teach/cohort.tsx";
import * as gradebookCsv from "#app/routes/teach/gradebook-csv.ts";
import { prisma } from "#app/utils/db.server.ts";
import { addLearner, completeLessons, createGradedCohort, recordAttempt, recordSubmission } from "#tests/dashboard-fixtures.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { assignEducatorToCohort } from "#tests/learning-factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Who = "owner" | "classmate" | "otherLearner" | "otherEducator" | "educator" | "admin" | "sponsor" | "verifier";
const cookies = {} as Record<Who, string>;
let s: Awaited<ReturnType<typeof createGradedCohort>>;
let classmate: Awaited<ReturnType<typeof addLearner>>;
let elsewhere: Awaited<ReturnType<typeof createGradedCohort>>;

beforeAll(async () => {
  s = await createGradedCohort({ learnerName: "Amal" });
  elsewhere = await createGradedCohort();
  classmate = await addLearner(s.cohort.id, { displayName: '=HYPERLINK("http://x.example")' });
  const educator = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: s.cohort.id, userId: educator.id });
  const otherEducator = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: elsewhere.cohort.id, userId: otherEducator.id });
  await completeLessons(s.enrolment.id, [s.lessons[0]!.id]);
  await recordAttempt(s.enrolment.id, s.quiz.id, 1, 75, new Date("2027-03-02T10:00:00Z"));
  await recordSubmission(classmate.enrolment.id, s.assignment.id, null);
  cookies.owner = await sessionCookieFor(s.learner.id);
  cookies.classmate = await sessionCookieFor(classmate.learner.id);
  cookies.otherLearner = await sessionCookieFor((await createLearner()).id);
  cookies.educator = await sessionCookieFor(educator.id);
  cookies.otherEducator = await sessionCookieFor(otherEducator.id);
  cookies.admin = await sessionCookieFor((await createAdmin()).id);
  cookies.sponsor = await sessionCookieFor((await createSponsorMember()).id);
  cookies.verifier = await sessionCookieFor((await createVerifier()).id);
});

const learnGet = (cookie: string | undefined) =>
  run(() => learnPage.loader({ request: makeRequest("/learn", { cookie }), params: {}, context } as never));
const cohortGet = (cookie: string | undefined, cohortId: string) =>
  run(() =>
    cohortPage.loader({ request: makeRequest(`/teach/cohorts/${cohortId}`, { cookie }), params: { cohortId }, context } as never),
  );
const csvGet = (cookie: string | undefined, cohortId: string, headers: Record<string, string> = {}) =>
  run(() =>
    gradebookCsv.loader({
      request: makeRequest(`/teach/cohorts/${cohortId}/gradebook.csv`, { cookie, headers }),
      params: { cohortId },
      context,
    } as never),
  );
const csvResponse = (cookie: string, cohortId: string, headers: Record<string, string> = {}) =>
  gradebookCsv.loader({
    request: makeRequest(`/teach/cohorts/${cohortId}/gradebook.csv`, { cookie, headers }),
    params: { cohortId },
    context,
  } as never) as Promise<Response>;
const offlineGet = (cookie: string | undefined, enrolmentId: string, moduleId: string) =>
  run(() =>
    offlineFile.loader({
      request: makeRequest(`/learn/${enrolmentId}/offline/${moduleId}`, { cookie }),
      params: { enrolmentId, moduleId },
      context,
    } as never),
  );
const offlineResponse = (cookie: string, enrolmentId: string, moduleId: string, headers: Record<string, string> = {}) =>
  offlineFile.loader({
    request: makeRequest(`/learn/${enrolmentId}/offline/${moduleId}`, { cookie, headers }),
    params: { enrolmentId, moduleId },
    context,
  } as never) as Promise<Response>;

/** What the routes must never change: progress, attempts, submissions, enrolments; and the downloads recorded. */
async function snapshot() {
  const enrolmentIds = [s.enrolment.id, classmate.enrolment.id];
  const [progress, attempts, submissions, enrolments, downloads, exports] = await Promise.all([
    prisma.lessonProgress.findMany({ where: { enrolmentId: { in: enrolmentIds } }, orderBy: { id: "asc" } }),
    prisma.quizAttempt.count({ where: { enrolmentId: { in: enrolmentIds } } }),
    prisma.submission.findMany({ where: { enrolmentId: { in: enrolmentIds } }, orderBy: { id: "asc" } }),
    prisma.enrolment.findMany({ where: { id: { in: enrolmentIds } }, orderBy: { id: "asc" } }),
    prisma.auditEvent.count({ where: { action: "module.downloaded", entityId: { in: enrolmentIds } } }),
    prisma.auditEvent.count({ where: { action: "gradebook.exported", entityId: s.cohort.id } }),
  ]);
  return { progress, attempts, submissions, enrolments, downloads, exports };
}

describe("the learner dashboard (/learn)", () => {
  test("shows my enrolment's progress, grade so far, next step and deadlines, with the dashboard's messages only", async () => {
    const outcome = await learnGet(cookies.owner);
    expect(outcome).toMatchObject({ kind: "ok", status: 200 });
    const data = (
      outcome as { data: { learning: { enrolments: unknown[]; deadlines: unknown[] }; messages: Record<string, string> } }
    ).data;
    expect(data.learning.enrolments).toEqual([
      expect.objectContaining({
        id: s.enrolment.id,
        progress: { done: 1, total: 6 },
        // the quiz's 75 × 1 and the assignment's 0 × 3, over 4
        grade: { kind: "so_far", percent: 18.8, counted: 1, of: 2 },
        next: { slug: "lesson-2", title: "Lesson 2" },
      }),
    ]);
    // The quiz has an attempt: only the assignment is still to do.
    expect(data.learning.deadlines).toEqual([expect.objectContaining({ lessonSlug: "lesson-3", kind: "assignment" })]);
    expect(Object.keys(data.messages).length).toBeGreaterThan(5);
    expect(Object.keys(data.messages).every((k) => k.startsWith("dashboard."))).toBe(true);
  });

  test("a classmate sees their own enrolment and nothing of mine", async () => {
    const outcome = await learnGet(cookies.classmate);
    const text = JSON.stringify(outcome);
    expect(text).toContain(classmate.enrolment.id);
    expect(text).not.toContain(s.enrolment.id);
    expect(text).not.toContain("Amal");
    expect((outcome as { data: { learning: { deadlines: Array<{ lessonSlug: string }> } } }).data.learning.deadlines).toEqual([
      expect.objectContaining({ lessonSlug: "lesson-5", kind: "quiz" }),
    ]);
  });

  test.each([
    ["an educator", "educator"],
    ["an admin", "admin"],
    ["a sponsor", "sponsor"],
    ["a verifier", "verifier"],
  ] as const)("%s has no learner dashboard (403)", async (_who, key) => {
    expect(await learnGet(cookies[key])).toMatchObject({ kind: "thrown", status: 403 });
  });
});

describe("the educator's cohort page and gradebook (/teach/cohorts/:cohortId)", () => {
  test("the cohort's educator: learners by display name, progress, cells and grade, with the gradebook's messages", async () => {
    const outcome = await cohortGet(cookies.educator, s.cohort.id);
    expect(outcome).toMatchObject({ kind: "ok", status: 200 });
    const data = (
      outcome as { data: Record<string, unknown> & { rows: Array<Record<string, unknown>>; messages: Record<string, string> } }
    ).data;
    expect(data.assessments).toMatchObject([{ id: s.assignment.id }, { id: s.quiz.id }]);
    expect(data.rows).toEqual([
      expect.objectContaining({
        displayName: '=HYPERLINK("http://x.example")',
        cells: [{ kind: "submitted" }, { kind: "none" }],
        grade: null,
      }),
      expect.objectContaining({
        displayName: "Amal",
        progress: { done: 1, total: 6 },
        cells: [{ kind: "none" }, { kind: "score", percent: 75 }],
      }),
    ]);
    expect(Object.keys(data.messages).every((k) => k.startsWith("gradebook."))).toBe(true);
    expect(JSON.stringify(data)).not.toMatch(/learnerId|username|email/);
  });

  test.each([
    ["the enrolled learner", "owner"],
    ["another learner", "otherLearner"],
    ["an educator of another cohort", "otherEducator"],
    ["an admin (aggregates only)", "admin"],
    ["a sponsor", "sponsor"],
    ["a verifier", "verifier"],
  ] as const)("%s: page and CSV not found, nothing changed", async (_who, key) => {
    const before = await snapshot();
    expect(await cohortGet(cookies[key], s.cohort.id)).toMatchObject({ kind: "thrown", status: 404 });
    expect(await csvGet(cookies[key], s.cohort.id)).toMatchObject({ kind: "thrown", status: 404 });
    expect(await snapshot()).toEqual(before);
  });

  test("an educator cannot reach another cohort by its id; forged and malformed ids are 404; control characters 400; anonymous to login", async () => {
    expect(await cohortGet(cookies.educator, elsewhere.cohort.id)).toMatchObject({ kind: "thrown", status: 404 });
    expect(await csvGet(cookies.educator, elsewhere.cohort.id)).toMatchObject({ kind: "thrown", status: 404 });
    expect(await cohortGet(cookies.educator, "cmxnosuchcohort0000000000")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await cohortGet(cookies.educator, "not-an-id!")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await csvGet(cookies.educator, "a\u0000b")).toMatchObject({ kind: "thrown", status: 400 });
    const anonymous = await cohortGet(undefined, s.cohort.id);
    expect(anonymous).toMatchObject({ kind: "thrown", status: 302 });
    expect((anonymous as { location: string }).location).toMatch(/^\/login/);
    expect(await csvGet(undefined, s.cohort.id)).toMatchObject({ kind: "thrown", status: 302 });
  });

  test("the CSV: UTF-8 with a BOM, an attachment with a neutral name, never stored, formulas defused", async () => {
    const before = await snapshot();
    const response = await csvResponse(cookies.educator, s.cohort.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="gradebook.csv"');
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe("Learner,Lesson 3,Lesson 5,Lessons done,Lessons in the course,Course grade so far,Final grade");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x.example"")","Submitted, not graded",,0,6,,`);
    expect(lines[2]).toBe("Amal,,75.0,1,6,18.8,");
    expect(lines).toHaveLength(4);
    expect(await snapshot()).toEqual({ ...before, exports: before.exports + 1 });
  });

  test("the CSV speaks the educator's language", async () => {
    const response = await csvResponse(cookies.educator, s.cohort.id, { "Accept-Language": "es" });
    const text = await response.text();
    expect(text.split("\r\n")[0]).toBe(
      "Estudiante,Lesson 3,Lesson 5,Lecciones hechas,Lecciones del curso,Nota del curso hasta ahora,Nota final",
    );
  });
});

describe("a module to read offline (/learn/:enrolmentId/offline/:moduleId)", () => {
  test("the learner gets one HTML file: an attachment with a neutral name, never stored, no script; one audit row, no progress change", async () => {
    const before = await snapshot();
    const response = await offlineResponse(cookies.owner, s.enrolment.id, s.modules[0]!.id, { "Accept-Language": "ar" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="module-1.html"');
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const html = await response.text();
    expect(html).toContain("<title>Module 1</title>");
    expect(html).toContain("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('lang="ar" dir="rtl"'); // the learner's language for our own words
    expect(html).not.toContain("Amal");
    expect(html).not.toContain("Waystone");
    const after = await snapshot();
    expect(after.progress).toEqual(before.progress);
    expect(after.downloads).toBe(before.downloads + 1);
  });

  test.each([
    ["a classmate", "classmate", 404],
    ["another learner", "otherLearner", 404],
    ["the cohort's educator", "educator", 403],
    ["an educator of another cohort", "otherEducator", 403],
    ["an admin", "admin", 403],
    ["a sponsor", "sponsor", 403],
    ["a verifier", "verifier", 403],
  ] as const)("%s: refused (%i), nothing recorded", async (_who, key, status) => {
    const before = await snapshot();
    expect(await offlineGet(cookies[key], s.enrolment.id, s.modules[0]!.id)).toMatchObject({ kind: "thrown", status });
    expect(await snapshot()).toEqual(before);
  });

  test("another revision's module, forged and malformed ids are 404; control characters 400; anonymous to login; nothing recorded", async () => {
    const before = await snapshot();
    expect(await offlineGet(cookies.owner, s.enrolment.id, elsewhere.modules[0]!.id)).toMatchObject({
      kind: "thrown",
      status: 404,
    });
    expect(await offlineGet(cookies.owner, s.enrolment.id, "cmxnosuchmodule0000000000")).toMatchObject({
      kind: "thrown",
      status: 404,
    });
    expect(await offlineGet(cookies.owner, s.enrolment.id, "..%2F..%2Fetc")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await offlineGet(cookies.owner, "not-an-id!", s.modules[0]!.id)).toMatchObject({ kind: "thrown", status: 404 });
    expect(await offlineGet(cookies.owner, elsewhere.enrolment.id, elsewhere.modules[0]!.id)).toMatchObject({
      kind: "thrown",
      status: 404,
    });
    expect(await offlineGet(cookies.owner, s.enrolment.id, "a\u0000b")).toMatchObject({ kind: "thrown", status: 400 });
    const anonymous = await offlineGet(undefined, s.enrolment.id, s.modules[0]!.id);
    expect(anonymous).toMatchObject({ kind: "thrown", status: 302 });
    expect(await snapshot()).toEqual(before);
  });

  test("the outline links each module's download and carries the offline messages", async () => {
    const outcome = await run(() =>
      outlinePage.loader({
        request: makeRequest(`/learn/${s.enrolment.id}`, { cookie: cookies.owner }),
        params: { enrolmentId: s.enrolment.id },
        context,
      } as never),
    );
    const data = (outcome as { data: { modules: Array<{ id: string }>; messages: Record<string, string> } }).data;
    expect(data.modules.map((m) => m.id)).toEqual(s.modules.map((m) => m.id));
    expect(data.messages["offline.download"]).toBe("Download to read offline");
  });
});
