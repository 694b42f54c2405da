// The public catalog and course pages: the most-read pages of the platform. Their published content is
// cached in the server process, keyed by the catalog version: a value derived from the Course table
// (every publish, import and archive updates a Course row), read with one cheap query per request, so
// every app instance sees a change at once without a shared cache. Pages send the version as an ETag.
import { createHash } from "node:crypto";
import { z } from "zod";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { COURSE_LANGUAGES, LEVELS, STEM_SUBJECTS } from "./constants.ts";
import { renderMarkdown } from "./markdown.server.ts";
import { AssignmentSchema, QuizSchema } from "./schemas.ts";

export type CatalogFilters = {
  q?: string;
  subject?: (typeof STEM_SUBJECTS)[number];
  level?: (typeof LEVELS)[number];
  language?: (typeof COURSE_LANGUAGES)[number];
  minCredits?: number;
  maxCredits?: number;
};

/** Changes whenever any course is created, published, re-imported or archived. */
export async function getCatalogVersion(): Promise<string> {
  const [row] = await prisma.$queryRaw<Array<{ v: string }>>`
    SELECT coalesce(to_char(max("updatedAt"), 'YYYYMMDDHH24MISSUS'), '0') || '-' || count(*)::text AS v FROM "Course"`;
  return row?.v ?? "0";
}

const MAX_ENTRIES = 500;
const cache = new Map<string, { version: string; value: unknown }>();

async function cached<T>(key: string, version: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = await load();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { version, value });
  return value;
}

export function clearCatalogCache() {
  cache.clear();
}

export function etagFor(version: string, ...parts: string[]) {
  return `W/"${createHash("sha1")
    .update([version, ...parts].join("|"))
    .digest("base64url")
    .slice(0, 22)}"`;
}

/**
 * Cache headers of a catalog page for an anonymous visitor: the page depends only on the catalog
 * version, the language, the low-data mode and the URL, so a browser or shared cache may keep it and
 * revalidate with If-None-Match (answered 304 in entry.server.tsx). Logged-in pages stay no-store.
 */
export async function anonymousCatalogHeaders(request: Request, version: string, key: string) {
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  const saveData = request.headers.get("Save-Data")?.toLowerCase() === "on";
  const lowData = saveData ? "save-data" : prefs.lowData ? "low-data" : "full";
  return { ETag: etagFor(version, locale, lowData, key), "Cache-Control": "public, max-age=0, must-revalidate" };
}

export const CATALOG_PAGE_SIZE = 30;

/** The course fields of a revision that the course page and the review page both show. */
const COURSE_FIELDS = {
  title: true,
  summary: true,
  description: true,
  subject: true,
  level: true,
  language: true,
  outcomes: true,
  credits: true,
  creditUnit: true,
  studyHours: true,
  passMark: true,
  prerequisites: true,
  translationOf: true,
} as const;

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
 * whatever the number of lessons (one per include level); a test asserts it.
 */
