// Assignments' pages (issue 8, item 5), called as React Router calls them, with real sessions, a real
// database and a temporary storage directory: every role tries each page and action by id (IDOR), the
// download's headers, bad input, a 2 GB upload refused before reading, and the whole journey.
import { beforeAll, describe, expect, test } from "vitest";
import * as filesRoute from "#app/routes/files.ts";
import * as submissionPage from "#app/routes/learn/submission.tsx";
import * as gradingPage from "#app/routes/teach/grading.tsx";
import * as gradeSubmissionPage from "#app/routes/teach/submission.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { multipartRequest, SAMPLES } from "#tests/file-fixtures.ts";
import { assignEducatorToCohort, createCohort } from "#tests/learning-factories.ts";
import { context, makeRequest, ORIGIN, run, sessionCookieFor } from "#tests/route-helpers.ts";
import { createAssignmentScenario, ESSAY_SLUG, useTemporaryStorage } from "#tests/work-fixtures.ts";

const storage = useTemporaryStorage();

type Who = "owner" | "otherLearner" | "educator" | "elsewhereEducator" | "admin" | "sponsor" | "verifier";
const cookies = {} as Record<Who, string>;
let s: Awaited<ReturnType<typeof createAssignmentScenario>>;

beforeAll(async () => {
  s = await createAssignmentScenario({ assignment: { dueDays: 30 } });
  const elsewhere = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: (await createCohort()).id, userId: elsewhere.id });
  cookies.owner = await sessionCookieFor(s.learner.id);
  cookies.otherLearner = await sessionCookieFor((await createLearner()).id);
  cookies.educator = await sessionCookieFor(s.educator.id);
  cookies.elsewhereEducator = await sessionCookieFor(elsewhere.id);
  cookies.admin = await sessionCookieFor((await createAdmin()).id);
  cookies.sponsor = await sessionCookieFor((await createSponsorMember()).id);
  cookies.verifier = await sessionCookieFor((await createVerifier()).id);
});

const pagePath = (enrolmentId: string) => `/learn/${enrolmentId}/${ESSAY_SLUG}/submission`;
const params = (enrolmentId: string) => ({ enrolmentId, lessonSlug: ESSAY_SLUG });

const getPage = (cookie: string | undefined, enrolmentId = s.enrolment.id) =>
  run(() =>
    submissionPage.loader({
      request: makeRequest(pagePath(enrolmentId), { cookie }),
      params: params(enrolmentId),
      context,
    } as never),
  );
const postWork = (
  cookie: string,
  body: { text?: string; file?: { name: string; bytes: Uint8Array } | null; headers?: Record<string, string> },
  enrolmentId = s.enrolment.id,
) =>
  run(() =>
    submissionPage.action({
      request: multipartRequest(`${ORIGIN}${pagePath(enrolmentId)}`, {
        cookie,
        fields: body.text === undefined ? {} : { text: body.text },
        file: body.file,
        headers: body.headers,
      }),
      params: params(enrolmentId),
      context,
    } as never),
  );
const getFile = async (cookie: string | undefined, fileId: string) => {
  try {
    return await filesRoute.loader({
      request: makeRequest(`/files/${fileId}`, { cookie }),
      params: { fileId },
      context,
    } as never);
  } catch (error) {
    return error;
  }
};
const getQueue = (cookie: string) =>
  run(() => gradingPage.loader({ request: makeRequest("/teach/grading", { cookie }), params: {}, context } as never));
const getGrading = (cookie: string, submissionId: string) =>
  run(() =>
    gradeSubmissionPage.loader({
      request: makeRequest(`/teach/submissions/${submissionId}`, { cookie }),
      params: { submissionId },
      context,
    } as never),
  );
const postGrade = (cookie: string, submissionId: string, form: Record<string, string>) =>
  run(() =>
    gradeSubmissionPage.action({
      request: makeRequest(`/teach/submissions/${submissionId}`, { cookie, form }),
      params: { submissionId },
      context,
    } as never),
  );

