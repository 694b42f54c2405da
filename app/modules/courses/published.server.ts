// What other modules may know about courses without reading the courses tables: whether one is open
// for teaching (published and not archived), and how to name and link courses they refer to by id.
// (Written for the learning module's cohorts; the courses module owns this file.)
import type { LessonKind } from "#app/generated/prisma/enums.ts";
import { prisma, readRows, sql, type Tx } from "#app/utils/db.server.ts";
import { renderMarkdown } from "./markdown.server.ts";
import { AssignmentSchema, QuizSchema, type Assignment, type Quiz } from "./schemas.ts";

/** True when the course has a published revision and is not archived: cohorts can be opened for it. */
export async function isCoursePublished(courseId: string): Promise<boolean> {
  const course = await prisma.course.findUnique({
    where: { id: courseId },
    select: { publishedRevisionId: true, archivedAt: true },
  });
  return Boolean(course?.publishedRevisionId && !course.archivedAt);
}

export type CourseLabel = { slug: string; title: string | null };

// Course labels are read by most signed-in pages (the dashboard, place panels, admin lists). They are kept
// for a few seconds per process; this process forgets them at once when it publishes, imports or
// archives (forgetCourseLabels), another process within LABEL_TTL_MS.
const LABEL_TTL_MS = 5_000;
const LABEL_LIMIT = 2_000;
const recentLabels = new Map<string, { label: CourseLabel; at: number }>();

/** After a change to a course's published revision (publish, import, archive): labels are read afresh. */
export function forgetCourseLabels() {
  recentLabels.clear();
}

/** Slug and published title of each course (title null when none is published); unknown ids are absent. */
export async function getCourseLabels(courseIds: readonly string[]): Promise<Map<string, CourseLabel>> {
  if (courseIds.length === 0) return new Map();
  const now = Date.now();
  const labels = new Map<string, CourseLabel>();
  for (const id of new Set(courseIds)) {
    const kept = recentLabels.get(id);
    if (kept && now - kept.at < LABEL_TTL_MS) labels.set(id, kept.label);
  }
  const ids = [...new Set(courseIds)].filter((id) => !labels.has(id));
  if (ids.length === 0) return labels;
  // One query (many pages name courses): the course and its published revision's title.
  const rows = await readRows<{ id: string; slug: string; title: string | null }>(sql`
    SELECT c.id, c.slug, r.title FROM "Course" c LEFT JOIN "CourseRevision" r ON r.id = c."publishedRevisionId"
    WHERE c.id = ANY(${ids}::text[])`);
  for (const c of rows) {
    const label = { slug: c.slug, title: c.title };
    labels.set(c.id, label);
    recentLabels.delete(c.id);
    recentLabels.set(c.id, { label, at: now });
    if (recentLabels.size > LABEL_LIMIT) recentLabels.delete(recentLabels.keys().next().value as string);
  }
  return labels;
}

/**
 * Inside the caller's transaction: true when the course is published and not archived, and it stays so
 * until that transaction ends (a shared row lock: an archive, which locks the Course row for update,
 * waits for it, and one that committed first is seen). For operations of other modules that depend on
 * the course being open, such as opening a cohort.
 */
export async function holdPublishedCourse(tx: Tx, courseId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Course" WHERE id = ${courseId} AND "publishedRevisionId" IS NOT NULL AND "archivedAt" IS NULL FOR SHARE`;
  return rows.length === 1;
}

export type TeachingRevision = { revisionId: string; language: string };

/**
 * Inside the caller's transaction: the published revision of a published, not archived course (what a
 * new cohort teaches), held like holdPublishedCourse; null when the course is not open.
 */
export async function holdPublishedRevision(tx: Tx, courseId: string): Promise<TeachingRevision | null> {
  if (!(await holdPublishedCourse(tx, courseId))) return null;
  const course = await tx.course.findUnique({
    where: { id: courseId },
    select: { publishedRevision: { select: { id: true, language: true } } },
  });
  const revision = course?.publishedRevision;
  return revision ? { revisionId: revision.id, language: revision.language } : null;
}

