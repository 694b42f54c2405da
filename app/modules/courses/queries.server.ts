// Reads of the courses module. Page reads take the actor and check their own read permission (an author
// page: an active educator who co-authors the course; a review page: an admin), so a route cannot forget
// it. Educators' names come from identity (getDisplayNames), their status from educators: this module
// reads only Course, CourseAuthor, CourseRevision, Module and Lesson.
import { prisma, readRows, sql } from "#app/utils/db.server.ts";
import { invariant } from "#app/utils/errors.ts";
import { getEducatorStatus, requireActiveEducator, type EducatorStatus } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { getDisplayNames, getDisplayNamesVersion } from "#app/modules/identity/queries.server.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { cached } from "./catalog-cache.server.ts";
import { LESSON_CONTENT_SELECT, lessonFormValues, lessonFromRow } from "./lesson-mapping.ts";
import { renderMarkdown } from "./markdown.server.ts";
import { COURSE_FIELDS, contentHash, publicationChecklist, readRevisionContent } from "./revision-content.server.ts";
import type { CatalogFilters } from "./schemas.ts";

export { anonymousCatalogHeaders, clearCatalogCache, etagFor } from "./catalog-cache.server.ts";
export { parseCatalogQuery } from "./schemas.ts";
export type { ChecklistItem } from "./revision-content.server.ts";

// ---------------------------------------------------------------------------------------------------
// The public catalog

/**
 * Changes whenever what the catalog and course pages show may have changed: a course created,
 * published, re-imported or archived (Course), a co-author added or removed (CourseAuthor), or a
 * display name of an educator changed (identity's getDisplayNamesVersion). Two
 * cheap queries; the HTML cache in front of these pages is keyed by it.
 */
export async function getCatalogVersion(): Promise<string> {
  const [[row], names] = await Promise.all([
    readRows<{ courses: string; authors: string }>(sql`
      SELECT
        (SELECT coalesce(to_char(max("updatedAt"), 'YYYYMMDDHH24MISSUS'), '0') || '-' || count(*)::text FROM "Course") AS courses,
        (SELECT coalesce(to_char(greatest(max("createdAt"), max("updatedAt")), 'YYYYMMDDHH24MISSUS'), '0') || '-' || count(*)::text
           FROM "CourseAuthor") AS authors`),
    getDisplayNamesVersion(),
  ]);
  return `${row?.courses ?? "0"}.${row?.authors ?? "0"}.${names}`;
}

export const CATALOG_PAGE_SIZE = 30;

/** Published, not archived courses matching the filters (served by @@index([status, subject, level, language])). */
export async function listCatalog(filters: CatalogFilters, version: string) {
  const key = `list:${JSON.stringify(filters)}`;
  return cached(key, version, async () => {
    const q = filters.q?.trim();
    const rows = await prisma.courseRevision.findMany({
      where: {
        status: "published",
        publishedOf: { archivedAt: null },
        ...(filters.subject ? { subject: filters.subject } : {}),
        ...(filters.level ? { level: filters.level } : {}),
        ...(filters.language ? { language: filters.language } : {}),
        ...(filters.minCredits !== undefined || filters.maxCredits !== undefined
          ? {
              credits: {
                ...(filters.minCredits !== undefined ? { gte: filters.minCredits } : {}),
                ...(filters.maxCredits !== undefined ? { lte: filters.maxCredits } : {}),
              },
            }
          : {}),
        ...(q
          ? {
              OR: [
                { title: { contains: q, mode: "insensitive" as const } },
                { summary: { contains: q, mode: "insensitive" as const } },
                { outcomes: { has: q } },
              ],
            }
          : {}),
      },
      orderBy: [{ title: "asc" }],
      take: CATALOG_PAGE_SIZE + 1,
      select: {
        title: true,
        summary: true,
        subject: true,
        level: true,
        language: true,
        credits: true,
        creditUnit: true,
        studyHours: true,
        course: { select: { slug: true } },
      },
    });
    return {
      courses: rows.slice(0, CATALOG_PAGE_SIZE).map(({ course, ...r }) => ({ slug: course.slug, ...r })),
      more: rows.length > CATALOG_PAGE_SIZE,
    };
  });
}

