// Loaders and actions called as React Router calls them, for every role: the vetting, cohort and
// course-review pages (admins only), the catalog (everyone) and bad input.
import { beforeAll, describe, expect, test } from "vitest";
import * as adminApplication from "#app/routes/admin/application.tsx";
import * as adminCohorts from "#app/routes/admin/cohorts.tsx";
import * as adminCourseReview from "#app/routes/admin/course-review.tsx";
import * as adminCourses from "#app/routes/admin/courses.tsx";
import * as adminEducators from "#app/routes/admin/educators.tsx";
import * as coursePage from "#app/routes/courses/course.tsx";
import * as catalog from "#app/routes/courses/index.tsx";
import * as teach from "#app/routes/teach.tsx";
import { updateLesson } from "#app/modules/courses/update-lesson.server.ts";
import { submitCourse } from "#app/modules/courses/submit-course.server.ts";
import { withdrawSubmission } from "#app/modules/courses/withdraw-submission.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { courseFingerprint, createCourseInReview, createPublishedCourse, reviewedVersion } from "#tests/course-factories.ts";
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
  reviewCourseId = (await createCourseInReview({ authorId: ids.educator, title: "Under review" })).id;
});

const call = (
  fn: (args: never) => unknown,
  path: string,
  who: Who,
  params: Record<string, string> = {},
  form?: Record<string, string>,
) =>
  run(() => (fn as (args: unknown) => unknown)({ request: makeRequest(path, { cookie: cookies[who], form }), params, context }));

describe("vetting, cohort and course-review pages: only admins", () => {
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
      { intent: "approve", status: "pending", reason: "ok" },
    );
    expect(vet.status).toBe(who === "anonymous" ? 302 : 403);
    if (who !== "anonymous") expect(vet).toMatchObject({ kind: "thrown", data: { reason: "permission.denied" } });
    const publish = await call(
      adminCourseReview.action,
      `/admin/courses/${reviewCourseId}`,
      who,
      { courseId: reviewCourseId },
      // The form as an admin's page would post it: the refusal is the operation's, not the form's.
      { intent: "publish", ...(await reviewedVersion(reviewCourseId)), publishReason: "" },
    );
    expect(publish.status).toBe(who === "anonymous" ? 302 : 403);
    if (who !== "anonymous") expect(publish).toMatchObject({ kind: "thrown", data: { reason: "permission.denied" } });
    const suspend = await call(
      adminEducators.action,
      "/admin/educators",
      who,
      {},
      { intent: "suspend", userId: ids.educator, reason: "x" },
    );
    expect(suspend.status).toBe(who === "anonymous" ? 302 : 403);
    if (who !== "anonymous") expect(suspend).toMatchObject({ kind: "thrown", data: { reason: "permission.denied" } });
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
      { intent: "reject", status: "pending", reason: "" },
    );
    expect(missing).toMatchObject({
      kind: "ok",
      status: 400,
      data: { result: { status: "error", error: { reason: ["form.required"] }, initialValue: { intent: "reject" } } },
    });
    expect((await prisma.educatorApplication.findUniqueOrThrow({ where: { id: applicationId } })).status).toBe("pending");
    const ok = await call(
      adminApplication.action,
      `/admin/applications/${applicationId}`,
      "admin",
      { applicationId },
      { intent: "request_info", status: "pending", reason: "Please add a second reference." },
    );
    expect(ok).toMatchObject({
      kind: "thrown",
      status: 302,
      location: `/admin/applications/${applicationId}?decided=info_requested`,
    });
    const app = await prisma.educatorApplication.findUniqueOrThrow({ where: { id: applicationId } });
    expect(app).toMatchObject({
      status: "info_requested",
      decisionReason: "Please add a second reference.",
      decidedById: ids.admin,
    });
    expect(await prisma.auditEvent.count({ where: { action: "educator_application.decided", entityId: applicationId } })).toBe(1);
  });

  test("an admin publishes a course in review, once confirmed; it then appears in the catalog", async () => {
    const form = { intent: "publish", ...(await reviewedVersion(reviewCourseId)), publishReason: "Checked" };
    const before = await courseFingerprint(reviewCourseId);
    // The button's post only asks: the page answers with its confirmation (428), nothing is published.
    const asked = await call(
      adminCourseReview.action,
      `/admin/courses/${reviewCourseId}`,
      "admin",
      { courseId: reviewCourseId },
      form,
    );
    expect(asked).toMatchObject({ kind: "ok", status: 428, data: { reason: "confirmation.required" } });
    expect((asked as { data: { result: { initialValue: Record<string, string> } } }).data.result.initialValue).toMatchObject(
      form,
    );
    expect(await courseFingerprint(reviewCourseId)).toBe(before);
    const outcome = await call(
      adminCourseReview.action,
      `/admin/courses/${reviewCourseId}`,
      "admin",
      { courseId: reviewCourseId },
      { ...form, confirm: "yes" },
    );
    expect(outcome).toMatchObject({ status: 302, location: `/admin/courses/${reviewCourseId}?done=published` });
    expect(await prisma.auditEvent.count({ where: { entityId: reviewCourseId, action: "course.published" } })).toBe(1);
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
  test("control characters in the search are stripped: the search runs, never a 500", async () => {
    const outcome = await call(catalog.loader, `/courses?q=a%00b&level=%07`, "anonymous");
    expect(outcome).toMatchObject({ kind: "ok", status: 200 });
    expect((outcome as { data: { filters: unknown } }).data.filters).toEqual({ q: "ab" });
  });
  test("/teach: educators only", async () => {
    for (const who of ROLES) {
      const outcome = await call(teach.loader, "/teach", who);
      expect(outcome.status, who).toBe(who === "anonymous" ? 302 : who === "educator" ? 200 : 403);
    }
  });
});

