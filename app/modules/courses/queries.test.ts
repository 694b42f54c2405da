// The reads: the catalog's version (what the page caches are keyed by) changes with everything the pages
// show, in at most two queries; a course page costs the same few queries whatever its size; search and
// filters; and page reads check who is reading.
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import { createCourseInReview, createDraftCourse, createPublishedCourse } from "#tests/course-factories.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { addCoAuthor } from "./add-co-author.server.ts";
import {
  clearCatalogCache,
  getAuthorCourse,
  getCatalogVersion,
  getCourseForReview,
  getLessonEditor,
  getPublishedCourse,
  listCatalog,
  parseCatalogQuery,
} from "./queries.server.ts";

const uniqueSlug = (p = "c") => `${p}-${Math.random().toString(36).slice(2, 10)}`;

async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const before = queryCounter.count;
  const value = await fn();
  return { value, queries: queryCounter.count - before };
}

describe("the catalog version", () => {
  test("costs at most two queries", async () => {
    await createPublishedCourse();
    const { queries } = await counted(getCatalogVersion);
    expect(queries).toBeLessThanOrEqual(2);
  });

  test("changes when a course is published", async () => {
    const v1 = await getCatalogVersion();
    await createPublishedCourse({ through: "review" });
    expect(await getCatalogVersion()).not.toBe(v1);
  });

  test("changes when a published course gets a co-author, whose name then shows", async () => {
    const course = await createPublishedCourse({ through: "review" });
    const colleague = await createApprovedEducator({ displayName: `Colleague ${uniqueSlug()}` });
    const before = await getCatalogVersion();
    expect((await getPublishedCourse(course.slug, before))?.educators).toHaveLength(1);
    await addCoAuthor(course.author, { courseId: course.id, email: colleague.email });
    const after = await getCatalogVersion();
    expect(after).not.toBe(before);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: colleague.id }, select: { displayName: true } });
    expect((await getPublishedCourse(course.slug, after))?.educators).toContain(user.displayName);
  });

  test("changes when an author of a published course changes their display name", async () => {
    const course = await createPublishedCourse({ through: "review" });
    const before = await getCatalogVersion();
    const renamed = `Renamed ${uniqueSlug()}`;
    // (The settings page's profile change, at the table: what identity's version reads.)
    await prisma.user.update({ where: { id: course.author.id }, data: { displayName: renamed } });
    const after = await getCatalogVersion();
    expect(after).not.toBe(before);
    expect((await getPublishedCourse(course.slug, after))?.educators).toEqual([renamed]);
  });
});

describe("course pages", () => {
  test("the query count does not grow with the number of lessons, and a cached page costs none", async () => {
    const small = await createPublishedCourse({ lessons: 3, modules: 1 });
    const large = await createPublishedCourse({ lessons: 60, modules: 6 });
    const version = await getCatalogVersion();
    clearCatalogCache();
    const a = await counted(() => getPublishedCourse(small.slug, version));
    const b = await counted(() => getPublishedCourse(large.slug, version));
    expect(a.value?.modules.flatMap((m) => m.lessons)).toHaveLength(3);
    expect(b.value?.modules.flatMap((m) => m.lessons)).toHaveLength(60);
    expect(b.queries).toBe(a.queries);
    expect(a.queries).toBeGreaterThan(0);
    expect((await counted(() => getPublishedCourse(large.slug, version))).queries).toBe(0);
  });

  test("search and filters", async () => {
    const slug = uniqueSlug("astro");
    await createPublishedCourse({ slug, title: `Zyxwv astronomy ${slug}`, subject: "physics" });
    const version = await getCatalogVersion();
    expect((await listCatalog({ q: "zyxwv astronomy" }, version)).courses.map((c) => c.slug)).toContain(slug);
    expect((await listCatalog({ q: "zyxwv astronomy", subject: "biology" }, version)).courses).toEqual([]);
    const exact = await listCatalog({ q: "zyxwv astronomy", subject: "physics", minCredits: 5, maxCredits: 5 }, version);
    expect(exact.courses.map((c) => c.slug)).toEqual([slug]);
    expect((await listCatalog({ q: "zyxwv astronomy", minCredits: 6 }, version)).courses).toEqual([]);
  });

  test("control characters in the query are dropped; a bad filter is ignored and reported", () => {
    const { filters, ignored } = parseCatalogQuery(new URLSearchParams("q=a%00b%07c&level=%07&subject=pirates&minCredits=abc"));
    expect(filters).toEqual({ q: "abc" });
    expect(ignored).toEqual(["subject", "minCredits"]);
  });
});

describe("page reads check who is reading", () => {
  test("the review page is for admins; authoring pages for the course's active co-authors", async () => {
    const course = await createCourseInReview();
    const learner = await actorFor((await createLearner()).id);
    const stranger = await actorFor((await createApprovedEducator()).id);
    const admin = await actorFor((await createAdmin()).id);
    await expect(getCourseForReview(course.author, course.id)).rejects.toMatchObject({ reason: "permission.denied" });
    await expect(getAuthorCourse(learner, course.id)).rejects.toMatchObject({ reason: "educator.not_active" });
    await expect(getAuthorCourse(admin, course.id)).rejects.toMatchObject({ reason: "educator.not_active" });
    await expect(getAuthorCourse(stranger, course.id)).rejects.toMatchObject({ reason: "not_found" });
    await expect(getLessonEditor(stranger, course.id, "lesson-1")).rejects.toMatchObject({ reason: "not_found" });
    const page = await getAuthorCourse(course.author, course.id);
    expect(page).toMatchObject({ state: "in_review", editable: false });
    const review = await getCourseForReview(admin, course.id);
    expect(review.revision).toMatchObject({ status: "in_review", contentHash: expect.stringMatching(/^[a-f0-9]{64}$/) });
    expect(review.checklist?.every((c) => c.ok)).toBe(true);
  });

  test("a draft's author page shows its structure, checklist and co-authors by display name", async () => {
    const course = await createDraftCourse({ modules: 2, lessons: 3 });
    const page = await getAuthorCourse(course.author, course.id);
    expect(page.modules.map((m) => m.lessons.map((l) => l.slug))).toEqual([["lesson-1", "lesson-2"], ["lesson-3"]]);
    expect(page.values).toMatchObject({ outcomes: "Solve problems.", credits: "5", prerequisites: "" });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: course.author.id }, select: { displayName: true } });
    expect(page.authors).toEqual([{ id: course.author.id, displayName: user.displayName }]);
  });
});
