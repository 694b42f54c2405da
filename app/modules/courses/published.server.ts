// What other modules may know about courses without reading the courses tables: whether one is open
// for teaching (published and not archived), and how to name and link courses they refer to by id.
// (Written for the learning module's cohorts; the courses module owns this file.)
import type { LessonKind } from "#app/generated/prisma/enums.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { renderMarkdown } from "./markdown.server.ts";

/** True when the course has a published revision and is not archived: cohorts can be opened for it. */
export async function isCoursePublished(courseId: string): Promise<boolean> {
  const course = await prisma.course.findUnique({
    where: { id: courseId },
    select: { publishedRevisionId: true, archivedAt: true },
  });
  return Boolean(course?.publishedRevisionId && !course.archivedAt);
}

export type CourseLabel = { slug: string; title: string | null };

/** Slug and published title of each course (title null when none is published); unknown ids are absent. */
export async function getCourseLabels(courseIds: readonly string[]): Promise<Map<string, CourseLabel>> {
  if (courseIds.length === 0) return new Map();
  const rows = await prisma.course.findMany({
    where: { id: { in: [...new Set(courseIds)] } },
    select: { id: true, slug: true, publishedRevision: { select: { title: true } } },
  });
  return new Map(rows.map((c) => [c.id, { slug: c.slug, title: c.publishedRevision?.title ?? null }]));
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
  modules: Array<{ slug: string; title: string; lessons: OutlineLesson[] }>;
};

/**
 * The outline of one revision (any status: a cohort keeps the revision it opened with): its modules and
 * lessons in order, without bodies. A fixed number of queries whatever the number of lessons.
 */
export async function getRevisionOutline(revisionId: string): Promise<RevisionOutline | null> {
  const revision = await prisma.courseRevision.findUnique({
    where: { id: revisionId },
    select: {
      title: true,
      language: true,
      modules: {
        orderBy: { position: "asc" },
        select: {
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
  return {
    title: revision.title,
    language: revision.language,
    modules: revision.modules.map((m) => ({
      slug: m.slug,
      title: m.title,
      lessons: m.lessons.map(({ contentWarning, ...l }) => ({ ...l, hasContentWarning: Boolean(contentWarning?.trim()) })),
    })),
  };
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
  const lesson = await prisma.lesson.findUnique({
    where: { revisionId_slug: { revisionId, slug } },
    select: { id: true, slug: true, title: true, kind: true, body: true, contentWarning: true, durationMinutes: true },
  });
  if (!lesson) return null;
  const { body, contentWarning, ...rest } = lesson;
  return {
    ...rest,
    contentWarning: contentWarning?.trim() ? contentWarning : null,
    bodyHtml: body.trim() ? renderMarkdown(body) : "",
  };
}

/** Inside the caller's transaction: true when the lesson belongs to the revision (a forged id is false). */
export async function isLessonOfRevision(tx: Tx, revisionId: string, lessonId: string): Promise<boolean> {
  const lesson = await tx.lesson.findFirst({ where: { id: lessonId, revisionId }, select: { id: true } });
  return lesson !== null;
}
