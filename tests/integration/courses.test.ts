// Courses: content files (errors with file and line, atomic and idempotent import, export round trip),
// authoring rights, the review workflow and revisions, and the catalog's query count.
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import {
  addCoAuthor,
  addLesson,
  addModule,
  createCourse,
  moveItem,
  publicationChecklist,
  reviewCourse,
  submitForReview,
  updateCourseFields,
  updateLesson,
} from "#app/modules/courses/authoring.server.ts";
import { clearCatalogCache, getCatalogVersion, getPublishedCourse, listCatalog } from "#app/modules/courses/catalog.server.ts";
import { exportCourse, importCourses, parseContent, parseCourseDirectory } from "#app/modules/courses/content-files.server.ts";
import { setEducatorSuspended } from "#app/modules/educators/vetting.server.ts";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import { createPublishedCourse, makeParsedCourse } from "#tests/course-factories.ts";
import { createAdmin, createApprovedEducator, createEducatorApplicant, createLearner } from "#tests/factories.ts";

const FIELDS = {
  title: "Intro to Testing",
  summary: "A short course.",
  description: "",
  subject: "computer-science" as const,
  level: "introductory" as const,
  language: "en" as const,
  outcomes: ["Write a test."],
  credits: 2,
  creditUnit: "ECTS" as const,
  studyHours: 55,
  passMark: 60,
  prerequisites: [],
};
const uniqueSlug = (p = "c") => `${p}-${Math.random().toString(36).slice(2, 10)}`;

function tempCourse(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), "waystone-content-"));
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), body);
  }
  return root;
}

const COURSE_MD = (slug: string, extra = "") => `---
title: Test course
slug: ${slug}
summary: A course.
subject: mathematics
level: introductory
language: en
outcomes:
  - Add numbers.
credits: 1
creditUnit: ECTS
studyHours: 27
passMark: 60
modules:
  - slug: basics
    title: Basics
${extra}---
Description.
`;

