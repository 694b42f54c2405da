// Seat roll-over at the end of a cohort (issue 10): unused seats of an ended cohort move to the next cohort
// of the course that has not ended, or become course-level seats when there is none; used seats and
// seats with rollOver false stay; two runs at once move each seat once. Every run here is limited to the
// test's own courses, so files sharing a PostgreSQL database do not disturb each other.
import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { JOB_WORKERS, SEAT_ROLL_OVER_JOB } from "#app/utils/job-workers.server.ts";
import { createLearner } from "#tests/factories.ts";
import { createCohort, createCourseOpenForCohorts, createEnrolment, createWaitlistEntry } from "#tests/learning-factories.ts";
import { rollOverCohort, rollOverSeats } from "./roll-over-seats.server.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const NOW = day("2031-03-15");

type SeatSpec = { funding?: "programme" | "sponsor"; orderId?: string; rollOver?: boolean };

async function addSeats(courseId: string, cohortId: string | null, count: number, spec: SeatSpec = {}) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const seat = await prisma.seat.create({
      data: {
        courseId,
        cohortId,
        funding: spec.funding ?? "programme",
        orderId: spec.orderId ?? null,
        rollOver: spec.rollOver ?? true,
      },
      select: { id: true },
    });
    ids.push(seat.id);
  }
  return ids;
}

const cohortOf = async (seatIds: string[]) =>
  (await prisma.seat.findMany({ where: { id: { in: seatIds } }, select: { cohortId: true } })).map((s) => s.cohortId);

/** A course with an ended cohort (Jan–Mar 2031) and, as asked, later cohorts. */
async function courseWithEndedCohort() {
  const course = await createCourseOpenForCohorts();
  const ended = await createCohort({
    courseId: course.id,
    name: "Winter",
    startsOn: day("2031-01-05"),
    endsOn: day("2031-03-01"),
  });
  return { course, ended, scope: { courseIds: [course.id] } };
}

