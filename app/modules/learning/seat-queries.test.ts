import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { queryCounter } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import {
  createCohort,
  createCourseOpenForCohorts,
  createEnrolment,
  createSeats,
  createWaitlistEntry,
} from "#tests/learning-factories.ts";
import { getMyLearning, getSeatOverview, listWaitlistForAdmin } from "./queries.server.ts";

async function counted<T>(run: () => Promise<T>) {
  const before = queryCounter.count;
  const value = await run();
  return { value, queries: queryCounter.count - before };
}

describe("the learner's waitlist positions and enrolments", () => {
  test("shows my positions and my enrolments only, with a query count that does not grow", async () => {
    const learner = await actorFor((await createLearner()).id);
    const course = await createCourseOpenForCohorts({ title: "Waiting course" });
    await createWaitlistEntry({ learnerId: (await createLearner()).id, courseId: course.id, createdAt: new Date("2027-01-01") });
    await createWaitlistEntry({ learnerId: learner.id, courseId: course.id, createdAt: new Date("2027-01-02") });
    const cohort = await createCohort({ name: "Mine" });
    await createEnrolment({ learnerId: learner.id, cohortId: cohort.id });
    await createEnrolment({ learnerId: (await createLearner()).id, cohortId: cohort.id });

    const small = await counted(() => getMyLearning(learner));
    expect(small.value.waiting).toMatchObject([{ position: 2, course: { id: course.id, title: "Waiting course" } }]);
    expect(small.value.enrolments).toMatchObject([{ status: "active", cohort: { id: cohort.id, name: "Mine" } }]);

    for (let i = 0; i < 4; i++) {
      const c = await createCourseOpenForCohorts();
      await createWaitlistEntry({ learnerId: learner.id, courseId: c.id });
      await createEnrolment({ learnerId: learner.id, cohortId: (await createCohort()).id });
    }
    const large = await counted(() => getMyLearning(learner));
    expect(large.value.waiting).toHaveLength(5);
    expect(large.value.enrolments).toHaveLength(5);
    expect(large.queries).toBe(small.queries);
  });

  test("staff without the learner role cannot read it", async () => {
    await expect(getMyLearning(await actorFor((await createApprovedEducator()).id))).rejects.toMatchObject({
      reason: "permission.denied",
    });
  });
});

describe("the admin's cohort fill, waitlist and seats", () => {
  test("counts places taken, free seats and waiting learners, with a query count that does not grow", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const cohort = await createCohort({ capacity: 4 });
    await createEnrolment({ learnerId: (await createLearner()).id, cohortId: cohort.id });
    await createEnrolment({ learnerId: (await createLearner()).id, cohortId: cohort.id, status: "paused" });
    await createEnrolment({ learnerId: (await createLearner()).id, cohortId: cohort.id, status: "withdrawn" });
    await createSeats({ courseId: cohort.courseId, cohortId: cohort.id, count: 2 });
    await createSeats({ courseId: cohort.courseId, count: 3 });
    const waiter = await createLearner({ displayName: "Waiting River" });
    await createWaitlistEntry({ learnerId: waiter.id, courseId: cohort.courseId });

    const small = await counted(() => getSeatOverview(admin));
    expect(small.value.cohorts.find((c) => c.id === cohort.id)).toMatchObject({ capacity: 4, taken: 2, freeSeats: 2 });
    expect(small.value.courses.find((c) => c.id === cohort.courseId)).toMatchObject({ waiting: 1, freeSeats: 3 });
    for (let i = 0; i < 3; i++) {
      const c = await createCohort();
      await createSeats({ courseId: c.courseId, count: 2 });
      await createWaitlistEntry({ learnerId: (await createLearner()).id, courseId: c.courseId });
    }
    expect((await counted(() => getSeatOverview(admin))).queries).toBe(small.queries);

    expect(await listWaitlistForAdmin(admin, cohort.courseId)).toMatchObject([
      { position: 1, learnerId: waiter.id, displayName: "Waiting River" },
    ]);
  });

  test("learners and educators cannot read it", async () => {
    for (const user of [await createLearner(), await createApprovedEducator()]) {
      const actor = await actorFor(user.id);
      await expect(getSeatOverview(actor)).rejects.toMatchObject({ reason: "permission.denied" });
      await expect(listWaitlistForAdmin(actor, "cmxsomecourse000000000000")).rejects.toMatchObject({
        reason: "permission.denied",
      });
    }
  });
});