/**
 * A published course with its modules, lesson titles and educators. A fixed number of queries
 * whatever the number of lessons; a test asserts it.
 */
export async function getPublishedCourse(slug: string, version: string) {
  return cached(`course:${slug}`, version, async () => {
    const course = await prisma.course.findUnique({
      where: { slug },
      select: {
        id: true,
        slug: true,
        archivedAt: true,
        authors: { orderBy: { createdAt: "asc" }, select: { userId: true } },
        publishedRevision: {
          select: {
            ...COURSE_FIELDS,
            modules: {
              orderBy: { position: "asc" },
              select: {
                slug: true,
                title: true,
                summary: true,
                lessons: { orderBy: { position: "asc" }, select: { slug: true, title: true, kind: true } },
              },
            },
          },
        },
      },
    });
    if (!course || course.archivedAt || !course.publishedRevision) return null;
    const authorIds = course.authors.map((a) => a.userId);
    const [names, prerequisites] = await Promise.all([
      getDisplayNames(authorIds),
      course.publishedRevision.prerequisites.length
        ? prisma.course.findMany({
            where: { slug: { in: course.publishedRevision.prerequisites } },
            select: { slug: true, publishedRevision: { select: { title: true } } },
          })
        : Promise.resolve([]),
    ]);
    return {
      // The course's id, for the learner's place request form (not secret: forms and admin pages carry it).
      courseId: course.id,
      slug: course.slug,
      ...course.publishedRevision,
      educators: authorIds.flatMap((id) => names.get(id) ?? []),
      prerequisites: prerequisites.map((p) => ({ slug: p.slug, title: p.publishedRevision?.title ?? p.slug })),
    };
  });
}

/** A course page: the published course with its description rendered (sanitised) once per catalog version. */
export async function getCoursePage(slug: string, version: string) {
  const course = await getPublishedCourse(slug, version);
  if (!course) return null;
  return cached(`page:${slug}`, version, async () => {
    const { description, ...rest } = course;
    return { ...rest, descriptionHtml: description.trim() ? renderMarkdown(description) : "" };
  });
}

/** Published, not archived courses, for the cohort form. */
export async function listPublishedCourseOptions() {
  const rows = await prisma.course.findMany({
    where: { publishedRevisionId: { not: null }, archivedAt: null },
    orderBy: { slug: "asc" },
    select: { id: true, slug: true, publishedRevision: { select: { title: true } } },
  });
  return rows.map((c) => ({ id: c.id, slug: c.slug, title: c.publishedRevision?.title ?? c.slug }));
}

// ---------------------------------------------------------------------------------------------------
// Authoring (active educators, on the courses they co-author)

/** The authoring dashboard: why the educator may not author yet, or the courses they co-author. */
export async function getAuthoringDashboard(actor: Actor) {
  requirePermission(actor, "read:course:own");
  const eligibility: EducatorStatus = await getEducatorStatus(actor.id);
  if (eligibility !== "approved") return { eligibility, courses: [] };
  const courses = await prisma.course.findMany({
    where: { authors: { some: { userId: actor.id } } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      slug: true,
      archivedAt: true,
      publishedRevisionId: true,
      revisions: { orderBy: { number: "desc" }, take: 1, select: { status: true, title: true, reviewNote: true } },
    },
  });
  return {
    eligibility,
    courses: courses.map((c) => {
      const latest = c.revisions[0];
      return {
        id: c.id,
        slug: c.slug,
        title: latest?.title ?? c.slug,
        status: c.archivedAt ? "archived" : (latest?.status ?? "draft"),
        live: Boolean(c.publishedRevisionId) && !c.archivedAt,
        // The admin's note is shown when a submission came back to draft (the author's own note is in review).
        note: latest?.status === "draft" || latest?.status === "published" ? latest.reviewNote : null,
      };
    }),
  };
}

export type AuthoringState = "draft" | "in_review" | "published" | "archived";

