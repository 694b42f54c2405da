// Issue 3's loaders and actions, called as React Router calls them, for every role: the vetting,
// cohort and course-review pages (admins only), the catalog (everyone) and bad input.
import { beforeAll, describe, expect, test } from "vitest";
import * as adminApplication from "#app/routes/admin/application.tsx";
import * as adminCohorts from "#app/routes/admin/cohorts.tsx";
import * as adminCourseReview from "#app/routes/admin/course-review.tsx";
import * as adminCourses from "#app/routes/admin/courses.tsx";
import * as adminEducators from "#app/routes/admin/educators.tsx";
import * as coursePage from "#app/routes/courses/course.tsx";
import * as catalog from "#app/routes/courses/index.tsx";
import * as teach from "#app/routes/teach.tsx";
import { addLesson, addModule, createCourse, submitForReview } from "#app/modules/courses/authoring.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createPublishedCourse } from "#tests/course-factories.ts";
import {
  createAdmin,
  createApprovedEducator,
  createEducatorApplicant,
  createLearner,
  createSponsorMember,
  createVerifier,
} from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Who = "anonymous" | "learner" | "educator" | "verifier" | "sponsor" | "admin";
const ROLES: Who[] = ["anonymous", "learner", "educator", "verifier", "sponsor", "admin"];
const cookies = {} as Record<Who, string | undefined>;
const ids = {} as Record<Who, string>;
let applicationId: string;
let publishedSlug: string;
let reviewCourseId: string;

beforeAll(async () => {
  const users = {
    learner: await createLearner(),
    educator: await createApprovedEducator(),
    verifier: await createVerifier(),
    sponsor: await createSponsorMember(),
    admin: await createAdmin(),
  };
  for (const [who, u] of Object.entries(users) as [Who, { id: string }][]) {
    ids[who] = u.id;
    cookies[who] = await sessionCookieFor(u.id);
  }
  const applicant = await createEducatorApplicant();
  applicationId = (await prisma.educatorApplication.findUniqueOrThrow({ where: { userId: applicant.id } })).id;
  publishedSlug = (await createPublishedCourse({ lessons: 4 })).slug;
  const course = await createCourse({
    actorId: ids.educator,
    slug: `review-${Date.now()}`,
    fields: {
      title: "Under review",
      summary: "S",
      description: "",
      subject: "physics",
      level: "introductory",
      language: "en",
      outcomes: ["Measure."],
      credits: 1,
      creditUnit: "ECTS",
      studyHours: 27,
      passMark: 60,
      prerequisites: [],
    },
  });
  await addModule({ actorId: ids.educator, courseId: course.id, slug: "m", title: "M", summary: "" });
  await addLesson({
    actorId: ids.educator,
    courseId: course.id,
    moduleSlug: "m",
    slug: "l",
    lesson: { title: "L", kind: "text", body: "Body" },
  });
  await submitForReview({ actorId: ids.educator, courseId: course.id });
  reviewCourseId = course.id;
});

const call = (
  fn: (args: never) => unknown,
  path: string,
  who: Who,
  params: Record<string, string> = {},
  form?: Record<string, string>,
) =>
  run(() => (fn as (args: unknown) => unknown)({ request: makeRequest(path, { cookie: cookies[who], form }), params, context }));

describe("admin pages of issue 3: only admins", () => {
  const pages = (): Array<{ name: string; fn: (args: never) => unknown; path: string; params: Record<string, string> }> => [
    {
      name: "/admin/applications/:id",
      fn: adminApplication.loader,
      path: `/admin/applications/${applicationId}`,
      params: { applicationId },
    },
    { name: "/admin/educators", fn: adminEducators.loader, path: "/admin/educators", params: {} },
    { name: "/admin/cohorts", fn: adminCohorts.loader, path: "/admin/cohorts", params: {} },
    { name: "/admin/courses", fn: adminCourses.loader, path: "/admin/courses", params: {} },
    {
      name: "/admin/courses/:id",
      fn: adminCourseReview.loader,
      path: `/admin/courses/${reviewCourseId}`,
      params: { courseId: reviewCourseId },
    },
  ];
  test.each(ROLES)("%s", async (who) => {
    for (const p of pages()) {
      const outcome = await call(p.fn, p.path, who, p.params);
      const expected = who === "anonymous" ? 302 : who === "admin" ? 200 : 403;
      expect(outcome.status, `${p.name} as ${who}`).toBe(expected);
    }
  });
});