describe("content files", () => {
  test("the shipped sample content parses without errors", () => {
    const { courses, errors } = parseContent("content");
    expect(errors).toEqual([]);
    expect(courses.map((c) => c.slug).sort()).toEqual([
      "fundamentos-de-programacion",
      "programming-foundations",
      "quantitative-reasoning",
      "web-foundations",
    ]);
    for (const c of courses) {
      expect(c.modules.length).toBeGreaterThanOrEqual(3);
      expect(c.lessons.length).toBeGreaterThanOrEqual(8);
      expect(c.lessons.filter((l) => l.kind === "quiz").length).toBeGreaterThanOrEqual(2);
      expect(c.lessons.filter((l) => l.kind === "assignment").length).toBeGreaterThanOrEqual(1);
    }
    expect(courses.find((c) => c.slug === "fundamentos-de-programacion")?.fields.language).toBe("es");
  });

  test("every error is reported with its file and line", () => {
    const root = tempCourse({
      "courses/broken/course.md": COURSE_MD("broken")
        .replace("studyHours: 27", "studyHours: 900")
        .replace("title: Test course", `title: ${"x".repeat(500)}`),
      "courses/broken/lessons/01-quiz.md": `---
title: Quiz
module: basics
kind: quiz
quiz:
  questions:
    - type: single
      prompt: Which?
      points: 1
      options: [a, b]
      answer: 7
---
`,
      "courses/broken/lessons/02-yaml.md": "---\ntitle: [unclosed\nmodule: basics\n---\n",
      "courses/broken/lessons/03-quiz.md": "---\ntitle: Dup\nmodule: nowhere\nkind: text\n---\nbody\n",
      "courses/broken/lessons/03-other.md": "---\ntitle: Dup number\nmodule: basics\nkind: text\n---\nbody\n",
      "courses/broken/lessons/04-video.md": "---\ntitle: Video\nmodule: basics\nkind: video\n---\nno transcript\n",
    });
    const { errors } = parseContent(root);
    const at = (file: string) => errors.filter((e) => e.file.endsWith(file)).map((e) => `${e.line}: ${e.message}`);
    expect(at("broken/course.md")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^2: title: This is too long/), expect.stringMatching(/^12: studyHours: /)]),
    );
    expect(at("01-quiz.md")).toEqual([expect.stringMatching(/^11: quiz\.questions\.0\.answer: Give the correct answer/)]);
    expect(at("02-yaml.md")[0]).toMatch(/^\d+: YAML: /);
    expect(at("03-quiz.md")).toEqual([
      expect.stringMatching(/^1: Duplicate lesson slug "quiz"/),
      expect.stringMatching(/^1: Duplicate lesson number 03/),
    ]);
    expect(at("03-other.md")).toEqual([]);
    expect(at("04-video.md")).toEqual([expect.stringMatching(/transcript/i)]);
  });

  test("a lesson in a module that course.md does not declare is refused", () => {
    const root = tempCourse({
      "courses/valid/course.md": COURSE_MD("valid"),
      "courses/valid/lessons/01-a.md": "---\ntitle: A\nmodule: basics\nkind: text\n---\nA\n",
      "courses/valid/lessons/02-b.md": "---\ntitle: B\nmodule: nowhere\nkind: text\n---\nB\n",
    });
    const { errors, courses } = parseContent(root);
    expect(courses).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/module "nowhere" is not one of the modules/) }),
    ]);
    expect(errors[0]!.file).toMatch(/02-b\.md$/);
  });

  test("duplicate course slugs across folders and a slug that is not the folder name are refused", () => {
    const root = tempCourse({
      "courses/alpha/course.md": COURSE_MD("beta"),
      "courses/alpha/lessons/01-a.md": "---\ntitle: A\nmodule: basics\nkind: text\n---\nA\n",
    });
    const result = parseCourseDirectory(path.join(root, "courses/alpha"));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]!.message).toMatch(/must equal the folder name/);
  });

  test("import is all or nothing: a failing course rolls back the ones before it", async () => {
    const good = makeParsedCourse({ slug: uniqueSlug("good") });
    const bad = makeParsedCourse({ slug: uniqueSlug("bad") });
    bad.lessons[1]!.slug = bad.lessons[0]!.slug; // violates the unique lesson slug at the database
    await expect(importCourses([good, bad], { actorId: null })).rejects.toThrow();
    expect(await prisma.course.count({ where: { slug: { in: [good.slug, bad.slug] } } })).toBe(0);
  });

  test("import is idempotent and export writes files that re-import to the same course", async () => {
    const { courses } = parseContent("content");
    const pf = courses.find((c) => c.slug === "web-foundations")!;
    const first = await importCourses([pf], { actorId: null });
    expect(first.created + first.unchanged).toBe(1);
    expect(await importCourses([pf], { actorId: null })).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const revisionsBefore = await prisma.courseRevision.count({ where: { course: { slug: pf.slug } } });

    const out = mkdtempSync(path.join(tmpdir(), "waystone-export-"));
    await exportCourse(pf.slug, out);
    const reparsed = parseContent(out);
    expect(reparsed.errors).toEqual([]);
    expect(reparsed.courses[0]!.hash).toBe(pf.hash);
    expect(await importCourses(reparsed.courses, { actorId: null })).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await prisma.courseRevision.count({ where: { course: { slug: pf.slug } } })).toBe(revisionsBefore);

    // A changed file makes a new published revision; the old one is superseded.
    const copy = mkdtempSync(path.join(tmpdir(), "waystone-edit-"));
    cpSync(path.join(out, pf.slug), path.join(copy, pf.slug), { recursive: true });
    const courseFile = path.join(copy, pf.slug, "course.md");
    const { readFileSync } = await import("node:fs");
    writeFileSync(courseFile, readFileSync(courseFile, "utf8").replace("passMark: 60", "passMark: 65"));
    const changed = parseContent(copy);
    expect(await importCourses(changed.courses, { actorId: null })).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const statuses = await prisma.courseRevision.findMany({
      where: { course: { slug: pf.slug } },
      orderBy: { number: "asc" },
      select: { status: true, passMark: true },
    });
    expect(statuses.at(-1)).toEqual({ status: "published", passMark: 65 });
    expect(statuses.at(-2)!.status).toBe("superseded");
  });
});