export async function getPublishedCourse(slug: string, version: string) {
  return cached(`course:${slug}`, version, async () => {
    const course = await prisma.course.findUnique({
      where: { slug },
      select: {
        id: true,
        slug: true,
        archivedAt: true,
        authors: { select: { user: { select: { displayName: true } } } },
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
    const prerequisites = course.publishedRevision.prerequisites.length
      ? await prisma.course.findMany({
          where: { slug: { in: course.publishedRevision.prerequisites } },
          select: { slug: true, publishedRevision: { select: { title: true } } },
        })
      : [];
    return {
      slug: course.slug,
      ...course.publishedRevision,
      educators: course.authors.map((a) => a.user.displayName),
      prerequisites: prerequisites.map((p) => ({ slug: p.slug, title: p.publishedRevision?.title ?? p.slug })),
    };
  });
}

// ---------------------------------------------------------------- catalog query (GET /courses)

const credit = z.coerce.number().finite().min(0).max(60);
/** Each filter is validated on its own: a bad value is dropped (and reported), the rest still apply. */
const CATALOG_QUERY_FIELDS = {
  q: z.string().trim().max(100),
  subject: z.enum(STEM_SUBJECTS),
  level: z.enum(LEVELS),
  language: z.enum(COURSE_LANGUAGES),
  minCredits: credit,
  maxCredits: credit,
} as const;

/** The filters of a catalog URL; empty values mean "any", invalid ones are listed in `ignored`. */
export function parseCatalogQuery(params: URLSearchParams): { filters: CatalogFilters; ignored: string[] } {
  const filters: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, schema] of Object.entries(CATALOG_QUERY_FIELDS)) {
    const raw = params.get(name)?.trim();
    if (!raw) continue;
    const result = schema.safeParse(raw);
    if (result.success) filters[name] = result.data;
    else ignored.push(name);
  }
  const parsed = filters as CatalogFilters;
  if (parsed.minCredits !== undefined && parsed.maxCredits !== undefined && parsed.minCredits > parsed.maxCredits) {
    delete parsed.minCredits;
    delete parsed.maxCredits;
    ignored.push("minCredits", "maxCredits");
  }
  return { filters: parsed, ignored };
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

// ---------------------------------------------------------------- admin: courses and review

/** Published, not archived courses, for the cohort form. */
export async function listPublishedCourseOptions() {
  const rows = await prisma.course.findMany({
    where: { publishedRevisionId: { not: null }, archivedAt: null },
    orderBy: { slug: "asc" },
    select: { id: true, slug: true, publishedRevision: { select: { title: true } } },
  });
  return rows.map((c) => ({ id: c.id, slug: c.slug, title: c.publishedRevision?.title ?? c.slug }));
}

/** Every course with its latest revision and its state, for the admin list. */
export async function listCoursesForAdmin() {
  const rows = await prisma.course.findMany({
    orderBy: { createdAt: "desc" },
    take: 300,
    select: {
      id: true,
      slug: true,
      archivedAt: true,
      publishedRevision: { select: { number: true, title: true } },
      revisions: { orderBy: { number: "desc" }, take: 1, select: { number: true, status: true, title: true } },
    },
  });
  return rows.map((c) => {
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
  });
}

/**
 * What a reviewer reads: the revision in review (or, when there is none, the published or latest one)
 * with every lesson's body rendered, and quizzes and rubrics parsed, answers included. Admins only.
 */
export async function getCourseForReview(courseId: string) {
  const course = await prisma.course.findUnique({
    where: { id: courseId },
    select: {
      id: true,
      slug: true,
      archivedAt: true,
      publishedRevisionId: true,
      authors: { select: { user: { select: { displayName: true } } } },
    },
  });
  if (!course) return null;
  const inReview = await prisma.courseRevision.findFirst({
    where: { courseId: course.id, status: "in_review" },
    select: { id: true },
  });
  const latest =
    inReview || course.publishedRevisionId
      ? null
      : await prisma.courseRevision.findFirst({
          where: { courseId: course.id },
          orderBy: { number: "desc" },
          select: { id: true },
        });
  const revisionId = inReview?.id ?? course.publishedRevisionId ?? latest?.id;
  if (!revisionId) return { course: courseBasics(course), revision: null };
  const r = await prisma.courseRevision.findUniqueOrThrow({
    where: { id: revisionId },
    select: {
      id: true,
      number: true,
      status: true,
      ...COURSE_FIELDS,
      reviewNote: true,
      submittedAt: true,
      publishedAt: true,
      modules: {
        orderBy: { position: "asc" },
        select: {
          slug: true,
          title: true,
          summary: true,
          lessons: {
            orderBy: { position: "asc" },
            select: {
              slug: true,
              title: true,
              kind: true,
              body: true,
              contentWarning: true,
              transcript: true,
              durationMinutes: true,
              quiz: true,
              assignment: true,
            },
          },
        },
      },
    },
  });
  const { description, modules, ...fields } = r;
  return {
    course: courseBasics(course),
    revision: {
      ...fields,
      descriptionHtml: description.trim() ? renderMarkdown(description) : "",
      modules: modules.map((m) => ({
        ...m,
        lessons: m.lessons.map(({ body, quiz, assignment, ...l }) => {
          const parsedQuiz = l.kind === "quiz" ? QuizSchema.safeParse(quiz) : null;
          const parsedAssignment = l.kind === "assignment" ? AssignmentSchema.safeParse(assignment) : null;
          return {
            ...l,
            bodyHtml: body.trim() ? renderMarkdown(body) : "",
            quiz: parsedQuiz?.success ? parsedQuiz.data : null,
            quizInvalid: parsedQuiz ? !parsedQuiz.success : false,
            assignment: parsedAssignment?.success ? parsedAssignment.data : null,
            assignmentInvalid: parsedAssignment ? !parsedAssignment.success : false,
          };
        }),
      })),
    },
  };
}

function courseBasics(course: {
  id: string;
  slug: string;
  archivedAt: Date | null;
  publishedRevisionId: string | null;
  authors: Array<{ user: { displayName: string } }>;
}) {
  return {
    id: course.id,
    slug: course.slug,
    archived: Boolean(course.archivedAt),
    published: Boolean(course.publishedRevisionId) && !course.archivedAt,
    authors: course.authors.map((a) => a.user.displayName),
  };
}