describe("only admins vet, suspend and publish; refusals change nothing", () => {
  test.each(ROLES.filter((r) => r !== "admin"))("%s is refused", async (who) => {
    const vet = await call(
      adminApplication.action,
      `/admin/applications/${applicationId}`,
      who,
      { applicationId },
      { intent: "approve", approveReason: "ok" },
    );
    expect(vet.status).toBe(who === "anonymous" ? 302 : 403);
    const publish = await call(
      adminCourseReview.action,
      `/admin/courses/${reviewCourseId}`,
      who,
      { courseId: reviewCourseId },
      { intent: "publish", publishReason: "" },
    );
    expect(publish.status).toBe(who === "anonymous" ? 302 : 403);
    const suspend = await call(
      adminEducators.action,
      "/admin/educators",
      who,
      {},
      { intent: "suspend", userId: ids.educator, reason: "x" },
    );
    expect(suspend.status).toBe(who === "anonymous" ? 302 : 403);
    expect((await prisma.educatorApplication.findUniqueOrThrow({ where: { id: applicationId } })).status).toBe("pending");
    expect((await prisma.course.findUniqueOrThrow({ where: { id: reviewCourseId } })).publishedRevisionId).toBeNull();
    expect((await prisma.educatorApplication.findUniqueOrThrow({ where: { userId: ids.educator } })).suspendedAt).toBeNull();
  });

  test("a decision without a reason is a 400 with a field message; with one it is recorded and audited", async () => {
    const missing = await call(
      adminApplication.action,
      `/admin/applications/${applicationId}`,
      "admin",
      { applicationId },
      { intent: "reject", rejectReason: "" },
    );
    expect(missing).toMatchObject({ kind: "ok", status: 400 });
    expect((await prisma.educatorApplication.findUniqueOrThrow({ where: { id: applicationId } })).status).toBe("pending");
    const ok = await call(
      adminApplication.action,
      `/admin/applications/${applicationId}`,
      "admin",
      { applicationId },
      { intent: "request_info", infoReason: "Please add a second reference." },
    );
    expect([200, 302]).toContain(ok.status);
    const app = await prisma.educatorApplication.findUniqueOrThrow({ where: { id: applicationId } });
    expect(app).toMatchObject({
      status: "info_requested",
      decisionReason: "Please add a second reference.",
      decidedById: ids.admin,
    });
    expect(await prisma.auditEvent.count({ where: { action: "educator_application.decided", entityId: applicationId } })).toBe(1);
  });

  test("an admin publishes a course in review; it then appears in the catalog", async () => {
    const outcome = await call(
      adminCourseReview.action,
      `/admin/courses/${reviewCourseId}`,
      "admin",
      { courseId: reviewCourseId },
      { intent: "publish", publishReason: "Checked" },
    );
    expect([200, 302]).toContain(outcome.status);
    const course = await prisma.course.findUniqueOrThrow({
      where: { id: reviewCourseId },
      select: { slug: true, publishedRevisionId: true },
    });
    expect(course.publishedRevisionId).not.toBeNull();
    const page = await call(coursePage.loader, `/courses/${course.slug}`, "anonymous", { slug: course.slug });
    expect(page).toMatchObject({ kind: "ok", status: 200 });
  });

  test("unknown or forged ids are 404 or 400, never 500", async () => {
    for (const id of ["nope", "x".repeat(500), "cmx0000000000000000000000"]) {
      const a = await call(adminApplication.loader, `/admin/applications/${id}`, "admin", { applicationId: id });
      expect([400, 404]).toContain(a.status);
      const c = await call(adminCourseReview.loader, `/admin/courses/${id}`, "admin", { courseId: id });
      expect([400, 404]).toContain(c.status);
    }
  });
});

describe("catalog: public, every role, bad input harmless", () => {
  test.each(ROLES)("%s sees the catalog and a course page", async (who) => {
    expect((await call(catalog.loader, "/courses", who)).status).toBe(200);
    expect((await call(coursePage.loader, `/courses/${publishedSlug}`, who, { slug: publishedSlug })).status).toBe(200);
  });
  test("unknown slugs are 404; odd query strings are not errors", async () => {
    expect((await call(coursePage.loader, "/courses/does-not-exist", "anonymous", { slug: "does-not-exist" })).status).toBe(404);
    expect((await call(coursePage.loader, "/courses/..%2F..", "anonymous", { slug: "../.." })).status).toBe(404);
    const odd = await call(
      catalog.loader,
      `/courses?subject=pirates&level=&minCredits=abc&maxCredits=-5&q=${"z".repeat(3000)}`,
      "anonymous",
    );
    expect([200, 400]).toContain(odd.status);
  });
  test("/teach: educators only", async () => {
    for (const who of ROLES) {
      const outcome = await call(teach.loader, "/teach", who);
      expect(outcome.status, who).toBe(who === "anonymous" ? 302 : who === "educator" ? 200 : 403);
    }
  });
});