describe("authoring rights", () => {
  test("only approved, unsuspended educators author; a pending applicant or a learner cannot", async () => {
    const pending = await createEducatorApplicant();
    const learner = await createLearner();
    for (const who of [pending, learner]) {
      await expect(createCourse({ actorId: who.id, slug: uniqueSlug(), fields: FIELDS })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const educator = await createApprovedEducator();
    const admin = await createAdmin();
    const course = await createCourse({ actorId: educator.id, slug: uniqueSlug(), fields: FIELDS });
    await setEducatorSuspended({ actorId: admin.id, userId: educator.id, suspended: true, reason: "test" });
    await expect(updateCourseFields({ actorId: educator.id, courseId: course.id, fields: FIELDS })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await prisma.course.count({ where: { id: course.id } })).toBe(1); // their course stays
  });

  test("an educator cannot edit or reorder another educator's course; a co-author can", async () => {
    const owner = await createApprovedEducator();
    const other = await createApprovedEducator();
    const course = await createCourse({ actorId: owner.id, slug: uniqueSlug(), fields: FIELDS });
    await addModule({ actorId: owner.id, courseId: course.id, slug: "one", title: "One", summary: "" });
    await addLesson({
      actorId: owner.id,
      courseId: course.id,
      moduleSlug: "one",
      slug: "first",
      lesson: { title: "First", kind: "text", body: "A" },
    });
    await addLesson({
      actorId: owner.id,
      courseId: course.id,
      moduleSlug: "one",
      slug: "second",
      lesson: { title: "Second", kind: "text", body: "B" },
    });
    const before = await prisma.auditEvent.count({ where: { entityId: course.id } });

    await expect(
      moveItem({ actorId: other.id, courseId: course.id, item: "lesson", slug: "second", direction: "up" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      updateLesson({
        actorId: other.id,
        courseId: course.id,
        lessonSlug: "first",
        lesson: { title: "Hacked", kind: "text", body: "x" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addCoAuthor({ actorId: other.id, courseId: course.id, email: other.email })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await prisma.auditEvent.count({ where: { entityId: course.id } })).toBe(before);
    expect((await prisma.lesson.findFirstOrThrow({ where: { slug: "first", revision: { courseId: course.id } } })).title).toBe(
      "First",
    );

    await addCoAuthor({ actorId: owner.id, courseId: course.id, email: other.email });
    await moveItem({ actorId: other.id, courseId: course.id, item: "lesson", slug: "second", direction: "up" });
    const order = await prisma.lesson.findMany({
      where: { revision: { courseId: course.id } },
      orderBy: { position: "asc" },
      select: { slug: true },
    });
    expect(order.map((l) => l.slug)).toEqual(["second", "first"]);
  });

  test("a quiz without a correct answer is refused and changes nothing", async () => {
    const owner = await createApprovedEducator();
    const course = await createCourse({ actorId: owner.id, slug: uniqueSlug(), fields: FIELDS });
    await addModule({ actorId: owner.id, courseId: course.id, slug: "m", title: "M", summary: "" });
    const badQuiz = { questions: [{ type: "single", prompt: "?", points: 1, options: ["a", "b"], answer: 9 }] };
    await expect(
      addLesson({
        actorId: owner.id,
        courseId: course.id,
        moduleSlug: "m",
        slug: "q",
        lesson: { title: "Q", kind: "quiz", body: "", quiz: badQuiz },
      }),
    ).rejects.toThrow();
    expect(await prisma.lesson.count({ where: { revision: { courseId: course.id } } })).toBe(0);
  });
});

describe("review workflow and revisions", () => {
  test("draft → in review → published; editing a published course makes a draft that learners do not see", async () => {
    const owner = await createApprovedEducator();
    const admin = await createAdmin();
    const slug = uniqueSlug("rev");
    const course = await createCourse({ actorId: owner.id, slug, fields: FIELDS });
    await addModule({ actorId: owner.id, courseId: course.id, slug: "m", title: "M", summary: "" });
    await addLesson({
      actorId: owner.id,
      courseId: course.id,
      moduleSlug: "m",
      slug: "intro",
      lesson: { title: "Intro", kind: "text", body: "Hello" },
    });
    await addLesson({
      actorId: owner.id,
      courseId: course.id,
      moduleSlug: "m",
      slug: "check",
      lesson: {
        title: "Check",
        kind: "quiz",
        body: "",
        quiz: { questions: [{ type: "numeric", prompt: "1+1", points: 1, answer: 2, tolerance: 0 }] },
      },
    });
    await expect(reviewCourse({ actorId: admin.id, courseId: course.id, decision: "publish", reason: "" })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    ); // not submitted
    await submitForReview({ actorId: owner.id, courseId: course.id, note: "ready" });
    await expect(updateCourseFields({ actorId: owner.id, courseId: course.id, fields: FIELDS })).rejects.toMatchObject({
      code: "CONFLICT",
    }); // in review
    expect(await reviewCourse({ actorId: admin.id, courseId: course.id, decision: "publish", reason: "Looks good" })).toBe(
      "published",
    );
    let page = await getPublishedCourse(slug, await getCatalogVersion());
    expect(page?.title).toBe("Intro to Testing");

    await updateCourseFields({
      actorId: owner.id,
      courseId: course.id,
      fields: { ...FIELDS, title: "Intro to Testing, 2nd edition" },
    });
    page = await getPublishedCourse(slug, await getCatalogVersion());
    expect(page?.title).toBe("Intro to Testing"); // learners still see the published revision
    expect(page?.modules[0]!.lessons.map((l) => l.slug)).toEqual(["intro", "check"]);
    const revisions = await prisma.courseRevision.findMany({
      where: { courseId: course.id },
      orderBy: { number: "asc" },
      select: { number: true, status: true },
    });
    expect(revisions).toEqual([
      { number: 1, status: "published" },
      { number: 2, status: "draft" },
    ]);

    await submitForReview({ actorId: owner.id, courseId: course.id });
    expect(await reviewCourse({ actorId: admin.id, courseId: course.id, decision: "publish", reason: "" })).toBe("published");
    page = await getPublishedCourse(slug, await getCatalogVersion());
    expect(page?.title).toBe("Intro to Testing, 2nd edition");
    const audit = await prisma.auditEvent.findMany({
      where: { entityId: course.id, action: { in: ["course.submitted", "course.published"] } },
      select: { action: true, actorId: true, data: true },
    });
    expect(audit.filter((a) => a.action === "course.published").map((a) => a.actorId)).toEqual([admin.id, admin.id]);
    expect(audit.find((a) => a.action === "course.submitted")?.data).toMatchObject({ why: "ready" });
  });

  test("the checklist blocks publication: a quiz without answers, a video without a transcript", async () => {
    const owner = await createApprovedEducator();
    const admin = await createAdmin();
    const course = await createCourse({ actorId: owner.id, slug: uniqueSlug("chk"), fields: FIELDS });
    await addModule({ actorId: owner.id, courseId: course.id, slug: "m", title: "M", summary: "" });
    await addLesson({
      actorId: owner.id,
      courseId: course.id,
      moduleSlug: "m",
      slug: "v",
      lesson: { title: "Video", kind: "video", body: "", transcript: "" },
    });
    await submitForReview({ actorId: owner.id, courseId: course.id });
    const rev = await prisma.courseRevision.findFirstOrThrow({ where: { courseId: course.id, status: "in_review" } });
    // A quiz stored without answers (e.g. by an older version) is caught too.
    await prisma.lesson.create({
      data: {
        revisionId: rev.id,
        moduleId: (await prisma.module.findFirstOrThrow({ where: { revisionId: rev.id } })).id,
        position: 9,
        slug: "broken-quiz",
        kind: "quiz",
        title: "Q",
        quiz: { questions: [{ type: "single", prompt: "?", points: 1, options: ["a", "b"] }] },
      },
    });
    const checklist = await publicationChecklist(prisma, rev.id);
    expect(checklist.filter((c) => !c.ok).map((c) => [c.key, c.detail])).toEqual([
      ["quiz_answers", "broken-quiz"],
      ["video_transcripts", "v"],
    ]);
    await expect(reviewCourse({ actorId: admin.id, courseId: course.id, decision: "publish", reason: "" })).rejects.toMatchObject(
      { code: "CONFLICT" },
    );
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).publishedRevisionId).toBeNull();
    expect(await reviewCourse({ actorId: admin.id, courseId: course.id, decision: "return", reason: "Add a transcript" })).toBe(
      "returned",
    );
    expect((await prisma.courseRevision.findUniqueOrThrow({ where: { id: rev.id } })).reviewNote).toBe("Add a transcript");
  });
});

describe("catalog", () => {
  test("the course page's query count does not grow with the number of lessons", async () => {
    const small = await createPublishedCourse({ lessons: 3, modules: 1 });
    const large = await createPublishedCourse({ lessons: 60, modules: 6 });
    const version = await getCatalogVersion();
    clearCatalogCache();
    let before = queryCounter.count;
    const a = await getPublishedCourse(small.slug, version);
    const smallQueries = queryCounter.count - before;
    before = queryCounter.count;
    const b = await getPublishedCourse(large.slug, version);
    const largeQueries = queryCounter.count - before;
    expect(a?.modules.flatMap((m) => m.lessons)).toHaveLength(3);
    expect(b?.modules.flatMap((m) => m.lessons)).toHaveLength(60);
    expect(largeQueries).toBe(smallQueries);
    expect(smallQueries).toBeGreaterThan(0);
    // Cached until a course changes: no query at all for the same version.
    before = queryCounter.count;
    await getPublishedCourse(large.slug, version);
    expect(queryCounter.count - before).toBe(0);
  });

  test("search and filters; the version changes when a course is published", async () => {
    const v1 = await getCatalogVersion();
    const slug = uniqueSlug("astro");
    await createPublishedCourse({ slug, title: `Zyxwv astronomy ${slug}`, subject: "physics" });
    const v2 = await getCatalogVersion();
    expect(v2).not.toBe(v1);
    const found = await listCatalog({ q: "zyxwv astronomy" }, v2);
    expect(found.courses.map((c) => c.slug)).toContain(slug);
    expect((await listCatalog({ q: "zyxwv astronomy", subject: "biology" }, v2)).courses).toEqual([]);
    expect(
      (await listCatalog({ q: "zyxwv astronomy", subject: "physics", minCredits: 5, maxCredits: 5 }, v2)).courses.map(
        (c) => c.slug,
      ),
    ).toEqual([slug]);
    expect((await listCatalog({ q: "zyxwv astronomy", minCredits: 6 }, v2)).courses).toEqual([]);
  });
});
