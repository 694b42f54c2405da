import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import {
  assignEducatorToCohort,
  createCohort as createCohortRow,
  createCourseOpenForCohorts,
} from "#tests/learning-factories.ts";
import { createCohort } from "./create-cohort.server.ts";
import { CreateCohortSchema } from "./schemas.ts";

const day = (s: string) => new Date(`${s}T00:00:00Z`);

const publishedCourseId = async () => (await createCourseOpenForCohorts()).id;

const cohortsOf = (courseId: string) => prisma.cohort.count({ where: { courseId } });
const auditsOf = (courseId: string) =>
  prisma.auditEvent.count({ where: { action: "cohort.created", data: { path: ["courseId"], equals: courseId } } });

describe("opening a cohort", () => {
  test("an admin opens a cohort of a published course, with its audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const courseId = await publishedCourseId();
    const cohort = await createCohort(admin, {
      courseId,
      name: "Spring 2027 A",
      startsOn: day("2027-03-01"),
      endsOn: day("2027-06-30"),
    });
    expect(await prisma.cohort.findUniqueOrThrow({ where: { id: cohort.id } })).toMatchObject({
      courseId,
      name: "Spring 2027 A",
      startsOn: day("2027-03-01"),
      endsOn: day("2027-06-30"),
    });
    expect(await auditsOf(courseId)).toBe(1);
  });

  test("a cohort may end on the day it starts, not before; nothing is written when it would", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const courseId = await publishedCourseId();
    await expect(
      createCohort(admin, { courseId, name: "Backwards", startsOn: day("2027-03-02"), endsOn: day("2027-03-01") }),
    ).rejects.toMatchObject({ reason: "cohort.dates_invalid", field: "endsOn" });
    expect(await cohortsOf(courseId)).toBe(0);
    await createCohort(admin, { courseId, name: "One day", startsOn: day("2027-03-02"), endsOn: day("2027-03-02") });
    expect(await cohortsOf(courseId)).toBe(1);
  });

  test("a course that is not published, or archived, is refused on the course field, and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const draft = await prisma.course.create({ data: { slug: `draft-${Date.now()}` }, select: { id: true } });
    const archived = await publishedCourseId();
    await prisma.course.update({ where: { id: archived }, data: { archivedAt: new Date() } });
    for (const courseId of [draft.id, archived, "cmxnosuchcourse0000000000"]) {
      await expect(createCohort(admin, { courseId, name: "No", startsOn: day("2027-03-01") })).rejects.toMatchObject({
        reason: "cohort.course_unavailable",
        field: "courseId",
      });
      expect(await cohortsOf(courseId)).toBe(0);
      expect(await auditsOf(courseId)).toBe(0);
    }
  });

  test.each(["learner", "educator"] as const)("the %s cannot open a cohort, and nothing is written", async (who) => {
    const actor = await actorFor((who === "learner" ? await createLearner() : await createApprovedEducator()).id);
    const courseId = await publishedCourseId();
    await expect(createCohort(actor, { courseId, name: "Mine", startsOn: day("2027-03-01") })).rejects.toMatchObject({
      reason: "permission.denied",
      status: 403,
    });
    expect(await cohortsOf(courseId)).toBe(0);
    expect(await auditsOf(courseId)).toBe(0);
  });
});

describe("capacity, language and the pinned revision", () => {
  test("a cohort teaches the revision published when it opens, in its language, and keeps it", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const course = await createCourseOpenForCohorts();
    const cohort = await createCohort(admin, { courseId: course.id, name: "Pinned", startsOn: day("2027-03-01"), capacity: 12 });
    expect(await prisma.cohort.findUniqueOrThrow({ where: { id: cohort.id } })).toMatchObject({
      revisionId: course.revisionId,
      language: "en",
      capacity: 12,
    });
    // A new revision is published later: the cohort keeps the one it opened with.
    const next = await prisma.courseRevision.create({
      data: {
        courseId: course.id,
        number: 2,
        status: "published",
        title: "Second",
        summary: "Second revision.",
        subject: "mathematics",
        level: "introductory",
        language: "es",
        outcomes: [],
        credits: 5,
        creditUnit: "ECTS",
        studyHours: 100,
        passMark: 60,
      },
    });
    await prisma.course.update({ where: { id: course.id }, data: { publishedRevisionId: next.id } });
    expect((await prisma.cohort.findUniqueOrThrow({ where: { id: cohort.id } })).revisionId).toBe(course.revisionId);
    const later = await createCohort(admin, { courseId: course.id, name: "Later", startsOn: day("2027-09-01") });
    expect(await prisma.cohort.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({
      revisionId: next.id,
      language: "es",
      capacity: 30,
    });
  });

  test("a negative, zero, fractional or huge capacity is a field error, and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const courseId = await publishedCourseId();
    for (const capacity of [-1, 0, 2.5, 1001]) {
      const parsed = CreateCohortSchema.safeParse({ intent: "create", courseId, name: "N", startsOn: "2027-03-01", capacity });
      expect(parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["capacity", "cohort.capacity_invalid"],
      ]);
      await expect(createCohort(admin, { courseId, name: "N", startsOn: day("2027-03-01"), capacity })).rejects.toMatchObject({
        reason: "cohort.capacity_invalid",
        field: "capacity",
      });
    }
    expect(await cohortsOf(courseId)).toBe(0);
  });

  test("a cohort that ends before it starts is a field error on the end date", () => {
    const parsed = CreateCohortSchema.safeParse({
      intent: "create",
      courseId: "cmxsomecourse000000000000",
      name: "Backwards",
      startsOn: "2027-03-02",
      endsOn: "2027-03-01",
    });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["endsOn", "cohort.end_before_start"],
    ]);
  });
});

describe("teaching records are never deleted in cascade", () => {
  test("the database refuses to delete a course that has a cohort", async () => {
    const cohort = await createCohortRow();
    await expect(prisma.course.delete({ where: { id: cohort.courseId } })).rejects.toThrow();
    expect(await prisma.course.count({ where: { id: cohort.courseId } })).toBe(1);
    expect(await prisma.cohort.count({ where: { id: cohort.id } })).toBe(1);
  });

  test("the database refuses to delete a cohort that has educators and their hours", async () => {
    const cohort = await createCohortRow();
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id, volunteerHours: 12.5 });
    await expect(prisma.cohort.delete({ where: { id: cohort.id } })).rejects.toThrow();
    const row = await prisma.cohortEducator.findUniqueOrThrow({
      where: { cohortId_userId: { cohortId: cohort.id, userId: educator.id } },
    });
    expect(row.volunteerHours).toBe(12.5);
  });
});
