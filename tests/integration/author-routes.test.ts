// The authoring routes, called as React Router calls them: for every role, who may open, edit or
// reorder a course (refusals change nothing); concurrent requests that must end with one effect; the
// lesson editor's Conform intents; control characters; and what one lesson save costs in queries.
import { beforeAll, describe, expect, test } from "vitest";
import * as authorCourse from "#app/routes/author/course.tsx";
import * as authorIndex from "#app/routes/author/index.tsx";
import * as authorLesson from "#app/routes/author/lesson.tsx";
import * as authorLessonNew from "#app/routes/author/lesson-new.tsx";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import { courseFingerprint, createDraftCourse, createPublishedCourse } from "#tests/course-factories.ts";
import {
  createAdmin,
  createApprovedEducator,
  createEducatorApplicant,
  createLearner,
  createSponsorMember,
  createVerifier,
} from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor, type Outcome } from "#tests/route-helpers.ts";

type Who = "anonymous" | "learner" | "applicant" | "owner" | "other" | "verifier" | "sponsor" | "admin";
const ROLES: Who[] = ["anonymous", "learner", "applicant", "owner", "other", "verifier", "sponsor", "admin"];
const cookies = {} as Record<Who, string | undefined>;
const ids = {} as Record<Who, string>;
let courseId: string;

/** The course fields as the details form posts them (outcomes one per line). */
const FIELDS = {
  title: "Owned course",
  summary: "S",
  description: "",
  subject: "mathematics",
  level: "introductory",
  language: "en",
  outcomes: "Solve problems.",
  credits: "5",
  creditUnit: "ECTS",
  studyHours: "130",
  passMark: "60",
  prerequisites: "",
  translationOf: "",
};

beforeAll(async () => {
  const users = {
    learner: await createLearner(),
    applicant: await createEducatorApplicant(),
    owner: await createApprovedEducator(),
    other: await createApprovedEducator(),
    verifier: await createVerifier(),
    sponsor: await createSponsorMember(),
    admin: await createAdmin(),
  };
  for (const [who, u] of Object.entries(users) as [Who, { id: string }][]) {
    ids[who] = u.id;
    cookies[who] = await sessionCookieFor(u.id);
  }
  courseId = (await createDraftCourse({ authorId: ids.owner, title: "Owned course", modules: 1, lessons: 2 })).id;
});

const call = (
  fn: (args: never) => unknown,
  path: string,
  who: Who,
  params: Record<string, string> = {},
  form?: Record<string, string | string[]>,
) =>
  run(() => (fn as (args: unknown) => unknown)({ request: makeRequest(path, { cookie: cookies[who], form }), params, context }));

const resultOf = (o: Outcome) =>
  o.kind === "ok"
    ? (o.data as { result: { status?: string; error?: Record<string, string[]>; initialValue?: Record<string, unknown> } }).result
    : undefined;

describe("authoring pages", () => {
  test.each(ROLES)("%s", async (who) => {
    const index = await call(authorIndex.loader, "/author", who);
    const course = await call(authorCourse.loader, `/author/${courseId}`, who, { courseId });
    const lesson = await call(authorLesson.loader, `/author/${courseId}/lessons/lesson-1`, who, {
      courseId,
      lessonSlug: "lesson-1",
    });
    if (who === "anonymous") {
      expect([index.status, course.status, lesson.status]).toEqual([302, 302, 302]);
    } else if (who === "owner") {
      expect([index.status, course.status, lesson.status]).toEqual([200, 200, 200]);
    } else if (who === "applicant") {
      // Not approved: authoring itself is refused before any course is looked up.
      expect(index.status).toBe(200);
      expect([course.status, lesson.status]).toEqual([403, 403]);
    } else if (who === "other") {
      // They may open their own authoring page, but another's course does not exist for them.
      expect(index.status).toBe(200);
      expect([course.status, lesson.status]).toEqual([404, 404]);
    } else {
      expect(index.status).toBe(403);
      expect([403, 404]).toContain(course.status);
      expect([403, 404]).toContain(lesson.status);
    }
  });
});

