// The authoring routes, for every role: an educator cannot open, edit or reorder another's course;
// an unapproved applicant cannot author; refusals change nothing.
import { beforeAll, describe, expect, test } from "vitest";
import { addLesson, addModule, createCourse } from "#app/modules/courses/authoring.server.ts";
import * as authorCourse from "#app/routes/author/course.tsx";
import * as authorIndex from "#app/routes/author/index.tsx";
import * as authorLesson from "#app/routes/author/lesson.tsx";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createApprovedEducator,
  createEducatorApplicant,
  createLearner,
  createSponsorMember,
  createVerifier,
} from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Who = "anonymous" | "learner" | "applicant" | "owner" | "other" | "verifier" | "sponsor" | "admin";
const ROLES: Who[] = ["anonymous", "learner", "applicant", "owner", "other", "verifier", "sponsor", "admin"];
const cookies = {} as Record<Who, string | undefined>;
const ids = {} as Record<Who, string>;
let courseId: string;

const FIELDS = {
  title: "Owned course",
  summary: "S",
  description: "",
  subject: "biology" as const,
  level: "introductory" as const,
  language: "en" as const,
  outcomes: ["Observe."],
  credits: 1,
  creditUnit: "ECTS" as const,
  studyHours: 27,
  passMark: 60,
  prerequisites: [],
};

beforeAll(async () => {
  const users = {
    learner: await createLearner(),
    applicant: await createEducatorApplicant(),
    owner: await createApprovedEducator(),
    other: await createApprovedEducator(),
    verifier: await createVerifier(),
    sponsor: await createSponsorMember(),
    admin: await createAdmin(),
  };
  for (const [who, u] of Object.entries(users) as [Who, { id: string }][]) {
    ids[who] = u.id;
    cookies[who] = await sessionCookieFor(u.id);
  }
  courseId = (await createCourse({ actorId: ids.owner, slug: `owned-${Date.now()}`, fields: FIELDS })).id;
  await addModule({ actorId: ids.owner, courseId, slug: "m1", title: "M1", summary: "" });
  await addLesson({
    actorId: ids.owner,
    courseId,
    moduleSlug: "m1",
    slug: "alpha",
    lesson: { title: "A", kind: "text", body: "A" },
  });
  await addLesson({
    actorId: ids.owner,
    courseId,
    moduleSlug: "m1",
    slug: "beta",
    lesson: { title: "B", kind: "text", body: "B" },
  });
});

const call = (
  fn: (args: never) => unknown,
  path: string,
  who: Who,
  params: Record<string, string> = {},
  form?: Record<string, string>,
) =>
  run(() => (fn as (args: unknown) => unknown)({ request: makeRequest(path, { cookie: cookies[who], form }), params, context }));

describe("authoring pages", () => {
  test.each(ROLES)("%s", async (who) => {
    const index = await call(authorIndex.loader, "/author", who);
    const course = await call(authorCourse.loader, `/author/${courseId}`, who, { courseId });
    const lesson = await call(authorLesson.loader, `/author/${courseId}/lessons/alpha`, who, { courseId, lessonSlug: "alpha" });
    if (who === "anonymous") {
      expect([index.status, course.status, lesson.status]).toEqual([302, 302, 302]);
    } else if (who === "owner") {
      expect([index.status, course.status, lesson.status]).toEqual([200, 200, 200]);
    } else if (who === "applicant") {
      // Not approved: authoring itself is refused before any course is looked up.
      expect(index.status).toBe(200);
      expect([course.status, lesson.status]).toEqual([403, 403]);
    } else if (who === "other") {
      // They may open their own authoring page, but another's course does not exist for them.
      expect(index.status).toBe(200);
      expect([course.status, lesson.status]).toEqual([404, 404]);
    } else {
      expect(index.status).toBe(403);
      expect([403, 404]).toContain(course.status);
      expect([403, 404]).toContain(lesson.status);
    }
  });
});

describe("authoring actions", () => {
  test.each(ROLES.filter((r) => r !== "owner"))("%s cannot reorder, edit or submit the owner's course", async (who) => {
    const before = await prisma.auditEvent.count({ where: { entityId: courseId } });
    const move = await call(
      authorCourse.action,
      `/author/${courseId}`,
      who,
      { courseId },
      { intent: "move", item: "lesson", slug: "beta", direction: "up" },
    );
    const fields = await call(
      authorCourse.action,
      `/author/${courseId}`,
      who,
      { courseId },
      {
        intent: "fields",
        ...Object.fromEntries(Object.entries(FIELDS).map(([k, v]) => [k, Array.isArray(v) ? v.join("\n") : String(v)])),
        title: "Hijacked",
      },
    );
    const submit = await call(authorCourse.action, `/author/${courseId}`, who, { courseId }, { intent: "submit", note: "" });
    for (const o of [move, fields, submit]) expect([302, 403, 404], who).toContain(o.status);
    if (who !== "anonymous") for (const o of [move, fields, submit]) expect(o.status, who).not.toBe(302);
    expect(await prisma.auditEvent.count({ where: { entityId: courseId } })).toBe(before);
    const order = await prisma.lesson.findMany({
      where: { revision: { courseId } },
      orderBy: { position: "asc" },
      select: { slug: true },
    });
    expect(order.map((l) => l.slug)).toEqual(["alpha", "beta"]);
    expect((await prisma.courseRevision.findFirstOrThrow({ where: { courseId } })).title).toBe("Owned course");
  });

  test("an unapproved applicant cannot create a course", async () => {
    const slug = `nope-${Date.now()}`;
    const outcome = await call(
      authorIndex.action,
      "/author",
      "applicant",
      {},
      {
        intent: "create-course",
        slug,
        title: "T",
        summary: "S",
        subject: "biology",
        level: "introductory",
        language: "en",
        outcomes: "Observe.",
        credits: "1",
        creditUnit: "ECTS",
        studyHours: "27",
        passMark: "60",
      },
    );
    expect(outcome.status).toBe(403);
    expect(await prisma.course.count({ where: { slug } })).toBe(0);
  });

  test("the owner reorders by slug; an unknown slug is a 404 and changes nothing", async () => {
    const missing = await call(
      authorCourse.action,
      `/author/${courseId}`,
      "owner",
      { courseId },
      { intent: "move", item: "lesson", slug: "not-here", direction: "up" },
    );
    expect(missing.status).toBe(404);
    const moved = await call(
      authorCourse.action,
      `/author/${courseId}`,
      "owner",
      { courseId },
      { intent: "move", item: "lesson", slug: "beta", direction: "up" },
    );
    expect(moved, JSON.stringify(moved)).toMatchObject({ status: 302 });
    const order = await prisma.lesson.findMany({
      where: { revision: { courseId } },
      orderBy: { position: "asc" },
      select: { slug: true },
    });
    expect(order.map((l) => l.slug)).toEqual(["beta", "alpha"]);
  });

  test("oversized and malformed course fields are a 400 with field messages", async () => {
    const outcome = await call(
      authorCourse.action,
      `/author/${courseId}`,
      "owner",
      { courseId },
      {
        intent: "fields",
        title: "x".repeat(5000),
        summary: "",
        subject: "alchemy",
        level: "introductory",
        language: "en",
        outcomes: "",
        credits: "abc",
        creditUnit: "ECTS",
        studyHours: "27",
        passMark: "60",
      },
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect((await prisma.courseRevision.findFirstOrThrow({ where: { courseId }, orderBy: { number: "desc" } })).title).toBe(
      "Owned course",
    );
  });
});