/** The ids of the courses a revision names as prerequisites (slugs of courses that no longer exist are dropped). */
export async function getPrerequisiteCourseIds(tx: Tx, revisionId: string): Promise<string[]> {
  const revision = await tx.courseRevision.findUnique({ where: { id: revisionId }, select: { prerequisites: true } });
  if (!revision || revision.prerequisites.length === 0) return [];
  const courses = await tx.course.findMany({ where: { slug: { in: revision.prerequisites } }, select: { id: true } });
  return courses.map((c) => c.id);
}

export type OutlineLesson = { id: string; slug: string; title: string; kind: LessonKind; hasContentWarning: boolean };
export type RevisionOutline = {
  title: string;
  language: string;
  modules: Array<{ id: string; slug: string; title: string; lessons: OutlineLesson[] }>;
};

/**
 * The outline of one revision (any status: a cohort keeps the revision it opened with): its modules and
 * lessons in order, without bodies. A fixed number of queries whatever the number of lessons.
 */
export async function getRevisionOutline(revisionId: string): Promise<RevisionOutline | null> {
  const cached = settled.outlines.get(revisionId);
  if (cached) return cached;
  const revision = await prisma.courseRevision.findUnique({
    where: { id: revisionId },
    select: {
      status: true,
      title: true,
      language: true,
      modules: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          slug: true,
          title: true,
          lessons: {
            orderBy: { position: "asc" },
            select: { id: true, slug: true, title: true, kind: true, contentWarning: true },
          },
        },
      },
    },
  });
  if (!revision) return null;
  const outline: RevisionOutline = {
    title: revision.title,
    language: revision.language,
    modules: revision.modules.map((m) => ({
      id: m.id,
      slug: m.slug,
      title: m.title,
      lessons: m.lessons.map(({ contentWarning, ...l }) => ({ ...l, hasContentWarning: Boolean(contentWarning?.trim()) })),
    })),
  };
  if (isSettled(revision.status)) remember(settled.outlines, revisionId, outline);
  return outline;
}

// Published revisions never change: authoring edits a draft, and publishing a new revision supersedes
// the old one without touching its content (update-lesson, move-item and delete-lesson only act on the
// draft). So their outlines and rendered lessons are kept in memory (bounded, per process), and a
// signed-in lesson page does not query or render them again. Draft and in-review revisions are never kept.
const SETTLED_LIMIT = 500;
const settled = {
  outlines: new Map<string, RevisionOutline>(),
  lessons: new Map<string, RevisionLesson>(),
};
const isSettled = (status: string) => status === "published" || status === "superseded" || status === "archived";

function remember<V>(map: Map<string, V>, key: string, value: V) {
  map.delete(key);
  map.set(key, value);
  if (map.size > SETTLED_LIMIT) map.delete(map.keys().next().value as string);
}

export type RevisionLesson = {
  id: string;
  slug: string;
  title: string;
  kind: LessonKind;
  contentWarning: string | null;
  durationMinutes: number | null;
  /** The body rendered by the sanitising Markdown renderer (empty when the lesson has no body). */
  bodyHtml: string;
};

/** One lesson of a revision by slug, its body rendered sanitised; null when the revision has no such lesson. */
export async function getRevisionLesson(revisionId: string, slug: string): Promise<RevisionLesson | null> {
  const key = `${revisionId}/${slug}`;
  const cached = settled.lessons.get(key);
  if (cached) return cached;
  const lesson = await prisma.lesson.findUnique({
    where: { revisionId_slug: { revisionId, slug } },
    select: {
      id: true,
      slug: true,
      title: true,
      kind: true,
      body: true,
      contentWarning: true,
      durationMinutes: true,
      revision: { select: { status: true } },
    },
  });
  if (!lesson) return null;
  const { body, contentWarning, revision, ...rest } = lesson;
  const rendered: RevisionLesson = {
    ...rest,
    contentWarning: contentWarning?.trim() ? contentWarning : null,
    bodyHtml: body.trim() ? renderMarkdown(body) : "",
  };
  if (isSettled(revision.status)) remember(settled.lessons, key, rendered);
  return rendered;
}

