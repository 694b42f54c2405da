// The demo seed (npm start runs it): a newcomer finds the learning area populated, and a second run
// changes nothing. Runs the real seed against the test database.
import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { DEMO, seed } from "#prisma/seed.ts";
import { DEMO_LEARNING } from "#prisma/seed-learning.ts";
import { DEMO_SPONSORSHIP, seedLearner } from "#prisma/seed-sponsorship.ts";
import { verifyPassword } from "#app/modules/identity/password.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { TEST_PASSWORD } from "#tests/factories.ts";

describe("the demo seed", () => {
  test("gives the demo learner a completed course, one in progress and a waitlist request, prices seats and fills a waitlist for sponsors; a second run changes nothing", async () => {
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

    // Sponsorship: every demo course has a seat price; one course has an open cohort with room for a
    // 12-seat order, no seats of its own, and more pseudonymous learners waiting than that, in order.
    // (Other test files share the database: only the demo courses' rows are looked at.)
    const demoCourses = await prisma.course.findMany({
      where: { slug: { in: readdirSync("content/courses") } },
      select: { id: true, seatPrice: { select: { amountMinor: true, currency: true } } },
    });
    expect(demoCourses.length).toBeGreaterThanOrEqual(4);
    expect(demoCourses.map((c) => c.seatPrice)).toEqual(demoCourses.map(() => DEMO_SPONSORSHIP.price));
    const demoCourseIds = demoCourses.map((c) => c.id);
    const course = await prisma.course.findUniqueOrThrow({ where: { slug: DEMO_SPONSORSHIP.course }, select: { id: true } });
    const cohort = await prisma.cohort.findFirstOrThrow({
      where: { courseId: course.id, name: DEMO_SPONSORSHIP.cohort },
      select: { id: true, capacity: true, endsOn: true, _count: { select: { enrolments: true, seats: true } } },
    });
    expect(cohort.capacity - cohort._count.enrolments).toBeGreaterThanOrEqual(12);
    expect(cohort.endsOn!.getTime()).toBeGreaterThan(Date.now());
    expect(cohort._count.seats).toBe(0);
    expect(await prisma.seat.count({ where: { courseId: course.id } })).toBe(0);
    const queue = await prisma.waitlistEntry.findMany({
      where: { courseId: course.id, status: "waiting" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { learnerId: true, cohortId: true },
    });
    expect(queue).toHaveLength(DEMO_SPONSORSHIP.learners);
    expect(queue.every((e) => e.cohortId === null)).toBe(true);
    const waiting = await prisma.user.findMany({
      where: { id: { in: queue.map((e) => e.learnerId) } },
      select: { id: true, username: true, displayName: true, email: true, roles: { select: { role: true } } },
    });
    const byId = new Map(waiting.map((u) => [u.id, u]));
    expect(queue.map((e) => byId.get(e.learnerId)?.username)).toEqual(
      Array.from({ length: DEMO_SPONSORSHIP.learners }, (_, i) => seedLearner(i + 1).username),
    );
    expect(waiting.every((u) => u.email === null && u.roles.map((r) => r.role).join() === "learner")).toBe(true);
    expect(byId.get(queue[0]!.learnerId)?.displayName).toBe("Seed learner 01");
    // Nobody can log in as them with a known password (each got a random one, never printed).
    const hashes = await prisma.user.findMany({
      where: { id: { in: queue.map((e) => e.learnerId) } },
      select: { passwordHash: true },
    });
    expect(new Set(hashes.map((h) => h.passwordHash)).size).toBe(DEMO_SPONSORSHIP.learners);
    expect(await verifyPassword(hashes[0]!.passwordHash, TEST_PASSWORD)).toBe(false);

    const counts = async () => ({
      enrolments: await prisma.enrolment.count({ where: { learnerId: learner.id } }),
      attempts: await prisma.quizAttempt.count({ where: { enrolment: { learnerId: learner.id } } }),
      submissions: await prisma.submission.count({ where: { enrolment: { learnerId: learner.id } } }),
      progress: await prisma.lessonProgress.count({ where: { enrolment: { learnerId: learner.id } } }),
      cohorts: await prisma.cohort.count({
        where: { name: { in: [DEMO_LEARNING.completed.cohort, DEMO_LEARNING.inProgress.cohort] } },
      }),
      waiting: await prisma.waitlistEntry.count({ where: { learnerId: learner.id } }),
      prices: await prisma.seatPrice.count({ where: { courseId: { in: demoCourseIds } } }),
      cohortsOfSponsoredCourse: await prisma.cohort.count({ where: { courseId: course.id } }),
      seedLearners: await prisma.user.count({ where: { username: { startsWith: "seed-learner-" } } }),
      sponsoredWaitlist: await prisma.waitlistEntry.count({ where: { courseId: course.id } }),
      audit: await prisma.auditEvent.count({
        where: {
          OR: [
            { action: "seat_price.set", entityId: { in: demoCourseIds } },
            { action: "waitlist.requested", actorId: { in: queue.map((e) => e.learnerId) } },
            { action: "cohort.created", entityId: cohort.id },
          ],
        },
      }),
    });
    const before = await counts();
    const again = await seed();
    expect(again.learning).toBe(0);
    expect(again.sponsorship).toBe(0);
    expect(await counts()).toEqual(before);
  }, 120_000);
});
