// Courses by state, shared by the seed and the tests (docs/architecture.md). Each is made through the courses
// module's operations, so its state is real: a draft is created and filled by its author, submitted by
// them, published by an admin (or imported, as content files are), and archived by an admin.
import { randomBytes } from "node:crypto";
import { addLesson } from "#app/modules/courses/add-lesson.server.ts";
import { addModule } from "#app/modules/courses/add-module.server.ts";
import { archiveCourse } from "#app/modules/courses/archive-course.server.ts";
import type { ParsedCourse } from "#app/modules/courses/content-parse.server.ts";
import { createCourse } from "#app/modules/courses/create-course.server.ts";
import { importCourses } from "#app/modules/courses/import-courses.server.ts";
import type { LessonContent } from "#app/modules/courses/lesson-mapping.ts";
import { publishCourse } from "#app/modules/courses/publish-course.server.ts";
import { getCourseForReview } from "#app/modules/courses/queries.server.ts";
import { contentHash } from "#app/modules/courses/revision-content.server.ts";
import type { CreateCourseInput, LessonForm } from "#app/modules/courses/schemas.ts";
import { submitCourse } from "#app/modules/courses/submit-course.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator } from "./factories.ts";

export type CourseOptions = {
  slug?: string;
  title?: string;
  subject?: string;
  modules?: number;
  lessons?: number;
};

/** A course's content as content files would give it: `lessons` lessons spread over `modules` modules, every fifth a quiz. */
export function makeParsedCourse(options: CourseOptions = {}): ParsedCourse {
  const slug = options.slug ?? `course-${randomBytes(4).toString("hex")}`;
  const moduleCount = options.modules ?? 3;
  const lessonCount = options.lessons ?? 6;
  const lesson = (i: number): LessonContent & { slug: string } => ({
    slug: `lesson-${i + 1}`,
    kind: i % 5 === 4 ? "quiz" : "text",
    title: `Lesson ${i + 1}`,
    body: `## Lesson ${i + 1}\n\nSome explanation with a worked example.`,
    contentWarning: null,
    transcript: null,
    durationMinutes: null,
    quiz:
      i % 5 === 4
        ? { attemptsAllowed: 3, questions: [{ type: "single", prompt: "2 + 2?", points: 1, options: ["3", "4"], answer: 1 }] }
        : null,
    assignment: null,
  });
  const modules = Array.from({ length: moduleCount }, (_, m) => ({
    slug: `module-${m + 1}`,
    title: `Module ${m + 1}`,
    summary: "",
    lessons: Array.from({ length: lessonCount }, (_, i) => i)
      .filter((i) => Math.min(moduleCount - 1, Math.floor((i * moduleCount) / lessonCount)) === m)
      .map(lesson),
  }));
  const content = {
    fields: {
      title: options.title ?? `Course ${slug}`,
      summary: "A course made by a test factory.",
      description: "Description.",
      subject: options.subject ?? "mathematics",
      level: "introductory" as const,
      language: "en",
      outcomes: ["Solve problems."],
      credits: 5,
      creditUnit: "ECTS" as const,
      studyHours: 130,
      passMark: 60,
      prerequisites: [],
      translationOf: null,
    },
    modules,
  };
  return { slug, ...content, hash: contentHash(content) };
}

/** The editor's valid submission for a lesson's content (what addLesson receives from the form). */
export function lessonFormOf(content: LessonContent): LessonForm {
  const base = { title: content.title, body: content.body, contentWarning: content.contentWarning ?? undefined };
  switch (content.kind) {
    case "text":
      return { kind: "text", ...base };
    case "video":
      return {
        kind: "video",
        ...base,
        transcript: content.transcript ?? undefined,
        durationMinutes: content.durationMinutes ?? undefined,
      };
    case "quiz":
      return { kind: "quiz", ...base, quiz: content.quiz! };
    case "assignment":
      return { kind: "assignment", ...base, assignment: content.assignment! };
  }
}

/** The flat list of a course's lessons with their module, in order. */
function lessonsOf(parsed: ParsedCourse) {
  return parsed.modules.flatMap((m) => m.lessons.map((l) => ({ ...l, module: m.slug })));
}

let factoryAdmin: Promise<Actor> | undefined;
/** The admin who publishes and archives factory courses. */
export function adminActor(): Promise<Actor> {
  factoryAdmin ??= createAdmin({ email: "factory-admin@example.test", displayName: "Factory admin" }).then((a) => actorFor(a.id));
  return factoryAdmin;
}

export type FactoryCourse = Awaited<ReturnType<typeof createDraftCourse>>;