/** A course the actor co-authors (404 otherwise), with the revision its pages show: the open draft, else the published one. */
async function authoredCourse(actor: Actor, courseId: string) {
  await requireActiveEducator(actor);
  const course = await prisma.course.findFirst({
    where: { id: courseId, authors: { some: { userId: actor.id } } },
    select: {
      id: true,
      slug: true,
      archivedAt: true,
      authors: { orderBy: { createdAt: "asc" }, select: { userId: true } },
      publishedRevision: { select: { id: true, number: true, status: true, title: true, reviewNote: true } },
    },
  });
  invariant(course);
  const open = await prisma.courseRevision.findFirst({
    where: { courseId: course.id, status: { in: ["draft", "in_review"] } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, status: true, title: true, reviewNote: true },
  });
  const shown = open ?? course.publishedRevision;
  invariant(shown);
  const state: AuthoringState = course.archivedAt
    ? "archived"
    : open?.status === "in_review"
      ? "in_review"
      : open
        ? "draft"
        : "published";
  // Editing is possible on a draft, and on a published course (the first edit makes a draft copy).
  return { course, shown, state, editable: state === "draft" || state === "published" };
}

/** The course fields of a revision as the course form's values (outcomes one per line, prerequisites with commas). */
function courseFieldValues(f: {
  title: string;
  summary: string;
  description: string;
  subject: string;
  level: string;
  language: string;
  outcomes: string[];
  credits: number;
  creditUnit: string;
  studyHours: number;
  passMark: number;
  prerequisites: string[];
  translationOf: string | null;
}) {
  return {
    ...f,
    outcomes: f.outcomes.join("\n"),
    credits: String(f.credits),
    studyHours: String(f.studyHours),
    passMark: String(f.passMark),
    prerequisites: f.prerequisites.join(", "),
    translationOf: f.translationOf ?? "",
  };
}

/** The course page of authoring: structure, state, checklist, details form values and co-authors. */
export async function getAuthorCourse(actor: Actor, courseId: string) {
  const { course, shown, state, editable } = await authoredCourse(actor, courseId);
  const [content, names] = await Promise.all([
    readRevisionContent(prisma, shown.id),
    getDisplayNames(course.authors.map((a) => a.userId)),
  ]);
  invariant(content);
  return {
    course: { id: course.id, slug: course.slug, title: shown.title },
    state,
    editable,
    revision: shown.number,
    publishedRevision: course.publishedRevision?.number ?? null,
    reviewNote: shown.reviewNote,
    values: courseFieldValues(content.fields),
    modules: content.modules.map((m) => ({
      slug: m.slug,
      title: m.title,
      summary: m.summary,
      lessons: m.lessons.map((l) => ({ slug: l.slug, title: l.title, kind: l.kind })),
    })),
    authors: course.authors.map((a) => ({ id: a.userId, displayName: names.get(a.userId) ?? "—" })),
    checklist: publicationChecklist(content),
  };
}

/** The new-lesson editor: the modules to choose from (the one asked for chosen). */
export async function getNewLessonPage(actor: Actor, courseId: string, wantedModule: string | null) {
  const { course, shown, state, editable } = await authoredCourse(actor, courseId);
  const modules = await prisma.module.findMany({
    where: { revisionId: shown.id },
    orderBy: { position: "asc" },
    select: { slug: true, title: true },
  });
  const module = modules.find((m) => m.slug === wantedModule)?.slug ?? "";
  return {
    course: { id: course.id, title: shown.title },
    modules,
    editable,
    locked: state === "archived" ? ("archived" as const) : ("in_review" as const),
    values: lessonFormValues(null, { module, slug: "" }),
  };
}