const gradeForm = (version = "1", points = ["5", "3"]) => ({
  version,
  "scores[0].points": points[0]!,
  "scores[0].feedback": "Clear argument.",
  "scores[1].points": points[1]!,
  "scores[1].feedback": "",
  feedback: "Good work.",
});

const submissionsOf = (enrolmentId: string) => prisma.submission.count({ where: { enrolmentId } });
/** getFile's caught refusal, thrown again for run() to read. */
const rethrow = (value: unknown) => {
  if (value instanceof Response) return value;
  throw value;
};

describe("the learner's submission page and its form, by enrolment id", () => {
  // Educators read submissions of their cohorts (404 for this learner's own page) but hand in nothing (403).
  test.each([
    ["another learner", "otherLearner", 404, 404],
    ["the cohort's educator", "educator", 404, 403],
    ["another cohort's educator", "elsewhereEducator", 404, 403],
    ["an admin", "admin", 403, 403],
    ["a sponsor", "sponsor", 403, 403],
    ["a verifier", "verifier", 403, 403],
  ] as const)("%s: the page (%i) and a hand-in (%i) are refused, nothing written or stored", async (_who, key, page, post) => {
    const objects = storage.storedObjects().length;
    expect(await getPage(cookies[key])).toMatchObject({ kind: "thrown", status: page });
    expect(await postWork(cookies[key], { text: "forged", file: { name: "x.pdf", bytes: SAMPLES.pdf } })).toMatchObject({
      kind: "thrown",
      status: post,
    });
    expect(await submissionsOf(s.enrolment.id)).toBe(0);
    expect(storage.storedObjects()).toHaveLength(objects);
  });

  test("anonymous visitors are sent to log in; malformed and unknown ids and a lesson that is no assignment are 404", async () => {
    const anonymous = await getPage(undefined);
    expect(anonymous).toMatchObject({ kind: "thrown", status: 302 });
    expect((anonymous as { location: string }).location).toMatch(/^\/login/);
    expect(await getPage(cookies.owner, "not-an-id!")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await getPage(cookies.owner, "cmxnosuchenrolment0000000")).toMatchObject({ kind: "thrown", status: 404 });
    const notAssignment = await run(() =>
      submissionPage.loader({
        request: makeRequest(`/learn/${s.enrolment.id}/lesson-1/submission`, { cookie: cookies.owner }),
        params: { enrolmentId: s.enrolment.id, lessonSlug: "lesson-1" },
        context,
      } as never),
    );
    expect(notAssignment).toMatchObject({ kind: "thrown", status: 404 });
  });

  test("bad input: a .pdf that is a PNG, nothing at all, a type not allowed: 400 with the field's message, nothing written", async () => {
    const objects = storage.storedObjects().length;
    const mismatch = await postWork(cookies.owner, { text: "My text", file: { name: "essay.pdf", bytes: SAMPLES.png } });
    expect(mismatch).toMatchObject({
      kind: "ok",
      status: 400,
      data: {
        reason: "upload.type_mismatch",
        params: { extension: ".pdf" },
        result: { error: { file: ["reason.upload.type_mismatch"] }, initialValue: { text: "My text" } },
      },
    });
    expect(await postWork(cookies.owner, { text: "  " })).toMatchObject({
      status: 400,
      data: { result: { error: { text: ["reason.submission.empty"] } } },
    });
    expect(await postWork(cookies.owner, { file: { name: "photo.png", bytes: SAMPLES.png } })).toMatchObject({
      status: 400,
      data: { reason: "upload.type_not_allowed" },
    });
    expect(await postWork(cookies.owner, { text: "x".repeat(20_001) })).toMatchObject({
      status: 400,
      data: { result: { error: { text: ["form.too_long"] } } },
    });
    expect(await submissionsOf(s.enrolment.id)).toBe(0);
    expect(storage.storedObjects()).toHaveLength(objects);
  });

  test("a 2 GB upload is refused with 413 from its Content-Length, before the body is read; nothing written", async () => {
    const objects = storage.storedObjects().length;
    const files = await prisma.storedFile.count();
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const request = new Request(`${ORIGIN}${pagePath(s.enrolment.id)}`, {
      method: "POST",
      headers: {
        Cookie: cookies.owner,
        Origin: ORIGIN,
        "Content-Type": "multipart/form-data; boundary=----x",
        "Content-Length": String(2 * 1024 ** 3),
      },
      body,
      duplex: "half",
    } as RequestInit);
    const outcome = await run(() => submissionPage.action({ request, params: params(s.enrolment.id), context } as never));
    expect(outcome).toMatchObject({ kind: "thrown", status: 413, data: { reason: "upload.too_large", params: { limit: "1" } } });
    expect(pulled).toBeLessThanOrEqual(1);
    expect(await submissionsOf(s.enrolment.id)).toBe(0);
    expect(await prisma.storedFile.count()).toBe(files);
    expect(storage.storedObjects()).toHaveLength(objects);
  });

  test("a file above the assignment's limit, sent without a Content-Length, is cut off: 413, nothing written", async () => {
    const objects = storage.storedObjects().length;
    const big = new Uint8Array(1_200_000).fill(0x61);
    expect(await postWork(cookies.owner, { text: "x", file: { name: "big.txt", bytes: big } })).toMatchObject({
      kind: "thrown",
      status: 413,
    });
    expect(await submissionsOf(s.enrolment.id)).toBe(0);
    expect(storage.storedObjects()).toHaveLength(objects);
  });
});