/** Inside the caller's transaction: true when the lesson belongs to the revision (a forged id is false). */
export async function isLessonOfRevision(tx: Tx, revisionId: string, lessonId: string): Promise<boolean> {
  const lesson = await tx.lesson.findFirst({ where: { id: lessonId, revisionId }, select: { id: true } });
  return lesson !== null;
}

export type RevisionQuizLesson = {
  id: string;
  slug: string;
  title: string;
  /** The revision's title and language (the course as its learners see it). */
  courseTitle: string;
  language: string;
  /** The lesson's content warning (null when it has none): the quiz is behind it like the lesson. */
  contentWarning: string | null;
  quiz: Quiz;
};

/**
 * A quiz lesson of a revision, by slug or by id, with its quiz (QuizSchema's output, defaults applied);
 * null when the revision has no such lesson, for another revision's lesson or a forged id, and for a
 * lesson that is not a quiz. Takes the caller's transaction when given. For the learning module's quizzes.
 */
export async function getRevisionQuizLesson(
  revisionId: string,
  lesson: { slug: string } | { id: string },
  db: Tx = prisma,
): Promise<RevisionQuizLesson | null> {
  const row = await db.lesson.findFirst({
    where: { revisionId, kind: "quiz", ...("id" in lesson ? { id: lesson.id } : { slug: lesson.slug }) },
    select: {
      id: true,
      slug: true,
      title: true,
      quiz: true,
      contentWarning: true,
      revision: { select: { title: true, language: true } },
    },
  });
  if (!row || row.quiz === null) return null;
  // Stored quizzes were validated when written; a quiz that no longer parses is a programming error.
  const quiz = QuizSchema.parse(row.quiz);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    courseTitle: row.revision.title,
    language: row.revision.language,
    contentWarning: row.contentWarning?.trim() ? row.contentWarning : null,
    quiz,
  };
}

export type RevisionAssignmentLesson = {
  id: string;
  slug: string;
  title: string;
  courseTitle: string;
  language: string;
  /** The brief, rendered by the sanitising Markdown renderer (empty without a body). */
  bodyHtml: string;
  assignment: Assignment;
};

/**
 * An assignment lesson of a revision, by slug or by id, with its assignment (AssignmentSchema's output)
 * and its brief rendered; null for another revision's lesson, a forged id or a lesson that is not an
 * assignment. Takes the caller's transaction when given. For the learning module's submissions.
 */
export async function getRevisionAssignmentLesson(
  revisionId: string,
  lesson: { slug: string } | { id: string },
  db: Tx = prisma,
  options: { body?: boolean } = {},
): Promise<RevisionAssignmentLesson | null> {
  const row = await db.lesson.findFirst({
    where: { revisionId, kind: "assignment", ...("id" in lesson ? { id: lesson.id } : { slug: lesson.slug }) },
    select: {
      id: true,
      slug: true,
      title: true,
      body: options.body ?? true,
      assignment: true,
      revision: { select: { title: true, language: true } },
    },
  });
  if (!row || row.assignment === null) return null;
  // Stored assignments were validated when written; one that no longer parses is a programming error.
  const assignment = AssignmentSchema.parse(row.assignment);
  const body = typeof row.body === "string" ? row.body : "";
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    courseTitle: row.revision.title,
    language: row.revision.language,
    bodyHtml: body.trim() ? renderMarkdown(body) : "",
    assignment,
  };
}

/** Titles and assignments of these assignment lessons by id, with their course's title and language (one query). */
export async function getAssignmentLessons(
  lessonIds: readonly string[],
): Promise<Map<string, Omit<RevisionAssignmentLesson, "bodyHtml">>> {
  const wanted = [...new Set(lessonIds)];
  if (wanted.length === 0) return new Map();
  const rows = await prisma.lesson.findMany({
    where: { id: { in: wanted }, kind: "assignment" },
    select: { id: true, slug: true, title: true, assignment: true, revision: { select: { title: true, language: true } } },
  });
  return new Map(
    rows
      .filter((r) => r.assignment !== null)
      .map((r) => [
        r.id,
        {
          id: r.id,
          slug: r.slug,
          title: r.title,
          courseTitle: r.revision.title,
          language: r.revision.language,
          assignment: AssignmentSchema.parse(r.assignment),
        },
      ]),
  );
}