/** One lesson of the shown revision in the editor's shape (404 when the revision has no such lesson). */
export async function getLessonEditor(actor: Actor, courseId: string, lessonSlug: string) {
  const { course, shown, state, editable } = await authoredCourse(actor, courseId);
  const lesson = await prisma.lesson.findUnique({
    where: { revisionId_slug: { revisionId: shown.id, slug: lessonSlug } },
    select: { slug: true, ...LESSON_CONTENT_SELECT, module: { select: { title: true } } },
  });
  invariant(lesson);
  const { slug, module, ...row } = lesson;
  return {
    course: { id: course.id, title: shown.title },
    lesson: { slug, title: row.title, moduleTitle: module.title },
    editable,
    locked: state === "archived" ? ("archived" as const) : ("in_review" as const),
    values: lessonFormValues(lessonFromRow(row)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Review (admins)

/** Courses waiting for review (oldest first), then every course with its state. */
export async function getAdminCourses(actor: Actor) {
  requirePermission(actor, "read:course:any");
  const [queue, rows] = await Promise.all([
    prisma.courseRevision.findMany({
      where: { status: "in_review" },
      orderBy: { submittedAt: "asc" },
      select: {
        id: true,
        courseId: true,
        number: true,
        title: true,
        submittedAt: true,
        reviewNote: true,
        course: { select: { publishedRevisionId: true } },
      },
    }),
    prisma.course.findMany({
      orderBy: { createdAt: "desc" },
      take: 300,
      select: {
        id: true,
        slug: true,
        archivedAt: true,
        publishedRevision: { select: { number: true, title: true } },
        revisions: { orderBy: { number: "desc" }, take: 1, select: { number: true, status: true, title: true } },
      },
    }),
  ]);
  return {
    queue: queue.map(({ course, ...r }) => ({ ...r, isUpdate: Boolean(course.publishedRevisionId) })),
    courses: rows.map((c) => {
      const latest = c.revisions[0];
      const state = c.archivedAt
        ? "archived"
        : latest?.status === "in_review"
          ? "in_review"
          : c.publishedRevision
            ? "published"
            : "draft";
      return {
        id: c.id,
        slug: c.slug,
        title: latest?.title ?? c.publishedRevision?.title ?? c.slug,
        state,
        latestNumber: latest?.number ?? null,
        publishedNumber: c.publishedRevision?.number ?? null,
      };
    }),
  };
}

/**
 * What a reviewer reads: the revision in review (or, when there is none, the published or latest one),
 * every lesson's body rendered, quizzes and rubrics with their answers, the checklist, and the hash of
 * exactly this content, which the publish form posts back. Admins only.
 */
export async function getCourseForReview(actor: Actor, courseId: string) {
  requirePermission(actor, "read:course:any");
  const course = await prisma.course.findUnique({
    where: { id: courseId },
    select: {
      id: true,
      slug: true,
      archivedAt: true,
      publishedRevisionId: true,
      authors: { orderBy: { createdAt: "asc" }, select: { userId: true } },
      revisions: {
        where: { status: "in_review" },
        take: 1,
        select: { id: true },
      },
    },
  });
  invariant(course);
  const latest =
    course.revisions[0] || course.publishedRevisionId
      ? null
      : await prisma.courseRevision.findFirst({ where: { courseId }, orderBy: { number: "desc" }, select: { id: true } });
  const revisionId = course.revisions[0]?.id ?? course.publishedRevisionId ?? latest?.id;
  const [names, meta, content] = await Promise.all([
    getDisplayNames(course.authors.map((a) => a.userId)),
    revisionId
      ? prisma.courseRevision.findUnique({
          where: { id: revisionId },
          select: { id: true, number: true, status: true, reviewNote: true, submittedAt: true, publishedAt: true },
        })
      : null,
    revisionId ? readRevisionContent(prisma, revisionId) : null,
  ]);
  const basics = {
    id: course.id,
    slug: course.slug,
    archived: Boolean(course.archivedAt),
    published: Boolean(course.publishedRevisionId) && !course.archivedAt,
    authors: course.authors.flatMap((a) => names.get(a.userId) ?? []),
  };
  if (!meta || !content) return { course: basics, revision: null, checklist: null };
  const { description, ...fields } = content.fields;
  return {
    course: basics,
    checklist: meta.status === "in_review" ? publicationChecklist(content) : null,
    revision: {
      ...meta,
      ...fields,
      contentHash: contentHash(content),
      descriptionHtml: description.trim() ? renderMarkdown(description) : "",
      modules: content.modules.map((m) => ({
        ...m,
        lessons: m.lessons.map(({ body, ...l }) => ({ ...l, bodyHtml: body.trim() ? renderMarkdown(body) : "" })),
      })),
    },
  };
}