describe("the journey: hand in, download, the queue, grade, the learner sees the grade", () => {
  let submissionId = "";
  let fileId = "";

  test("the learner hands in text and a PDF: 303 back to the page, which shows it waiting", async () => {
    const posted = await postWork(cookies.owner, { text: "My essay", file: { name: "Mi ensayo final.pdf", bytes: SAMPLES.pdf } });
    expect(posted).toMatchObject({ kind: "thrown", status: 303, location: `${pagePath(s.enrolment.id)}?done=1` });
    const row = await prisma.submission.findFirstOrThrow({ where: { enrolmentId: s.enrolment.id } });
    submissionId = row.id;
    fileId = row.fileId!;
    const page = await getPage(cookies.owner);
    expect(page).toMatchObject({
      kind: "ok",
      data: {
        canSubmit: false,
        submission: { status: "submitted", text: "My essay", file: { id: fileId, filename: "Mi ensayo final.pdf" } },
      },
    });
    // a second hand-in is refused on the form (no resubmission), nothing changes
    expect(await postWork(cookies.owner, { text: "again" })).toMatchObject({
      status: 409,
      data: { reason: "submission.resubmission_closed" },
    });
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: submissionId } })).text).toBe("My essay");
  });

  test("the file: to the learner and the cohort's educator, as an attachment with the detected type, nosniff, never stored", async () => {
    for (const key of ["owner", "educator"] as const) {
      const response = (await getFile(cookies[key], fileId)) as Response;
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/pdf");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
      expect(response.headers.get("Content-Disposition")).toBe(
        `attachment; filename="Mi ensayo final.pdf"; filename*=UTF-8''Mi%20ensayo%20final.pdf`,
      );
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(SAMPLES.pdf))).toBe(true);
    }
  });

  test.each(["otherLearner", "elsewhereEducator", "admin", "sponsor", "verifier"] as const)(
    "the file for %s: the same 404 as a forged id",
    async (key) => {
      const refused = await run(() => getFile(cookies[key], fileId).then(rethrow));
      const forged = await run(() => getFile(cookies[key], "cmxnosuchfile000000000000").then(rethrow));
      expect(refused).toMatchObject({ kind: "thrown", status: 404, data: { reason: "not_found" } });
      expect(forged).toEqual(refused);
    },
  );

  test("the file for an anonymous visitor: log in first", async () => {
    const anonymous = await getFile(undefined, fileId);
    expect(anonymous).toBeInstanceOf(Response);
    expect((anonymous as Response).status).toBe(302);
    expect((anonymous as Response).headers.get("Location")).toMatch(/^\/login/);
  });

  test("the grading queue: the cohort's educator sees it by display name; another cohort's educator does not; other roles are refused", async () => {
    const { displayName } = await prisma.user.findUniqueOrThrow({ where: { id: s.learner.id }, select: { displayName: true } });
    const queue = await getQueue(cookies.educator);
    expect(queue).toMatchObject({ kind: "ok", data: { items: [{ submissionId, learnerName: displayName }] } });
    expect(JSON.stringify((queue as { data: unknown }).data)).not.toMatch(/legal|email/i);
    expect(await getQueue(cookies.elsewhereEducator)).toMatchObject({ kind: "ok", data: { items: [] } });
    for (const key of ["owner", "otherLearner", "admin", "sponsor", "verifier"] as const) {
      expect(await getQueue(cookies[key])).toMatchObject({ kind: "thrown", status: 403 });
    }
  });

  test("the grading page and its form, by submission id, for every role; bad input is a 400 with field messages", async () => {
    expect(await getGrading(cookies.educator, submissionId)).toMatchObject({
      kind: "ok",
      data: { status: "submitted", text: "My essay" },
    });
    // Learners read their own submissions elsewhere (404 here) and grade nothing (403).
    const refused = [
      ["owner", 404, 403],
      ["otherLearner", 404, 403],
      ["elsewhereEducator", 404, 404],
      ["admin", 403, 403],
      ["sponsor", 403, 403],
      ["verifier", 403, 403],
    ] as const;
    for (const [key, page, post] of refused) {
      expect(await getGrading(cookies[key], submissionId), key).toMatchObject({ kind: "thrown", status: page });
      expect(await postGrade(cookies[key], submissionId, gradeForm()), key).toMatchObject({ kind: "thrown", status: post });
    }
    expect(await getGrading(cookies.educator, "cmxnosuchsubmission000000")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await postGrade(cookies.educator, "cmxnosuchsubmission000000", gradeForm())).toMatchObject({
      kind: "thrown",
      status: 404,
    });
    expect(await postGrade(cookies.educator, submissionId, gradeForm("1", ["9", "3"]))).toMatchObject({
      kind: "ok",
      status: 400,
      data: { params: { max: 6 }, result: { error: { "scores[0].points": ["grade.points_range"] } } },
    });
    expect(await postGrade(cookies.educator, submissionId, { ...gradeForm(), "scores[1].points": "" })).toMatchObject({
      status: 400,
      data: { result: { error: { "scores[1].points": ["form.required"] } } },
    });
    expect(await postGrade(cookies.educator, submissionId, gradeForm("7"))).toMatchObject({
      status: 409,
      data: { reason: "submission.changed" },
    });
    expect(await prisma.submission.findUniqueOrThrow({ where: { id: submissionId } })).toMatchObject({
      status: "submitted",
      points: null,
    });
  });

  test("the cohort's educator grades: 303; the learner's page shows the grade and feedback per criterion; the queue is empty", async () => {
    const posted = await postGrade(cookies.educator, submissionId, gradeForm());
    expect(posted).toMatchObject({ kind: "thrown", status: 303, location: `/teach/submissions/${submissionId}?done=1` });
    expect(await getPage(cookies.owner)).toMatchObject({
      kind: "ok",
      data: {
        submission: {
          status: "graded",
          grade: {
            points: 8,
            maxPoints: 10,
            percent: 80,
            feedback: "Good work.",
            criteria: [
              { criterion: "Argument", score: 5, feedback: "Clear argument." },
              { criterion: "Sources", score: 3, feedback: "" },
            ],
          },
        },
      },
    });
    expect(await getQueue(cookies.educator)).toMatchObject({ kind: "ok", data: { items: [] } });
    // grading again is refused on the form; nothing changes
    expect(await postGrade(cookies.educator, submissionId, gradeForm("1", ["6", "4"]))).toMatchObject({
      status: 409,
      data: { reason: "submission.already_graded" },
    });
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: submissionId } })).points).toBe(8);
  });
});
