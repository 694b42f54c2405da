// The one lesson shape: stored JSON is validated when read, the editor's values parse back to the same
// content, and copying a revision copies every Lesson column (listed from the generated client, so a
// column added later cannot be dropped silently).
import { describe, expect, test } from "vitest";
import { Prisma } from "#app/generated/prisma/client.ts";
import { parseSubmission } from "#app/utils/forms.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { makeParsedCourse } from "#tests/course-factories.ts";
import { createApprovedEducator } from "#tests/factories.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { importCourses } from "./import-courses.server.ts";
import { lessonFormValues, lessonFromForm, parseAssignment, parseQuiz, type LessonContent } from "./lesson-mapping.ts";
import { LessonFormSchema } from "./schemas.ts";
import { updateCourseFields } from "./update-course-fields.server.ts";

const base = {
  body: "Some **text**.",
  contentWarning: null,
  transcript: null,
  durationMinutes: null,
  quiz: null,
  assignment: null,
};
const LESSONS: Array<LessonContent & { slug: string }> = [
  { slug: "reading", kind: "text", title: "Reading", ...base, contentWarning: "Mentions of violence." },
  { slug: "film", kind: "video", title: "Film", ...base, transcript: "Every word said.", durationMinutes: 12 },
  {
    slug: "check",
    kind: "quiz",
    title: "Check",
    ...base,
    quiz: {
      attemptsAllowed: 2,
      questions: [
        { type: "single", prompt: "One?", points: 1, options: ["a", "b", "c"], answer: 2, explanation: "Because." },
        { type: "multiple", prompt: "Several?", points: 2.5, options: ["a", "b", "c"], answers: [0, 2] },
        { type: "numeric", prompt: "7 / 2?", points: 1, answer: 3.5, tolerance: 0.01 },
        { type: "text", prompt: "Name?", points: 1, accepted: ["len", "len()"] },
      ],
    },
  },
  {
    slug: "task",
    kind: "assignment",
    title: "Task",
    ...base,
    assignment: {
      rubric: [
        { criterion: "It runs.", points: 4 },
        { criterion: "It is clear.", points: 1.5 },
      ],
      fileTypes: [".py", ".pdf"],
      maxSizeMb: 5,
    },
  },
  {
    slug: "rules",
    kind: "quiz",
    title: "Grading rules",
    ...base,
    quiz: {
      attemptsAllowed: 1,
      keep: "latest",
      showAnswers: "after_due",
      questions: [
        {
          type: "multiple",
          prompt: "Several?",
          points: 3,
          options: ["a", "b", "c"],
          answers: [0, 1],
          partialCredit: "per_option",
        },
        { type: "numeric", prompt: "Speed?", points: 1, answer: 200, tolerance: 0.05, toleranceKind: "relative" },
        { type: "numeric", prompt: "Exact?", points: 1, answer: 2, tolerance: 0.5, toleranceKind: "exact" },
        { type: "numeric", prompt: "Zero?", points: 1, answer: 0, tolerance: 0 },
      ],
    },
  },
];

/** A nested value as the form fields a browser would post (`quiz.questions[0].prompt`). */
function formFields(value: unknown, prefix = ""): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => formFields(v, `${prefix}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => formFields(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, String(value ?? "")]];
}

describe("stored quizzes and assignments are validated when read", () => {
  test("a value that does not fit is null, never a cast", () => {
    expect(parseQuiz({ questions: [{ type: "single", prompt: "?", points: 1, options: ["a", "b"] }] })).toBeNull();
    expect(parseQuiz("not json at all")).toBeNull();
    expect(parseAssignment({ rubric: [], fileTypes: [".pdf"], maxSizeMb: 5 })).toBeNull();
    expect(parseQuiz(LESSONS[2]!.quiz)).toEqual(LESSONS[2]!.quiz);
    expect(parseAssignment(LESSONS[3]!.assignment)).toEqual(LESSONS[3]!.assignment);
  });
});

describe("the editor's values", () => {
  test.each(LESSONS.map((l) => [l.kind, l] as const))("of a %s lesson parse back to the same lesson", (_kind, lesson) => {
    const { slug: _slug, ...content } = lesson;
    const form = new FormData();
    for (const [name, value] of formFields(lessonFormValues(content))) form.append(name, value);
    const submission = parseSubmission(form, LessonFormSchema);
    expect(submission.status, JSON.stringify(submission.reply().error)).toBe("success");
    if (submission.status === "success") expect(lessonFromForm(submission.value)).toEqual(content);
  });
});

describe("copying a revision", () => {
  test("the draft copy of a published course has every Lesson column of the published one", async () => {
    const educator = await createApprovedEducator();
    const parsed = makeParsedCourse({ modules: 2, lessons: 0 });
    parsed.modules[0]!.lessons = LESSONS.slice(0, 2);
    parsed.modules[1]!.lessons = LESSONS.slice(2);
    await importCourses(null, { courses: [parsed], coAuthorIds: [educator.id] });
    const course = await prisma.course.findUniqueOrThrow({ where: { slug: parsed.slug }, select: { id: true } });
    // The first edit of a published course copies its revision.
    const { translationOf: _t, ...fields } = parsed.fields;
    await updateCourseFields(await actorFor(educator.id), {
      courseId: course.id,
      ...fields,
      subject: "mathematics",
      language: "en",
      title: "Copied",
    });
    const [published, draft] = await prisma.courseRevision.findMany({
      where: { courseId: course.id },
      orderBy: { number: "asc" },
      include: { lessons: { orderBy: { slug: "asc" }, include: { module: { select: { slug: true } } } }, modules: true },
    });
    expect(draft!.status).toBe("draft");

    const identity = new Set(["id", "revisionId", "moduleId", "createdAt", "updatedAt"]);
    const columns = Object.values(Prisma.LessonScalarFieldEnum).filter((c) => !identity.has(c));
    // Not vacuous: every content and place column is among those compared.
    expect(columns).toEqual(
      expect.arrayContaining([
        "position",
        "slug",
        "kind",
        "title",
        "body",
        "contentWarning",
        "transcript",
        "durationMinutes",
        "quiz",
        "assignment",
      ]),
    );
    const pick = (l: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, l[c]]));
    expect(draft!.lessons.map(pick)).toEqual(published!.lessons.map(pick));
    expect(draft!.lessons).toHaveLength(LESSONS.length);
    // Each lesson sits in the copy of its module, in the draft.
    expect(draft!.lessons.map((l) => [l.slug, l.module.slug])).toEqual(published!.lessons.map((l) => [l.slug, l.module.slug]));
    expect(new Set(draft!.lessons.map((l) => l.moduleId))).toEqual(new Set(draft!.modules.map((m) => m.id)));
    expect(draft!.lessons.every((l) => l.revisionId === draft!.id)).toBe(true);
  });
});
