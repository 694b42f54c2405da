// The seat and waitlist pages (issue 8): the course page's place panel, the learner dashboard and the
// admin seats page, called as React Router calls them, with real sessions and a real database.
import { beforeAll, describe, expect, test } from "vitest";
import * as adminSeats from "#app/routes/admin/seats.tsx";
import * as coursePage from "#app/routes/courses/course.tsx";
import type { getMyLearning } from "#app/modules/learning/queries.server.ts";
import * as learn from "#app/routes/learn.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createUser } from "#tests/factories.ts";
import {
  createCohort,
  createCourseOpenForCohorts,
  createEnrolment,
  createSeats,
  createWaitlistEntry,
} from "#tests/learning-factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

let admin = "";
let educator = "";
beforeAll(async () => {
  admin = await sessionCookieFor((await createAdmin()).id);
  educator = await sessionCookieFor((await createUser({ roles: ["educator"] })).id);
});

async function learnerWithCookie() {
  const user = await createLearner();
  return { id: user.id, cookie: await sessionCookieFor(user.id) };
}

const seatsPost = (cookie: string, form: Record<string, string>) =>
  run(() => adminSeats.action({ request: makeRequest("/admin/seats", { cookie, form }), params: {}, context } as never));
const seatsGet = (cookie: string) =>
  run(() => adminSeats.loader({ request: makeRequest("/admin/seats", { cookie }), params: {}, context } as never));
const coursePost = (cookie: string, slug: string, form: Record<string, string>) =>
  run(() =>
    coursePage.action({ request: makeRequest(`/courses/${slug}`, { cookie, form }), params: { slug }, context } as never),
  );
const courseGet = (slug: string, cookie?: string) =>
  run(() => coursePage.loader({ request: makeRequest(`/courses/${slug}`, { cookie }), params: { slug }, context } as never));
const learnGet = (cookie: string) =>
  run(() => learn.loader({ request: makeRequest("/learn", { cookie }), params: {}, context } as never));
const learnPost = (cookie: string, form: Record<string, string>) =>
  run(() => learn.action({ request: makeRequest("/learn", { cookie, form }), params: {}, context } as never));

const errorsOf = (outcome: unknown) =>
  (outcome as { data?: { result?: { error?: Record<string, string[]> } } }).data?.result?.error;
const placeOf = (outcome: unknown) => (outcome as { data: { place: unknown } }).data.place;