describe("rollOverSeats", () => {
  test("unused seats move to the earliest later cohort that has not ended; used and rollOver=false seats stay; audited once", async () => {
    const { course, ended, scope } = await courseWithEndedCohort();
    // Later cohorts: one that ended too, the next open one, and one after it.
    await createCohort({ courseId: course.id, name: "Short", startsOn: day("2031-02-01"), endsOn: day("2031-03-10") });
    const next = await createCohort({
      courseId: course.id,
      name: "Spring",
      startsOn: day("2031-04-01"),
      endsOn: day("2031-06-30"),
    });
    await createCohort({ courseId: course.id, name: "Summer", startsOn: day("2031-07-01") });
    // An earlier cohort still running is not "next".
    await createCohort({ courseId: course.id, name: "Long", startsOn: day("2030-09-01"), endsOn: null });

    const programme = await addSeats(course.id, ended.id, 2);
    const sponsor = await addSeats(course.id, ended.id, 3, { funding: "sponsor", orderId: "order-roll-a" });
    const kept = await addSeats(course.id, ended.id, 2, { funding: "sponsor", orderId: "order-keep", rollOver: false });
    const used = await createEnrolment({ learnerId: (await createLearner()).id, cohortId: ended.id, status: "completed" });

    const result = await rollOverSeats(NOW, scope);
    expect(result).toMatchObject({ moved: 5, cohorts: [{ cohortId: ended.id, toCohortId: next.id, moved: 5 }] });
    expect(await cohortOf([...programme, ...sponsor])).toEqual(Array(5).fill(next.id));
    expect(await cohortOf(kept)).toEqual([ended.id, ended.id]);
    expect(await cohortOf([used.seatId])).toEqual([ended.id]);

    const audits = await prisma.auditEvent.findMany({ where: { action: "seat.rolled_over", entityId: ended.id } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorId: null,
      entityType: "cohort",
      data: { courseId: course.id, toCohortId: next.id, count: 5, programme: 2, sponsor: 3, orderIds: ["order-roll-a"] },
    });

    // Nothing is left to move: a second run changes nothing and writes nothing.
    expect(await rollOverSeats(NOW, scope)).toMatchObject({ moved: 0, cohorts: [] });
    expect(await prisma.auditEvent.count({ where: { action: "seat.rolled_over", entityId: ended.id } })).toBe(1);
  });

  test("with no later cohort that has not ended, the seats become course-level seats", async () => {
    const { course, ended, scope } = await courseWithEndedCohort();
    await createCohort({ courseId: course.id, name: "Also over", startsOn: day("2031-02-01"), endsOn: day("2031-03-02") });
    const seats = await addSeats(course.id, ended.id, 2, { funding: "sponsor", orderId: "order-roll-b" });
    const result = await rollOverSeats(NOW, scope);
    // The other ended cohort has no seats: only one cohort is handled.
    expect(result.cohorts).toEqual([{ cohortId: ended.id, courseId: course.id, toCohortId: null, moved: 2 }]);
    expect(await cohortOf(seats)).toEqual([null, null]);
    expect(
      (await prisma.auditEvent.findFirstOrThrow({ where: { action: "seat.rolled_over", entityId: ended.id } })).data,
    ).toMatchObject({ toCohortId: null, count: 2 });
  });

  test("cohorts that have not ended, and course-level seats, are left alone", async () => {
    const course = await createCourseOpenForCohorts();
    const running = await createCohort({ courseId: course.id, startsOn: day("2031-01-01"), endsOn: day("2031-03-15") });
    const open = await createCohort({ courseId: course.id, startsOn: day("2031-02-01"), endsOn: null });
    const a = await addSeats(course.id, running.id, 1);
    const b = await addSeats(course.id, open.id, 1);
    const c = await addSeats(course.id, null, 1);
    // endsOn equal to now has not ended yet (ended means endsOn < now).
    expect(await rollOverSeats(NOW, { courseIds: [course.id] })).toMatchObject({ moved: 0 });
    expect(await cohortOf([...a, ...b, ...c])).toEqual([running.id, open.id, null]);
  });

  test("the moved seats are offered to the course's waitlist at once", async () => {
    const { course, ended, scope } = await courseWithEndedCohort();
    const next = await createCohort({ courseId: course.id, startsOn: day("2031-04-01") });
    const learner = await createLearner();
    await createWaitlistEntry({ learnerId: learner.id, courseId: course.id });
    await addSeats(course.id, ended.id, 2);
    const result = await rollOverSeats(NOW, scope);
    expect(result).toMatchObject({ moved: 2, allocated: 1 });
    const enrolment = await prisma.enrolment.findFirstOrThrow({ where: { learnerId: learner.id }, select: { cohortId: true } });
    expect(enrolment.cohortId).toBe(next.id);
    expect(await prisma.seat.count({ where: { cohortId: next.id, usedAt: null } })).toBe(1);
  });

  test("two runs at once move each seat once and write one audit row", async () => {
    const { course, ended, scope } = await courseWithEndedCohort();
    const next = await createCohort({ courseId: course.id, startsOn: day("2031-04-01") });
    const seats = await addSeats(course.id, ended.id, 6, { funding: "sponsor", orderId: "order-roll-c" });

    const runs = await Promise.all([rollOverSeats(NOW, scope), rollOverSeats(NOW, scope)]);
    expect(runs.map((r) => r.moved).sort()).toEqual([0, 6]);
    expect(await cohortOf(seats)).toEqual(Array(6).fill(next.id));
    expect(await prisma.auditEvent.count({ where: { action: "seat.rolled_over", entityId: ended.id } })).toBe(1);
  });

  test("two roll-overs of one cohort that both saw it as a candidate: one moves the seats, the other finds none", async () => {
    // The race the conditional update and the cohort lock are for, made certain on any database: both
    // runs listed the cohort before either moved a seat.
    const { course, ended } = await courseWithEndedCohort();
    const seats = await addSeats(course.id, ended.id, 4);
    const both = await Promise.all([rollOverCohort(ended.id, NOW), rollOverCohort(ended.id, NOW), rollOverCohort(ended.id, NOW)]);
    expect(both.filter((r) => r !== null)).toEqual([{ cohortId: ended.id, courseId: course.id, toCohortId: null, moved: 4 }]);
    expect(await cohortOf(seats)).toEqual([null, null, null, null]);
    expect(await prisma.auditEvent.count({ where: { action: "seat.rolled_over", entityId: ended.id } })).toBe(1);
  });

  test("a seat taken by an enrolment before the move stays in its cohort", async () => {
    const { course, ended } = await courseWithEndedCohort();
    const [taken, free] = await addSeats(course.id, ended.id, 2);
    await prisma.seat.update({ where: { id: taken! }, data: { usedAt: new Date() } });
    expect(await rollOverCohort(ended.id, NOW)).toMatchObject({ moved: 1 });
    expect(await cohortOf([taken!, free!])).toEqual([ended.id, null]);
  });

  test("runs daily as a job of the queue", () => {
    expect(SEAT_ROLL_OVER_JOB).toBe("learning.roll-over-seats");
    expect(JOB_WORKERS[SEAT_ROLL_OVER_JOB]).toMatchObject({ cron: "23 2 * * *" });
  });
});
