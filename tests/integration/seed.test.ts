// The demo seed (npm start runs it): a newcomer finds the learning area populated, and a second run
// changes nothing. Runs the real seed against the test database.
import { describe, expect, test } from "vitest";
import { DEMO, seed } from "#prisma/seed.ts";
import { DEMO_LEARNING } from "#prisma/seed-learning.ts";
import { prisma } from "#app/utils/db.server.ts";

describe("the demo seed", () => {
  test("gives the demo learner a completed course, one in progress and a waitlist request; a second run changes nothing", async () => {
    await seed();
    const learner = await prisma.user.findUniqueOrThrow({
      where: { username: DEMO.accounts.learner.username },
      select: { id: true },
    });
    const enrolments = await prisma.enrolment.findMany({
      where: { learnerId: learner.id },
      select: { status: true, finalGrade: true, creditsAwarded: true, cohort: { select: { name: true, educators: true } } },
      orderBy: { createdAt: "asc" },
    });
    expect(enrolments.map((e) => [e.cohort.name, e.status])).toEqual([
      [DEMO_LEARNING.completed.cohort, "completed"],
      [DEMO_LEARNING.inProgress.cohort, "active"],
    ]);
    expect(enrolments[0]!.finalGrade).toBeGreaterThanOrEqual(60);
    expect(enrolments[0]!.creditsAwarded).toBeGreaterThan(0);
    expect(enrolments.every((e) => e.cohort.educators.length === 1)).toBe(true);
    const inProgress = await prisma.lessonProgress.count({
      where: { enrolment: { learnerId: learner.id, status: "active" }, completedAt: { not: null } },
    });
    expect(inProgress).toBe(DEMO_LEARNING.inProgress.lessonsDone);
    expect(await prisma.waitlistEntry.count({ where: { learnerId: learner.id, waiting: true } })).toBe(1);

    const counts = async () => ({
      enrolments: await prisma.enrolment.count({ where: { learnerId: learner.id } }),
      attempts: await prisma.quizAttempt.count({ where: { enrolment: { learnerId: learner.id } } }),
      submissions: await prisma.submission.count({ where: { enrolment: { learnerId: learner.id } } }),
      progress: await prisma.lessonProgress.count({ where: { enrolment: { learnerId: learner.id } } }),
      cohorts: await prisma.cohort.count({
        where: { name: { in: [DEMO_LEARNING.completed.cohort, DEMO_LEARNING.inProgress.cohort] } },
      }),
      waiting: await prisma.waitlistEntry.count({ where: { learnerId: learner.id } }),
    });
    const before = await counts();
    const again = await seed();
    expect(again.learning).toBe(0);
    expect(await counts()).toEqual(before);
  }, 120_000);
});
