import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { createCohort, createCourseOpenForCohorts } from "#tests/learning-factories.ts";
import { createSeats } from "./create-seats.server.ts";
import { CreateSeatsSchema } from "./schemas.ts";

const seatsOf = (courseId: string) => prisma.seat.count({ where: { courseId } });
const auditsOf = (courseId: string) =>
  prisma.auditEvent.count({ where: { action: "seat.created", data: { path: ["courseId"], equals: courseId } } });

describe("creating seats", () => {
  test("an admin creates programme-funded seats for a course and for a cohort, with audit rows", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const cohort = await createCohort();
    expect(await createSeats(admin, { courseId: cohort.courseId, count: 3 })).toEqual({ count: 3 });
    await createSeats(admin, { courseId: cohort.courseId, cohortId: cohort.id, count: 2 });
    const seats = await prisma.seat.findMany({ where: { courseId: cohort.courseId } });
    expect(seats).toHaveLength(5);
    expect(seats.every((s) => s.funding === "programme" && s.usedAt === null && s.createdById === admin.id)).toBe(true);
    expect(seats.filter((s) => s.cohortId === cohort.id)).toHaveLength(2);
    expect(await auditsOf(cohort.courseId)).toBe(2);
  });

  test("the number of seats is bounded, in the form and in the operation", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const course = await createCourseOpenForCohorts();
    for (const count of [0, -1, 501, 1.5]) {
      expect(CreateSeatsSchema.safeParse({ courseId: course.id, count }).success).toBe(false);
      await expect(createSeats(admin, { courseId: course.id, count })).rejects.toMatchObject({
        reason: "seat.count_invalid",
        field: "count",
      });
    }
    expect(await seatsOf(course.id)).toBe(0);
    expect(await auditsOf(course.id)).toBe(0);
  });

  test("a cohort of another course, or a course not open, is refused and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const course = await createCourseOpenForCohorts();
    const other = await createCohort();
    await expect(createSeats(admin, { courseId: course.id, cohortId: other.id, count: 1 })).rejects.toMatchObject({
      reason: "cohort.unavailable",
    });
    await prisma.course.update({ where: { id: course.id }, data: { archivedAt: new Date() } });
    await expect(createSeats(admin, { courseId: course.id, count: 1 })).rejects.toMatchObject({
      reason: "cohort.course_unavailable",
    });
    expect(await seatsOf(course.id)).toBe(0);
  });

  test.each(["learner", "educator"] as const)("the %s cannot create seats", async (who) => {
    const actor = await actorFor((who === "learner" ? await createLearner() : await createApprovedEducator()).id);
    const course = await createCourseOpenForCohorts();
    await expect(createSeats(actor, { courseId: course.id, count: 1 })).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await seatsOf(course.id)).toBe(0);
  });
});
