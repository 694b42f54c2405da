// Courses as files: every error with its file and line, an import that is all or nothing and idempotent,
// an export that re-imports to the same course, and who may import (an admin, or the content command).
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { courseFingerprint, createPublishedCourse, createSuspendedEducator, makeParsedCourse } from "#tests/course-factories.ts";
import { createAdmin, createApprovedEducator } from "#tests/factories.ts";
import { parseContent, parseCourseDirectory } from "./content-parse.server.ts";
import { exportCourse } from "./export-course.server.ts";
import { importCourses } from "./import-courses.server.ts";

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
      const lessons = c.modules.flatMap((m) => m.lessons);
      expect(lessons.length).toBeGreaterThanOrEqual(8);
      expect(lessons.filter((l) => l.kind === "quiz").length).toBeGreaterThanOrEqual(2);
      expect(lessons.filter((l) => l.kind === "assignment").length).toBeGreaterThanOrEqual(1);
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
    bad.modules[1]!.lessons[0]!.slug = bad.modules[0]!.lessons[0]!.slug; // violates the unique lesson slug at the database
    await expect(importCourses(null, { courses: [good, bad] })).rejects.toThrow();
    expect(await prisma.course.count({ where: { slug: { in: [good.slug, bad.slug] } } })).toBe(0);
  });

  test("import is idempotent and export writes files that re-import to the same course", async () => {
    const { courses } = parseContent("content");
    const pf = courses.find((c) => c.slug === "web-foundations")!;
    const first = await importCourses(null, { courses: [pf] });
    expect(first.created + first.unchanged).toBe(1);
    expect(await importCourses(null, { courses: [pf] })).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const revisionsBefore = await prisma.courseRevision.count({ where: { course: { slug: pf.slug } } });

    const out = mkdtempSync(path.join(tmpdir(), "waystone-export-"));
    await exportCourse(null, pf.slug, out);
    const reparsed = parseContent(out);
    expect(reparsed.errors).toEqual([]);
    expect(reparsed.courses[0]!.hash).toBe(pf.hash);
    expect(await importCourses(null, { courses: reparsed.courses })).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await prisma.courseRevision.count({ where: { course: { slug: pf.slug } } })).toBe(revisionsBefore);

    // A changed file makes a new published revision; the old one is superseded.
    const copy = mkdtempSync(path.join(tmpdir(), "waystone-edit-"));
    cpSync(path.join(out, pf.slug), path.join(copy, pf.slug), { recursive: true });
    const courseFile = path.join(copy, pf.slug, "course.md");
    writeFileSync(courseFile, readFileSync(courseFile, "utf8").replace("passMark: 60", "passMark: 65"));
    const changed = parseContent(copy);
    expect(await importCourses(null, { courses: changed.courses })).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const statuses = await prisma.courseRevision.findMany({
      where: { course: { slug: pf.slug } },
      orderBy: { number: "asc" },
      select: { status: true, passMark: true },
    });
    expect(statuses.at(-1)).toEqual({ status: "published", passMark: 65 });
    expect(statuses.at(-2)!.status).toBe("superseded");
  });

  test("the optional grading fields of a quiz (issue 8) import, export and re-import unchanged", async () => {
    const slug = uniqueSlug("grading");
    const root = tempCourse({
      [`courses/${slug}/course.md`]: COURSE_MD(slug),
      [`courses/${slug}/lessons/01-quiz.md`]: `---
title: Quiz
module: basics
kind: quiz
quiz:
  attemptsAllowed: 2
  keep: latest
  showAnswers: after_due
  questions:
    - type: numeric
      prompt: Distance?
      points: 1
      answer: 200
      tolerance: 0.05
      toleranceKind: relative
    - type: multiple
      prompt: Which?
      points: 2
      options: [a, b, c]
      answers: [0, 2]
      partialCredit: per_option
    - type: numeric
      prompt: Legacy?
      points: 1
      answer: 3.5
      tolerance: 0.01
---
Intro.
`,
    });
    const parsed = parseContent(root);
    expect(parsed.errors).toEqual([]);
    const quiz = parsed.courses[0]!.modules[0]!.lessons[0]!.quiz!;
    expect(quiz).toMatchObject({ attemptsAllowed: 2, keep: "latest", showAnswers: "after_due" });
    expect(quiz.questions[0]).toMatchObject({ tolerance: 0.05, toleranceKind: "relative" });
    expect(quiz.questions[1]).toMatchObject({ partialCredit: "per_option" });
    expect(quiz.questions[2]).not.toHaveProperty("toleranceKind");

    expect(await importCourses(null, { courses: parsed.courses })).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const out = mkdtempSync(path.join(tmpdir(), "waystone-export-"));
    await exportCourse(null, slug, out);
    const reparsed = parseContent(out);
    expect(reparsed.errors).toEqual([]);
    expect(reparsed.courses[0]!.modules[0]!.lessons[0]!.quiz).toEqual(quiz);
    expect(reparsed.courses[0]!.hash).toBe(parsed.courses[0]!.hash);
    expect(await importCourses(null, { courses: reparsed.courses })).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  test("a quiz with a relative tolerance above 100 % or an unknown rule is refused with its line", () => {
    const root = tempCourse({
      "courses/rules/course.md": COURSE_MD("rules"),
      "courses/rules/lessons/01-quiz.md": `---
title: Quiz
module: basics
kind: quiz
quiz:
  keep: best
  questions:
    - type: numeric
      prompt: Distance?
      points: 1
      answer: 200
      tolerance: 2
      toleranceKind: relative
---
`,
    });
    const messages = parseContent(root).errors.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^quiz\.keep: /), expect.stringMatching(/^quiz\.questions\.0\.tolerance: /)]),
    );
  });
});

