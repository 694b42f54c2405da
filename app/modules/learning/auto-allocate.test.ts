import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner } from "#tests/factories.ts";
import { createCohort, createCourseOpenForCohorts, createSeats, createWaitlistEntry } from "#tests/learning-factories.ts";
import { autoAllocate } from "./auto-allocate.server.ts";

const admin = async () => actorFor((await createAdmin()).id);
const at = (minute: number) => new Date(Date.UTC(2027, 0, 1, 9, minute));
const enrolled = async (cohortId: string) =>
  (await prisma.enrolment.findMany({ where: { cohortId }, select: { learnerId: true } })).map((e) => e.learnerId).sort();

describe("auto-allocation", () => {
  test("fills free places in waitlist order while seats and places exist; a second run does nothing", async () => {
    const actor = await admin();
    const cohort = await createCohort({ capacity: 2 });
    await createSeats({ courseId: cohort.courseId, count: 5 });
    const learners = [await createLearner(), await createLearner(), await createLearner()];
    // Joined in the order 2, 0, 1.
    const entries = [
      await createWaitlistEntry({ learnerId: learners[0]!.id, courseId: cohort.courseId, createdAt: at(2) }),
      await createWaitlistEntry({ learnerId: learners[1]!.id, courseId: cohort.courseId, createdAt: at(3) }),
      await createWaitlistEntry({ learnerId: learners[2]!.id, courseId: cohort.courseId, createdAt: at(1) }),
    ];
    expect(await autoAllocate(actor, { cohortId: cohort.id })).toEqual({ allocated: 2 });
    expect(await enrolled(cohort.id)).toEqual([learners[2]!.id, learners[0]!.id].sort());
    expect((await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: entries[1]!.id } })).status).toBe("waiting");
    expect(await autoAllocate(actor, { cohortId: cohort.id })).toEqual({ allocated: 0 });
    expect(await prisma.enrolment.count({ where: { cohortId: cohort.id } })).toBe(2);
    expect(
      await prisma.auditEvent.count({ where: { action: "seat.allocated", data: { path: ["cohortId"], equals: cohort.id } } }),
    ).toBe(2);
  });

  test("stops when seats run out, skips learners missing a prerequisite and requests for another cohort", async () => {
    const actor = await admin();
    const basics = await createCourseOpenForCohorts();
    const course = await createCourseOpenForCohorts({ prerequisites: [basics.slug] });
    const cohort = await createCohort({ courseId: course.id, capacity: 10 });
    const otherCohort = await createCohort({ courseId: course.id });
    await createSeats({ courseId: course.id, count: 1 });
    const [a, b] = [await createLearner(), await createLearner()];
    await createWaitlistEntry({ learnerId: a.id, courseId: course.id, createdAt: at(1) });
    await createWaitlistEntry({ learnerId: b.id, courseId: course.id, cohortId: otherCohort.id, createdAt: at(2) });
    expect(await autoAllocate(actor, { cohortId: cohort.id })).toEqual({ allocated: 0 });

    const plain = await createCohort({ capacity: 10 });
    await createSeats({ courseId: plain.courseId, count: 1 });
    for (const minute of [1, 2])
      await createWaitlistEntry({ learnerId: (await createLearner()).id, courseId: plain.courseId, createdAt: at(minute) });
    expect(await autoAllocate(actor, { cohortId: plain.id })).toEqual({ allocated: 1 });
    expect(await prisma.waitlistEntry.count({ where: { courseId: plain.courseId, status: "waiting" } })).toBe(1);
  });

  test("two auto-allocations at once produce each enrolment once", async () => {
    const actor = await admin();
    const cohort = await createCohort({ capacity: 3 });
    await createSeats({ courseId: cohort.courseId, count: 10 });
    for (let i = 0; i < 5; i++)
      await createWaitlistEntry({ learnerId: (await createLearner()).id, courseId: cohort.courseId, createdAt: at(i) });
    const results = await Promise.all([
      autoAllocate(actor, { cohortId: cohort.id }),
      autoAllocate(actor, { cohortId: cohort.id }),
    ]);
    expect(results.map((r) => r.allocated).sort()).toEqual([0, 3]);
    expect(await prisma.enrolment.count({ where: { cohortId: cohort.id } })).toBe(3);
    expect(await prisma.seat.count({ where: { courseId: cohort.courseId, usedAt: { not: null } } })).toBe(3);
    expect(await prisma.waitlistEntry.count({ where: { courseId: cohort.courseId, status: "allocated" } })).toBe(3);
  });

  test("a learner cannot run it, and nothing is written", async () => {
    const cohort = await createCohort();
    await createSeats({ courseId: cohort.courseId, count: 1 });
    const learner = await createLearner();
    await createWaitlistEntry({ learnerId: learner.id, courseId: cohort.courseId });
    await expect(autoAllocate(await actorFor(learner.id), { cohortId: cohort.id })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await prisma.enrolment.count({ where: { cohortId: cohort.id } })).toBe(0);
  });
});
