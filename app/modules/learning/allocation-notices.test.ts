// "A place was allocated" (issue 8): the learner is told, in the app and by a neutral email delivered
// after the commit, whether an admin allocated the seat or the waitlist was worked automatically.
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { drainJobs, listJobs } from "#app/utils/jobs.server.ts";
import { EMAIL_JOB } from "#app/utils/mailer.server.ts";
import { createAdmin, createLearner, createLearnerWithoutEmail } from "#tests/factories.ts";
import { createCohort, createSeats, createWaitlistEntry } from "#tests/learning-factories.ts";
import { allocateSeat } from "./allocate-seat.server.ts";
import { autoAllocate } from "./auto-allocate.server.ts";
import { playerPath } from "./player-paths.ts";

const admin = async () => actorFor((await createAdmin()).id);
const noticesOf = (userId: string) => prisma.inAppNotice.findMany({ where: { userId }, select: { path: true, readAt: true } });
const emailJobsFor = async (userId: string) => (await listJobs(EMAIL_JOB)).filter((j) => j.data.userId === userId);

describe("a place was allocated", () => {
  test("an admin's allocation tells the learner: a notice to the course outline and one neutral email, after the commit", async () => {
    const cohort = await createCohort({ capacity: 2 });
    await createSeats({ courseId: cohort.courseId, count: 1 });
    const learner = await createLearner();
    const entry = await createWaitlistEntry({ learnerId: learner.id, courseId: cohort.courseId });
    const enrolment = await allocateSeat(await admin(), { entryId: entry.id, cohortId: cohort.id });
    expect(await noticesOf(learner.id)).toEqual([{ path: playerPath(enrolment.id), readAt: null }]);
    const email = await prisma.outboxEmail.findFirstOrThrow({ where: { to: learner.email! } });
    expect(email.text).toContain(playerPath(enrolment.id));
    expect(`${email.subject}\n${email.text}`.replace(/https?:\/\/\S+/g, "")).not.toMatch(/course|cohort|seat/i);
    expect((await emailJobsFor(learner.id)).map((j) => j.state)).toEqual(["created"]);
    await drainJobs();
    expect((await emailJobsFor(learner.id)).map((j) => j.state)).toEqual(["completed"]);
  });

  test("automatic allocation tells each learner allocated, and only them", async () => {
    const cohort = await createCohort({ capacity: 2 });
    await createSeats({ courseId: cohort.courseId, count: 2 });
    const first = await createLearner();
    const second = await createLearnerWithoutEmail();
    const third = await createLearner();
    for (const l of [first, second, third]) await createWaitlistEntry({ learnerId: l.id, courseId: cohort.courseId });
    expect(await autoAllocate(await admin(), { cohortId: cohort.id })).toEqual({ allocated: 2 });
    const enrolments = await prisma.enrolment.findMany({ where: { cohortId: cohort.id }, select: { id: true, learnerId: true } });
    const pathOf = (userId: string) => playerPath(enrolments.find((e) => e.learnerId === userId)!.id);
    expect(await noticesOf(first.id)).toEqual([{ path: pathOf(first.id), readAt: null }]);
    expect(await noticesOf(second.id)).toEqual([{ path: pathOf(second.id), readAt: null }]); // in the app only
    expect(await emailJobsFor(second.id)).toEqual([]);
    expect(await noticesOf(third.id)).toEqual([]); // still waiting: told nothing
    expect(await prisma.outboxEmail.count({ where: { to: third.email! } })).toBe(0);
  });

  test("a refused allocation tells nobody anything", async () => {
    const cohort = await createCohort({ capacity: 1 });
    const learner = await createLearner();
    const entry = await createWaitlistEntry({ learnerId: learner.id, courseId: cohort.courseId });
    await expect(allocateSeat(await admin(), { entryId: entry.id, cohortId: cohort.id })).rejects.toMatchObject({
      reason: "seat.none_free",
    });
    expect(await noticesOf(learner.id)).toEqual([]);
    expect(await prisma.outboxEmail.count({ where: { to: learner.email! } })).toBe(0);
    expect(await emailJobsFor(learner.id)).toEqual([]);
  });
});