describe("importCourses: who may import", () => {
  test("an educator cannot import (nor change a published course by importing); nothing is written", async () => {
    const existing = await createPublishedCourse();
    const before = await courseFingerprint(existing.id);
    const educator = await actorFor((await createApprovedEducator()).id);
    const fresh = makeParsedCourse({ slug: uniqueSlug("nope") });
    const changed = { ...makeParsedCourse({ slug: existing.slug }), hash: "" };
    // Rows by this actor: other test files write audit rows on the shared PostgreSQL database meanwhile.
    const byActor = { where: { actorId: educator.id } };
    const audit = await prisma.auditEvent.count(byActor);
    await expect(importCourses(educator, { courses: [fresh, changed] })).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await prisma.course.count({ where: { slug: fresh.slug } })).toBe(0);
    expect(await courseFingerprint(existing.id)).toBe(before);
    expect(await prisma.auditEvent.count(byActor)).toBe(audit);
  });

  test("an admin imports with co-authors: only active educators become co-authors, once", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createApprovedEducator();
    const suspended = await createSuspendedEducator();
    const parsed = makeParsedCourse({ slug: uniqueSlug("with-authors") });
    const input = { courses: [parsed], coAuthorIds: [educator.id, suspended.id] };
    expect(await importCourses(admin, input)).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(await importCourses(admin, input)).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const course = await prisma.course.findUniqueOrThrow({ where: { slug: parsed.slug }, select: { id: true, authors: true } });
    expect(course.authors.map((a) => a.userId)).toEqual([educator.id]);
    expect(await prisma.auditEvent.count({ where: { entityId: course.id, action: "course.coauthor_added" } })).toBe(1);
    expect(await prisma.auditEvent.findFirst({ where: { entityId: course.id, action: "course.imported" } })).toMatchObject({
      actorId: admin.id,
    });
  });

  test("the hash is the import's own: content changed under an old hash still makes a new revision", async () => {
    const parsed = makeParsedCourse({ slug: uniqueSlug("rehash") });
    await importCourses(null, { courses: [parsed] });
    const stale = { ...parsed, fields: { ...parsed.fields, title: "Changed title" } }; // same `hash` field
    expect(await importCourses(null, { courses: [stale] })).toEqual({ created: 0, updated: 1, unchanged: 0 });
  });
});