describe("the course page's place panel", () => {
  test("a learner asks for a place, sees their position, withdraws; a visitor's page holds no learner data", async () => {
    const course = await createCourseOpenForCohorts();
    const first = await learnerWithCookie();
    await createWaitlistEntry({ learnerId: first.id, courseId: course.id });
    const me = await learnerWithCookie();

    expect(placeOf(await courseGet(course.slug, me.cookie))).toEqual({ kind: "open" });
    expect(await coursePost(me.cookie, course.slug, { intent: "request", courseId: course.id })).toMatchObject({
      kind: "thrown",
      status: 302,
      location: `/courses/${course.slug}`,
    });
    const entry = await prisma.waitlistEntry.findFirstOrThrow({ where: { learnerId: me.id, courseId: course.id } });
    expect(placeOf(await courseGet(course.slug, me.cookie))).toEqual({ kind: "waiting", entryId: entry.id, position: 2 });
    // Asking twice is a form message (409), not a second request.
    const again = await coursePost(me.cookie, course.slug, { intent: "request", courseId: course.id });
    expect(again).toMatchObject({ kind: "ok", status: 409 });
    expect(await prisma.waitlistEntry.count({ where: { learnerId: me.id, courseId: course.id } })).toBe(1);

    // The anonymous page has no place (and is the one the HTML cache may keep).
    expect(placeOf(await courseGet(course.slug))).toBeNull();

    await coursePost(me.cookie, course.slug, { intent: "withdraw", entryId: entry.id });
    expect((await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("withdrawn");
    expect(placeOf(await courseGet(course.slug, me.cookie))).toEqual({ kind: "open" });
  });

  test("an enrolled learner sees their cohort; staff see no request form; a visitor cannot post", async () => {
    const course = await createCourseOpenForCohorts();
    const cohort = await createCohort({ courseId: course.id, name: "Spring evenings" });
    const me = await learnerWithCookie();
    await createEnrolment({ learnerId: me.id, cohortId: cohort.id });
    expect(placeOf(await courseGet(course.slug, me.cookie))).toEqual({ kind: "enrolled", cohort: "Spring evenings" });
    expect(placeOf(await courseGet(course.slug, admin))).toEqual({ kind: "staff" });

    const anonymous = await coursePost("", course.slug, { intent: "request", courseId: course.id });
    expect(anonymous).toMatchObject({ kind: "thrown" });
    expect((anonymous as { location?: string }).location ?? "").toMatch(/^\/login/);
    // An admin has no seat-request permission of their own.
    expect(await coursePost(admin, course.slug, { intent: "request", courseId: course.id })).toMatchObject({ status: 403 });
    expect(await prisma.waitlistEntry.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("a learner cannot withdraw another learner's request (not found, nothing changes)", async () => {
    const course = await createCourseOpenForCohorts();
    const other = await learnerWithCookie();
    const entry = await createWaitlistEntry({ learnerId: other.id, courseId: course.id });
    const me = await learnerWithCookie();
    expect(await coursePost(me.cookie, course.slug, { intent: "withdraw", entryId: entry.id })).toMatchObject({ status: 404 });
    expect(await learnPost(me.cookie, { entryId: entry.id })).toMatchObject({ status: 404 });
    expect((await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("waiting");
  });
});

describe("the learner dashboard", () => {
  test("lists my requests with positions and my enrolments, and nobody else's", async () => {
    const course = await createCourseOpenForCohorts({ title: "Statistics for field work" });
    const other = await createCourseOpenForCohorts({ title: "Reading maps" });
    const cohort = await createCohort({ courseId: other.id, name: "Winter mornings" });
    const someone = await learnerWithCookie();
    await createWaitlistEntry({ learnerId: someone.id, courseId: course.id });
    const me = await learnerWithCookie();
    const mine = await createWaitlistEntry({ learnerId: me.id, courseId: course.id });
    await createEnrolment({ learnerId: me.id, cohortId: cohort.id });
    await createEnrolment({ learnerId: someone.id, cohortId: cohort.id });

    const page = (await learnGet(me.cookie)) as { data: { learning: Awaited<ReturnType<typeof getMyLearning>> } };
    expect(page.data.learning.waiting).toEqual([expect.objectContaining({ id: mine.id, position: 2 })]);
    expect(page.data.learning.waiting[0]!.course).toMatchObject({ title: "Statistics for field work" });
    expect(page.data.learning.enrolments).toEqual([
      expect.objectContaining({ status: "active", cohort: expect.objectContaining({ name: "Winter mornings" }) }),
    ]);

    expect(await learnPost(me.cookie, { entryId: mine.id })).toMatchObject({ kind: "thrown", location: "/learn?done=withdrawn" });
    expect((await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("withdrawn");
  });
});

describe("the admin seats page", () => {
  test("an educator and a learner cannot see it; a learner cannot allocate, create seats or auto-allocate", async () => {
    const course = await createCourseOpenForCohorts();
    const cohort = await createCohort({ courseId: course.id });
    await createSeats({ courseId: course.id, count: 2 });
    const me = await learnerWithCookie();
    const entry = await createWaitlistEntry({ learnerId: me.id, courseId: course.id });

    expect(await seatsGet(educator)).toMatchObject({ status: 403 });
    expect(await seatsGet(me.cookie)).toMatchObject({ status: 403 });
    for (const cookie of [me.cookie, educator]) {
      expect(await seatsPost(cookie, { intent: "allocate", entryId: entry.id, cohortId: cohort.id })).toMatchObject({
        status: 403,
      });
      expect(await seatsPost(cookie, { intent: "create", courseId: course.id, count: "3" })).toMatchObject({ status: 403 });
      expect(await seatsPost(cookie, { intent: "auto", cohortId: cohort.id })).toMatchObject({ status: 403 });
    }
    expect(await prisma.enrolment.count({ where: { cohortId: cohort.id } })).toBe(0);
    expect(await prisma.seat.count({ where: { courseId: course.id } })).toBe(2);
  });

  test("an admin creates seats, sees fill and the waitlist in order, allocates; errors are form messages", async () => {
    const course = await createCourseOpenForCohorts({ title: "Seats page course" });
    const cohort = await createCohort({ courseId: course.id, capacity: 1, name: "One place" });
    const a = await learnerWithCookie();
    const b = await learnerWithCookie();
    const first = await createWaitlistEntry({
      learnerId: a.id,
      courseId: course.id,
      createdAt: new Date("2026-01-01T00:00:00Z"),
    });
    const second = await createWaitlistEntry({
      learnerId: b.id,
      courseId: course.id,
      createdAt: new Date("2026-01-02T00:00:00Z"),
    });

    // No seat yet: the allocation is refused with a message on the cohort field.
    const noSeat = await seatsPost(admin, { intent: "allocate", entryId: first.id, cohortId: cohort.id });
    expect(noSeat).toMatchObject({ kind: "ok", status: 409 });
    expect(errorsOf(noSeat)).toEqual({ cohortId: ["reason.seat.none_free"] });

    const badCount = await seatsPost(admin, { intent: "create", courseId: course.id, count: "0" });
    expect(badCount).toMatchObject({ kind: "ok", status: 400 });
    expect(errorsOf(badCount)).toEqual({ count: ["seat.count_invalid"] });
    expect(await seatsPost(admin, { intent: "create", courseId: course.id, cohortId: cohort.id, count: "2" })).toMatchObject({
      kind: "thrown",
      location: "/admin/seats?done=created",
    });

    const page = (await seatsGet(admin)) as {
      data: {
        cohorts: { id: string; taken: number; capacity: number; freeSeats: number }[];
        waitlists: { course: { id: string }; entries: { id: string; position: number }[] }[];
      };
    };
    expect(page.data.cohorts.find((c) => c.id === cohort.id)).toMatchObject({ taken: 0, capacity: 1, freeSeats: 2 });
    const list = page.data.waitlists.find((w) => w.course.id === course.id);
    expect(list?.entries.map((e) => [e.id, e.position])).toEqual([
      [first.id, 1],
      [second.id, 2],
    ]);

    expect(await seatsPost(admin, { intent: "allocate", entryId: first.id, cohortId: cohort.id })).toMatchObject({
      kind: "thrown",
      location: "/admin/seats?done=allocated",
    });
    // The cohort is now full: a message, and the second learner stays waiting.
    const full = await seatsPost(admin, { intent: "allocate", entryId: second.id, cohortId: cohort.id });
    expect(full).toMatchObject({ kind: "ok", status: 409 });
    expect(errorsOf(full)).toEqual({ cohortId: ["reason.cohort.full"] });
    expect(await prisma.enrolment.findMany({ where: { cohortId: cohort.id }, select: { learnerId: true } })).toEqual([
      { learnerId: a.id },
    ]);
    expect((await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("waiting");
  });

  test("a missing prerequisite is a message on the reason field; a reason waives it; auto-allocation fills a cohort", async () => {
    const before = await createCourseOpenForCohorts();
    const course = await createCourseOpenForCohorts({ prerequisites: [before.slug] });
    const cohort = await createCohort({ courseId: course.id });
    await createSeats({ courseId: course.id, count: 3 });
    const me = await learnerWithCookie();
    const entry = await createWaitlistEntry({ learnerId: me.id, courseId: course.id });

    const missing = await seatsPost(admin, { intent: "allocate", entryId: entry.id, cohortId: cohort.id });
    expect(missing).toMatchObject({ kind: "ok", status: 409 });
    expect(errorsOf(missing)).toEqual({ waiveReason: ["reason.enrolment.prerequisite_missing"] });
    await seatsPost(admin, { intent: "allocate", entryId: entry.id, cohortId: cohort.id, waiveReason: "Studied it elsewhere" });
    expect(await prisma.enrolment.findFirstOrThrow({ where: { learnerId: me.id } })).toMatchObject({
      cohortId: cohort.id,
      waivedPrerequisite: "Studied it elsewhere",
    });

    const open = await createCourseOpenForCohorts();
    const openCohort = await createCohort({ courseId: open.id });
    await createSeats({ courseId: open.id, count: 1 });
    const waiting = await learnerWithCookie();
    await createWaitlistEntry({ learnerId: waiting.id, courseId: open.id });
    expect(await seatsPost(admin, { intent: "auto", cohortId: openCohort.id })).toMatchObject({
      kind: "thrown",
      location: "/admin/seats?done=auto",
    });
    expect(await prisma.enrolment.count({ where: { cohortId: openCohort.id, learnerId: waiting.id } })).toBe(1);
  });
});