describe("authoring actions", () => {
  test.each(ROLES.filter((r) => r !== "owner"))("%s cannot reorder, edit or submit the owner's course", async (who) => {
    const before = await courseFingerprint(courseId);
    const move = await call(
      authorCourse.action,
      `/author/${courseId}`,
      who,
      { courseId },
      { intent: "move", item: "lesson", slug: "lesson-2", direction: "up" },
    );
    const fields = await call(
      authorCourse.action,
      `/author/${courseId}`,
      who,
      { courseId },
      { intent: "fields", ...FIELDS, title: "Hijacked" },
    );
    const submit = await call(authorCourse.action, `/author/${courseId}`, who, { courseId }, { intent: "submit", note: "" });
    const lesson = await call(
      authorLesson.action,
      `/author/${courseId}/lessons/lesson-1`,
      who,
      { courseId, lessonSlug: "lesson-1" },
      { intent: "save", kind: "text", title: "Hijacked", body: "x" },
    );
    for (const o of [move, fields, submit, lesson]) expect([302, 403, 404], who).toContain(o.status);
    if (who !== "anonymous") for (const o of [move, fields, submit, lesson]) expect(o.status, who).not.toBe(302);
    expect(await courseFingerprint(courseId)).toBe(before);
  });

  test("an unapproved applicant cannot create a course", async () => {
    const slug = `nope-${Date.now()}`;
    const outcome = await call(authorIndex.action, "/author", "applicant", {}, { intent: "create-course", slug, ...FIELDS });
    expect(outcome).toMatchObject({ kind: "thrown", status: 403, data: { reason: "educator.not_active" } });
    expect(await prisma.course.count({ where: { slug } })).toBe(0);
  });

  test("the owner reorders by slug; an unknown slug is a 404 and changes nothing", async () => {
    const course = await createDraftCourse({ authorId: ids.owner, modules: 1, lessons: 2 });
    const before = await courseFingerprint(course.id);
    const missing = await call(
      authorCourse.action,
      `/author/${course.id}`,
      "owner",
      { courseId: course.id },
      { intent: "move", item: "lesson", slug: "not-here", direction: "up" },
    );
    expect(missing).toMatchObject({ status: 404, data: { reason: "not_found" } });
    expect(await courseFingerprint(course.id)).toBe(before);
    const moved = await call(
      authorCourse.action,
      `/author/${course.id}`,
      "owner",
      { courseId: course.id },
      { intent: "move", item: "lesson", slug: "lesson-2", direction: "up" },
    );
    expect(moved).toMatchObject({ status: 302, location: `/author/${course.id}?saved=moved#lesson-lesson-2` });
    const order = await prisma.lesson.findMany({ where: { revision: { courseId: course.id } }, orderBy: { position: "asc" } });
    expect(order.map((l) => l.slug)).toEqual(["lesson-2", "lesson-1"]);
  });

  test("oversized and malformed course fields are a 400 with every value and field message", async () => {
    const before = await courseFingerprint(courseId);
    const outcome = await call(
      authorCourse.action,
      `/author/${courseId}`,
      "owner",
      { courseId },
      { ...FIELDS, intent: "fields", title: "x".repeat(5000), summary: "", subject: "alchemy", outcomes: "", credits: "abc" },
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    const result = resultOf(outcome)!;
    expect(result.error).toEqual({
      title: ["form.too_long"],
      summary: ["form.required"],
      subject: ["form.choose_option"],
      outcomes: ["course.outcomes_required"],
      credits: ["author.number"],
    });
    expect(result.initialValue).toMatchObject({ intent: "fields", subject: "alchemy", credits: "abc", studyHours: "130" });
    expect(await courseFingerprint(courseId)).toBe(before);
  });

  test("deleting a lesson: from a draft it goes; while in review a 409 on the form that deletes nothing", async () => {
    const course = await createDraftCourse({ authorId: ids.owner, modules: 1, lessons: 2 });
    const del = (lessonSlug: string) =>
      call(
        authorLesson.action,
        `/author/${course.id}/lessons/${lessonSlug}`,
        "owner",
        { courseId: course.id, lessonSlug },
        { intent: "delete" },
      );
    expect(await del("lesson-1")).toMatchObject({ status: 302, location: `/author/${course.id}?saved=lesson-deleted` });
    expect(await prisma.lesson.count({ where: { revision: { courseId: course.id } } })).toBe(1);
    await call(authorCourse.action, `/author/${course.id}`, "owner", { courseId: course.id }, { intent: "submit", note: "" });
    const before = await courseFingerprint(course.id);
    const locked = await del("lesson-2");
    expect(locked).toMatchObject({ kind: "ok", status: 409, data: { reason: "course.locked_in_review" } });
    expect(resultOf(locked)!.error).toEqual({ "": ["reason.course.locked_in_review"] });
    expect(await courseFingerprint(course.id)).toBe(before);
  });

  test("an unknown form intent is a 400 page", async () => {
    const outcome = await call(authorCourse.action, `/author/${courseId}`, "owner", { courseId }, { intent: "explode" });
    expect(outcome).toMatchObject({ kind: "thrown", status: 400, data: { reason: "request.invalid" } });
  });
});

describe("the lesson editor's intents re-render the form and save nothing", () => {
  const path = () => `/author/${courseId}/lessons/new`;
  const quiz = {
    intent: "save",
    module: "module-1",
    slug: "quiz-intents",
    kind: "quiz",
    title: "A quiz",
    body: "## Intro\n\n<script>alert(1)</script>",
    "quiz.questions[0].type": "single",
    "quiz.questions[0].prompt": "First?",
    "quiz.questions[0].options": "a\nb",
    "quiz.questions[0].correct": "1",
  };
  const post = (form: Record<string, string>) => call(authorLessonNew.action, path(), "owner", { courseId }, form);

  test("add a question, remove one, show a kind's fields, preview", async () => {
    const before = await courseFingerprint(courseId);
    const added = await post({
      ...quiz,
      __intent__: JSON.stringify({
        type: "insert",
        payload: { name: "quiz.questions", defaultValue: { type: "single", points: "1" } },
      }),
    });
    expect(added).toMatchObject({ kind: "ok", status: 200 });
    const addedResult = resultOf(added)!;
    expect(addedResult.status).toBeUndefined();
    expect((addedResult.initialValue as { quiz: { questions: unknown[] } }).quiz.questions).toEqual([
      { type: "single", prompt: "First?", options: "a\nb", correct: "1" },
      { type: "single", points: "1" },
    ]);

    const removed = await post({
      ...quiz,
      "quiz.questions[1].prompt": "Second?",
      __intent__: JSON.stringify({ type: "remove", payload: { name: "quiz.questions", index: 0 } }),
    });
    expect((resultOf(removed)!.initialValue as { quiz: { questions: unknown[] } }).quiz.questions).toEqual([
      { prompt: "Second?" },
    ]);

    const kind = await post({ ...quiz, title: "", __intent__: JSON.stringify({ type: "validate", payload: { name: "kind" } }) });
    expect(kind).toMatchObject({ kind: "ok", status: 200 });
    expect(resultOf(kind)!.status).toBeUndefined(); // no messages are shown for an intent

    const preview = await post({ ...quiz, __intent__: JSON.stringify({ type: "validate", payload: { name: "body" } }) });
    expect(preview).toMatchObject({ kind: "ok", status: 200 });
    const html = (preview as { data: { preview: string } }).data.preview;
    expect(html).toContain("<h2>Intro</h2>");
    expect(html).not.toContain("<script>");
    expect(await courseFingerprint(courseId)).toBe(before);
  });

  test("a forged intent is a 400 page", async () => {
    const outcome = await post({ ...quiz, __intent__: "{not json" });
    expect(outcome).toMatchObject({ kind: "thrown", status: 400 });
  });
});

describe("control characters", () => {
  test("in the course fields or a quiz question: a 400 with the field's message, nothing written", async () => {
    const before = await courseFingerprint(courseId);
    const fields = await call(
      authorCourse.action,
      `/author/${courseId}`,
      "owner",
      { courseId },
      { ...FIELDS, intent: "fields", title: "Bad\u0000title" },
    );
    expect(fields).toMatchObject({ kind: "ok", status: 400 });
    expect(resultOf(fields)!.error).toMatchObject({ title: ["reason.request.control_characters"] });
    expect(JSON.stringify(resultOf(fields))).not.toContain("\\u0000");

    const lesson = await call(
      authorLessonNew.action,
      `/author/${courseId}/lessons/new`,
      "owner",
      { courseId },
      {
        module: "module-1",
        slug: "nul",
        kind: "quiz",
        title: "Quiz",
        "quiz.questions[0].type": "single",
        "quiz.questions[0].prompt": "Wh\u0007at?",
        "quiz.questions[0].options": "a\nb",
        "quiz.questions[0].correct": "1",
      },
    );
    expect(lesson).toMatchObject({ kind: "ok", status: 400 });
    expect(resultOf(lesson)!.error).toMatchObject({ "quiz.questions[0].prompt": ["reason.request.control_characters"] });
    expect(await courseFingerprint(courseId)).toBe(before);
  });

  test("in a route parameter: a 400 page, in the loaders and the actions", async () => {
    const bad = "ab\u0000c";
    expect(await call(authorCourse.loader, `/author/ab%00c`, "owner", { courseId: bad })).toMatchObject({
      kind: "thrown",
      status: 400,
    });
    expect(
      await call(authorLesson.loader, `/author/${courseId}/lessons/x%00`, "owner", { courseId, lessonSlug: "x\u0000" }),
    ).toMatchObject({
      kind: "thrown",
      status: 400,
    });
    expect(await call(authorCourse.action, `/author/ab%00c`, "owner", { courseId: bad }, { intent: "submit" })).toMatchObject({
      kind: "thrown",
      status: 400,
    });
  });

  test("in the new-lesson page's ?module=: stripped, the page still opens", async () => {
    const outcome = await call(authorLessonNew.loader, `/author/${courseId}/lessons/new?module=module-1%00`, "owner", {
      courseId,
    });
    expect(outcome).toMatchObject({ kind: "ok", status: 200 });
    expect((outcome as { data: { values: { module: string } } }).data.values.module).toBe("module-1");
  });
});

describe("concurrent requests end with one effect", () => {
  test("four “add module” posts with one slug: one module, one audit row, three 409s on the slug field", async () => {
    const course = await createDraftCourse({ authorId: ids.owner, modules: 1, lessons: 1 });
    const audit = () => prisma.auditEvent.count({ where: { entityId: course.id, action: "course.edited" } });
    const before = await audit();
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        call(
          authorCourse.action,
          `/author/${course.id}`,
          "owner",
          { courseId: course.id },
          { intent: "add-module", slug: "same", title: `Same ${n}`, summary: "" },
        ),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual([302, 409, 409, 409]);
    for (const o of outcomes.filter((o) => o.status === 409))
      expect(resultOf(o)!.error).toEqual({ slug: ["reason.module.slug_taken"] });
    expect(await prisma.module.count({ where: { revision: { courseId: course.id }, slug: "same" } })).toBe(1);
    expect((await audit()) - before).toBe(1);
  });

  test("four “add lesson” posts with one slug: one lesson, one audit row, three 409s on the slug field", async () => {
    const course = await createDraftCourse({ authorId: ids.owner, modules: 1, lessons: 1 });
    const audit = () => prisma.auditEvent.count({ where: { entityId: course.id, action: "course.edited" } });
    const before = await audit();
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        call(
          authorLessonNew.action,
          `/author/${course.id}/lessons/new`,
          "owner",
          { courseId: course.id },
          {
            intent: "save",
            module: "module-1",
            slug: "same",
            kind: "text",
            title: `Same ${n}`,
            body: "",
          },
        ),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual([302, 409, 409, 409]);
    for (const o of outcomes.filter((o) => o.status === 409))
      expect(resultOf(o)!.error).toEqual({ slug: ["reason.lesson.slug_taken"] });
    expect(await prisma.lesson.count({ where: { revision: { courseId: course.id }, slug: "same" } })).toBe(1);
    expect((await audit()) - before).toBe(1);
  });

  test("four first edits of a published course at once: exactly one draft, with every edit in it", async () => {
    const course = await createPublishedCourse({ authorIds: [ids.owner], modules: 1, lessons: 4 });
    const outcomes = await Promise.all(
      course.lessons.map((l, i) =>
        call(
          authorLesson.action,
          `/author/${course.id}/lessons/${l.slug}`,
          "owner",
          { courseId: course.id, lessonSlug: l.slug },
          {
            intent: "save",
            kind: "text",
            title: `Edited ${i}`,
            body: "New",
          },
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([302, 302, 302, 302]);
    const drafts = await prisma.courseRevision.findMany({
      where: { courseId: course.id, status: "draft" },
      select: { id: true },
    });
    expect(drafts).toHaveLength(1);
    const titles = await prisma.lesson.findMany({
      where: { revisionId: drafts[0]!.id },
      orderBy: { position: "asc" },
      select: { title: true },
    });
    expect(titles.map((t) => t.title)).toEqual(["Edited 0", "Edited 1", "Edited 2", "Edited 3"]);
    // Learners still see the published revision.
    const published = await prisma.courseRevision.findFirstOrThrow({
      where: { courseId: course.id, status: "published" },
      include: { lessons: true },
    });
    expect(published.lessons.every((l) => l.title.startsWith("Lesson "))).toBe(true);
  });
});

describe("what one lesson save costs", () => {
  test("a save of a draft's lesson, session included, runs a fixed handful of queries", async () => {
    const course = await createDraftCourse({ authorId: ids.owner, modules: 1, lessons: 3 });
    const save = () =>
      call(
        authorLesson.action,
        `/author/${course.id}/lessons/lesson-2`,
        "owner",
        { courseId: course.id, lessonSlug: "lesson-2" },
        {
          intent: "save",
          kind: "text",
          title: "Counted",
          body: "Body",
        },
      );
    await save(); // the session's first touch is not part of a save
    const before = queryCounter.count;
    const outcome = await save();
    const queries = queryCounter.count - before;
    expect(outcome.status).toBe(302);
    console.info(`one lesson save: ${queries} queries`);
    expect(queries).toBeLessThanOrEqual(9);
  });
});