/** A draft course, created and filled by its author (an active educator, made when none is given). */
export async function createDraftCourse(options: CourseOptions & { authorId?: string } = {}) {
  const authorId = options.authorId ?? (await createApprovedEducator()).id;
  const author = await actorFor(authorId);
  const parsed = makeParsedCourse(options);
  const { translationOf: _t, subject, language, ...fields } = parsed.fields;
  const course = await createCourse(author, {
    slug: parsed.slug,
    ...fields,
    subject: subject as CreateCourseInput["subject"],
    language: language as CreateCourseInput["language"],
  });
  for (const m of parsed.modules)
    await addModule(author, { courseId: course.id, slug: m.slug, title: m.title, summary: m.summary });
  for (const l of lessonsOf(parsed))
    await addLesson(author, { courseId: course.id, module: l.module, slug: l.slug, ...lessonFormOf(l) });
  return { ...parsed, id: course.id, author, lessons: lessonsOf(parsed) };
}

/** A course whose draft its author submitted for review. */
export async function createCourseInReview(options: CourseOptions & { authorId?: string; note?: string } = {}) {
  const course = await createDraftCourse(options);
  await submitCourse(course.author, { courseId: course.id, note: options.note });
  return course;
}

/** What an admin's review page shows of a course: the revision id and content hash its publish form posts. */
export async function reviewedVersion(courseId: string, admin?: Actor) {
  const review = await getCourseForReview(admin ?? (await adminActor()), courseId);
  return { revisionId: review.revision!.id, contentHash: review.revision!.contentHash };
}

/**
 * A published course. By default imported (as content files are: the fastest way to a large course, and
 * how the same slug gets a new published revision); with `through: "review"`, written by its author,
 * submitted, and published by an admin from the review page's version.
 */
export async function createPublishedCourse(
  options: CourseOptions & { through: "review"; authorId?: string },
): Promise<FactoryCourse>;
export async function createPublishedCourse(
  options?: CourseOptions & { through?: "import"; authorIds?: string[] },
): Promise<ParsedCourse & { id: string; lessons: FactoryCourse["lessons"] }>;
export async function createPublishedCourse(
  options: CourseOptions & { authorIds?: string[]; through?: "import" | "review"; authorId?: string } = {},
) {
  if (options.through === "review") {
    const course = await createCourseInReview(options);
    await publishCourse(await adminActor(), {
      courseId: course.id,
      ...(await reviewedVersion(course.id)),
      publishReason: "",
      confirm: "yes",
    });
    return course;
  }
  const parsed = makeParsedCourse(options);
  await importCourses(null, { courses: [parsed], coAuthorIds: options.authorIds ?? [] });
  const { id } = await prisma.course.findUniqueOrThrow({ where: { slug: parsed.slug }, select: { id: true } });
  return { ...parsed, id, lessons: lessonsOf(parsed) };
}

/** A course that was published, then archived by an admin. */
export async function createArchivedCourse(options: CourseOptions & { authorIds?: string[] } = {}) {
  const course = await createPublishedCourse(options);
  await archiveCourse(await adminActor(), { courseId: course.id, archiveReason: "Retired by a test factory.", confirm: "yes" });
  return course;
}

/**
 * Everything a course's operations could have written: revisions (status, fields, notes, timestamps),
 * modules and lessons (places and content), co-authors, and the audit rows about it. Two equal
 * fingerprints mean nothing was written.
 */
export async function courseFingerprint(courseId: string) {
  const [course, revisions, modules, lessons, authors, audit] = await Promise.all([
    prisma.course.findUnique({ where: { id: courseId } }),
    prisma.courseRevision.findMany({ where: { courseId }, orderBy: { number: "asc" } }),
    prisma.module.findMany({ where: { revision: { courseId } }, orderBy: [{ revisionId: "asc" }, { position: "asc" }] }),
    prisma.lesson.findMany({
      where: { revision: { courseId } },
      orderBy: [{ revisionId: "asc" }, { position: "asc" }, { slug: "asc" }],
    }),
    prisma.courseAuthor.findMany({ where: { courseId }, orderBy: { userId: "asc" } }),
    prisma.auditEvent.count({ where: { entityId: courseId } }),
  ]);
  return JSON.stringify({ course, revisions, modules, lessons, authors, audit });
}

/** An approved educator whose educator account was then suspended. */
export async function createSuspendedEducator() {
  const educator = await createApprovedEducator();
  await prisma.educatorApplication.update({ where: { userId: educator.id }, data: { suspendedAt: new Date() } });
  return educator;
}
