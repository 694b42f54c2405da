import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { createCohort, createCourseOpenForCohorts, createEnrolment } from "#tests/learning-factories.ts";
import { getWaitlistPosition } from "./queries.server.ts";
import { requestPlace } from "./request-place.server.ts";
import { withdrawRequest } from "./withdraw-request.server.ts";

const entriesOf = (courseId: string) => prisma.waitlistEntry.count({ where: { courseId } });
const auditsOf = (courseId: string) =>
  prisma.auditEvent.count({ where: { action: "waitlist.requested", data: { path: ["courseId"], equals: courseId } } });

describe("asking for a place", () => {
  test("a learner joins the waitlist of a published course, first come first served, with an audit row", async () => {
    const course = await createCourseOpenForCohorts();
    const first = await actorFor((await createLearner()).id);
    const second = await actorFor((await createLearner()).id);
    const a = await requestPlace(first, { courseId: course.id });
    const b = await requestPlace(second, { courseId: course.id });
    expect(await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
      learnerId: first.id,
      courseId: course.id,
      status: "waiting",
    });
    expect(await getWaitlistPosition(first, a.id)).toBe(1);
    expect(await getWaitlistPosition(second, b.id)).toBe(2);
    expect(await auditsOf(course.id)).toBe(2);
    await withdrawRequest(first, { entryId: a.id });
    expect(await getWaitlistPosition(second, b.id)).toBe(1);
    expect(await getWaitlistPosition(first, a.id)).toBeNull();
  });

  test("a request for a cohort of the course is kept with it; a cohort of another course is refused", async () => {
    const course = await createCourseOpenForCohorts();
    const cohort = await createCohort({ courseId: course.id });
    const elsewhere = await createCohort();
    const learner = await actorFor((await createLearner()).id);
    await expect(requestPlace(learner, { courseId: course.id, cohortId: elsewhere.id })).rejects.toMatchObject({
      reason: "cohort.unavailable",
      field: "cohortId",
    });
    expect(await entriesOf(course.id)).toBe(0);
    const entry = await requestPlace(learner, { courseId: course.id, cohortId: cohort.id });
    expect((await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).cohortId).toBe(cohort.id);
  });

  test("a second waiting request for the same course is refused, also when both arrive at once", async () => {
    const course = await createCourseOpenForCohorts();
    const learner = await actorFor((await createLearner()).id);
    const results = await Promise.allSettled([
      requestPlace(learner, { courseId: course.id }),
      requestPlace(learner, { courseId: course.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { reason: "waitlist.already_waiting" } });
    await expect(requestPlace(learner, { courseId: course.id })).rejects.toMatchObject({ reason: "waitlist.already_waiting" });
    expect(await entriesOf(course.id)).toBe(1);
    expect(await auditsOf(course.id)).toBe(1);
  });

  test("after withdrawing, the learner may ask again (and joins the end of the line)", async () => {
    const course = await createCourseOpenForCohorts();
    const learner = await actorFor((await createLearner()).id);
    const other = await actorFor((await createLearner()).id);
    const first = await requestPlace(learner, { courseId: course.id });
    await requestPlace(other, { courseId: course.id });
    await withdrawRequest(learner, { entryId: first.id });
    const again = await requestPlace(learner, { courseId: course.id });
    expect(await getWaitlistPosition(learner, again.id)).toBe(2);
  });

  test("a learner already enrolled in a cohort of the course is refused", async () => {
    const cohort = await createCohort();
    const learner = await actorFor((await createLearner()).id);
    await createEnrolment({ learnerId: learner.id, cohortId: cohort.id });
    await expect(requestPlace(learner, { courseId: cohort.courseId })).rejects.toMatchObject({ reason: "enrolment.exists" });
    expect(await entriesOf(cohort.courseId)).toBe(0);
  });

  test("a course that is not published, archived or unknown is refused, and nothing is written", async () => {
    const learner = await actorFor((await createLearner()).id);
    const draft = await prisma.course.create({ data: { slug: `draft-${Date.now()}` }, select: { id: true } });
    const archived = await createCourseOpenForCohorts();
    await prisma.course.update({ where: { id: archived.id }, data: { archivedAt: new Date() } });
    for (const courseId of [draft.id, archived.id, "cmxnosuchcourse0000000000"]) {
      await expect(requestPlace(learner, { courseId })).rejects.toMatchObject({
        reason: "waitlist.course_unavailable",
        field: "courseId",
      });
      expect(await entriesOf(courseId)).toBe(0);
      expect(await auditsOf(courseId)).toBe(0);
    }
  });

  test.each(["admin", "educator"] as const)("the %s cannot ask for a place, and nothing is written", async (who) => {
    const actor = await actorFor((who === "admin" ? await createAdmin() : await createApprovedEducator()).id);
    const course = await createCourseOpenForCohorts();
    await expect(requestPlace(actor, { courseId: course.id })).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await entriesOf(course.id)).toBe(0);
  });

  test("another learner's position is not found, by id", async () => {
    const course = await createCourseOpenForCohorts();
    const owner = await actorFor((await createLearner()).id);
    const other = await actorFor((await createLearner()).id);
    const entry = await requestPlace(owner, { courseId: course.id });
    await expect(getWaitlistPosition(other, entry.id)).rejects.toMatchObject({ reason: "not_found" });
    await expect(getWaitlistPosition(other, "cmxnosuchentry00000000000")).rejects.toMatchObject({ reason: "not_found" });
  });
});