describe("course review: decisions on what the admin read", () => {
  type ReviewPage = { revision: { id: string; contentHash: string; modules: Array<{ lessons: Array<{ title: string }> }> } };
  const page = async (courseId: string) =>
    (await call(adminCourseReview.loader, `/admin/courses/${courseId}`, "admin", { courseId })) as { data: ReviewPage };
  const publish = (courseId: string, seen: { id: string; contentHash: string }, who: Who = "admin", cookie?: string) =>
    run(() =>
      adminCourseReview.action({
        request: makeRequest(`/admin/courses/${courseId}`, {
          cookie: cookie ?? cookies[who],
          // As the page's "Are you sure?" view posts it (ADR 015): the first post only asks.
          form: { intent: "publish", revisionId: seen.id, contentHash: seen.contentHash, publishReason: "", confirm: "yes" },
        }),
        params: { courseId },
        context,
      } as never),
    );

  test("a course changed since the admin read it is refused (409) and the page shows the new version", async () => {
    const course = await createCourseInReview({ modules: 1, lessons: 2 });
    const seen = (await page(course.id)).data.revision;
    await withdrawSubmission(course.author, { courseId: course.id });
    await updateLesson(course.author, {
      courseId: course.id,
      lessonSlug: "lesson-1",
      kind: "text",
      title: "Rewritten",
      body: "New",
    });
    await submitCourse(course.author, { courseId: course.id });
    const before = await courseFingerprint(course.id);

    const refused = await publish(course.id, seen);
    expect(refused).toMatchObject({ kind: "ok", status: 409, data: { reason: "course.changed_since_review" } });
    expect((refused as { data: { result: { error: Record<string, string[]> } } }).data.result.error).toEqual({
      "": ["reason.course.changed_since_review"],
    });
    expect(await courseFingerprint(course.id)).toBe(before);
    // The page is loaded again after a refused decision, and shows the version now in review.
    expect(adminCourseReview.shouldRevalidate({ actionResult: { reason: "x" }, defaultShouldRevalidate: false } as never)).toBe(
      true,
    );
    const now = (await page(course.id)).data.revision;
    expect(now.id).toBe(seen.id);
    expect(now.contentHash).not.toBe(seen.contentHash);
    expect(now.modules[0]!.lessons[0]!.title).toBe("Rewritten");

    expect(await publish(course.id, now)).toMatchObject({ status: 302 });
  });

  test("three publishes by two admins at once: one publication, one audit row, two clear 409s", async () => {
    const course = await createCourseInReview();
    const seen = (await page(course.id)).data.revision;
    const second = await sessionCookieFor((await createAdmin()).id);
    const outcomes = await Promise.all([
      publish(course.id, seen),
      publish(course.id, seen, "admin", second),
      publish(course.id, seen),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual([302, 409, 409]);
    for (const o of outcomes.filter((o) => o.status === 409))
      expect(o).toMatchObject({ data: { reason: "course.not_in_review" } });
    expect(await prisma.auditEvent.count({ where: { entityId: course.id, action: "course.published" } })).toBe(1);
  });

  test("a return needs a reason (400 on its field); an archive of an unpublished course is a 409; nothing written", async () => {
    const course = await createCourseInReview();
    const seen = (await page(course.id)).data.revision;
    const before = await courseFingerprint(course.id);
    const noReason = await call(
      adminCourseReview.action,
      `/admin/courses/${course.id}`,
      "admin",
      { courseId: course.id },
      {
        intent: "return",
        revisionId: seen.id,
        returnReason: "",
      },
    );
    expect(noReason).toMatchObject({ kind: "ok", status: 400, data: { result: { error: { returnReason: ["form.required"] } } } });
    const archive = await call(
      adminCourseReview.action,
      `/admin/courses/${course.id}`,
      "admin",
      { courseId: course.id },
      {
        intent: "archive",
        archiveReason: "Old",
      },
    );
    expect(archive).toMatchObject({ kind: "ok", status: 409, data: { reason: "course.not_published" } });
    const nul = await call(
      adminCourseReview.action,
      `/admin/courses/${course.id}`,
      "admin",
      { courseId: course.id },
      {
        intent: "return",
        revisionId: seen.id,
        returnReason: "Add\u0000more",
      },
    );
    expect(nul).toMatchObject({
      kind: "ok",
      status: 400,
      data: { result: { error: { returnReason: ["reason.request.control_characters"] } } },
    });
    expect(await courseFingerprint(course.id)).toBe(before);
  });
});
