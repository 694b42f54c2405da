import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner } from "#tests/factories.ts";
import {
  createCohort,
  createCourseOpenForCohorts,
  createEnrolment,
  createSeats,
  createWaitlistEntry,
} from "#tests/learning-factories.ts";
import { allocateSeat } from "./allocate-seat.server.ts";

const admin = async () => actorFor((await createAdmin()).id);
const waiting = async (courseId: string) => createWaitlistEntry({ learnerId: (await createLearner()).id, courseId });
const enrolmentsOf = (cohortId: string) => prisma.enrolment.count({ where: { cohortId } });
const entryStatus = async (id: string) => (await prisma.waitlistEntry.findUniqueOrThrow({ where: { id } })).status;
const freeSeats = (courseId: string) => prisma.seat.count({ where: { courseId, usedAt: null } });
const allocations = (cohortId: string) =>
  prisma.auditEvent.count({ where: { action: "seat.allocated", data: { path: ["cohortId"], equals: cohortId } } });

describe("allocating a seat", () => {
  test("an admin enrols a waitlisted learner through a seat: entry allocated, seat used once, audited", async () => {
    const actor = await admin();
    const cohort = await createCohort({ capacity: 2 });
    await createSeats({ courseId: cohort.courseId, count: 1 });
    const entry = await waiting(cohort.courseId);
    const enrolment = await allocateSeat(actor, { entryId: entry.id, cohortId: cohort.id });
    expect(await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).toMatchObject({
      learnerId: entry.learnerId,
      cohortId: cohort.id,
      status: "active",
      waivedPrerequisite: null,
    });
    expect(await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      status: "allocated",
      waiting: null,
      enrolmentId: enrolment.id,
      cohortId: cohort.id,
    });
    expect((await prisma.seat.findUniqueOrThrow({ where: { id: enrolment.seatId } })).usedAt).not.toBeNull();
    expect(await allocations(cohort.id)).toBe(1);
    // The entry is no longer waiting: a second allocation is refused and nothing more is written.
    await expect(allocateSeat(actor, { entryId: entry.id, cohortId: cohort.id })).rejects.toMatchObject({
      reason: "waitlist.not_waiting",
    });
    expect(await enrolmentsOf(cohort.id)).toBe(1);
  });

  test("a cohort's own seats are used before the course's", async () => {
    const cohort = await createCohort();
    await createSeats({ courseId: cohort.courseId, count: 1 });
    await createSeats({ courseId: cohort.courseId, cohortId: cohort.id, count: 1 });
    const enrolment = await allocateSeat(await admin(), { entryId: (await waiting(cohort.courseId)).id, cohortId: cohort.id });
    expect((await prisma.seat.findUniqueOrThrow({ where: { id: enrolment.seatId } })).cohortId).toBe(cohort.id);
  });

  test("a full cohort, a missing seat, a withdrawn request or another course's cohort are refused, writing nothing", async () => {
    const actor = await admin();
    const full = await createCohort({ capacity: 1 });
    await createEnrolment({ learnerId: (await createLearner()).id, cohortId: full.id });
    await createSeats({ courseId: full.courseId, count: 1 });
    const entry = await waiting(full.courseId);
    await expect(allocateSeat(actor, { entryId: entry.id, cohortId: full.id })).rejects.toMatchObject({ reason: "cohort.full" });

    const noSeats = await createCohort({ courseId: full.courseId, capacity: 5 });
    await prisma.seat.updateMany({ where: { courseId: full.courseId, usedAt: null }, data: { usedAt: new Date() } });
    await expect(allocateSeat(actor, { entryId: entry.id, cohortId: noSeats.id })).rejects.toMatchObject({
      reason: "seat.none_free",
    });

    const other = await createCohort();
    await createSeats({ courseId: other.courseId, count: 1 });
    await expect(allocateSeat(actor, { entryId: entry.id, cohortId: other.id })).rejects.toMatchObject({
      reason: "cohort.unavailable",
    });
    await expect(allocateSeat(actor, { entryId: entry.id, cohortId: "cmxnosuchcohort0000000000" })).rejects.toMatchObject({
      reason: "cohort.unavailable",
    });

    const withdrawn = await waiting(other.courseId);
    await prisma.waitlistEntry.update({ where: { id: withdrawn.id }, data: { status: "withdrawn", waiting: null } });
    await expect(allocateSeat(actor, { entryId: withdrawn.id, cohortId: other.id })).rejects.toMatchObject({
      reason: "waitlist.not_waiting",
    });

    expect(await entryStatus(entry.id)).toBe("waiting");
    expect(await enrolmentsOf(full.id)).toBe(1);
    expect(await enrolmentsOf(noSeats.id)).toBe(0);
    expect(await enrolmentsOf(other.id)).toBe(0);
    expect(await freeSeats(other.courseId)).toBe(1);
    expect((await allocations(full.id)) + (await allocations(noSeats.id)) + (await allocations(other.id))).toBe(0);
  });

  test("a learner cannot allocate a seat, even to themself", async () => {
    const cohort = await createCohort();
    await createSeats({ courseId: cohort.courseId, count: 1 });
    const learner = await createLearner();
    const entry = await createWaitlistEntry({ learnerId: learner.id, courseId: cohort.courseId });
    await expect(allocateSeat(await actorFor(learner.id), { entryId: entry.id, cohortId: cohort.id })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await enrolmentsOf(cohort.id)).toBe(0);
    expect(await freeSeats(cohort.courseId)).toBe(1);
  });
});

describe("prerequisites", () => {
  const setUp = async () => {
    const basics = await createCourseOpenForCohorts();
    const basicsCohort = await createCohort({ courseId: basics.id });
    const advanced = await createCourseOpenForCohorts({ prerequisites: [basics.slug] });
    const cohort = await createCohort({ courseId: advanced.id });
    await createSeats({ courseId: advanced.id, count: 3 });
    return { basicsCohort, cohort };
  };

  test("a learner without a passed prerequisite is refused; nothing is written", async () => {
    const { cohort, basicsCohort } = await setUp();
    const entry = await waiting(cohort.courseId);
    // Enrolled but not completed does not count as passed.
    await createEnrolment({ learnerId: entry.learnerId, cohortId: basicsCohort.id, status: "active" });
    await expect(allocateSeat(await admin(), { entryId: entry.id, cohortId: cohort.id })).rejects.toMatchObject({
      reason: "enrolment.prerequisite_missing",
      field: "waiveReason",
    });
    expect(await enrolmentsOf(cohort.id)).toBe(0);
    expect(await freeSeats(cohort.courseId)).toBe(3);
    expect(await entryStatus(entry.id)).toBe("waiting");
  });

  test("an admin may waive it with a reason, kept on the enrolment and audited", async () => {
    const { cohort } = await setUp();
    const entry = await waiting(cohort.courseId);
    const actor = await admin();
    const enrolment = await allocateSeat(actor, { entryId: entry.id, cohortId: cohort.id, waiveReason: "Studied it elsewhere" });
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).waivedPrerequisite).toBe(
      "Studied it elsewhere",
    );
    expect(
      await prisma.auditEvent.count({
        where: { action: "enrolment.prerequisite_waived", entityId: enrolment.id, actorId: actor.id },
      }),
    ).toBe(1);
  });

  test("a completed enrolment in the prerequisite course counts as passed: no waiver needed", async () => {
    const { cohort, basicsCohort } = await setUp();
    const entry = await waiting(cohort.courseId);
    await createEnrolment({ learnerId: entry.learnerId, cohortId: basicsCohort.id, status: "completed" });
    const enrolment = await allocateSeat(await admin(), { entryId: entry.id, cohortId: cohort.id });
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).waivedPrerequisite).toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "enrolment.prerequisite_waived", entityId: enrolment.id } })).toBe(0);
  });
});

// Run on PostgreSQL (real concurrency, row locks) and on PGlite (one connection: serialised).
describe("allocations at the same moment", () => {
  test("two allocations for the last place never over-fill the cohort", async () => {
    const actor = await admin();
    const cohort = await createCohort({ capacity: 1 });
    await createSeats({ courseId: cohort.courseId, count: 2 });
    const [a, b] = [await waiting(cohort.courseId), await waiting(cohort.courseId)];
    const results = await Promise.allSettled([
      allocateSeat(actor, { entryId: a.id, cohortId: cohort.id }),
      allocateSeat(actor, { entryId: b.id, cohortId: cohort.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { reason: "cohort.full" } });
    expect(await enrolmentsOf(cohort.id)).toBe(1);
    expect(await freeSeats(cohort.courseId)).toBe(1);
  });

  test("one seat is never used twice, even by allocations to two cohorts at once", async () => {
    const actor = await admin();
    const course = await createCourseOpenForCohorts();
    const [one, two] = [await createCohort({ courseId: course.id }), await createCohort({ courseId: course.id })];
    await createSeats({ courseId: course.id, count: 1 });
    const [a, b] = [await waiting(course.id), await waiting(course.id)];
    const results = await Promise.allSettled([
      allocateSeat(actor, { entryId: a.id, cohortId: one.id }),
      allocateSeat(actor, { entryId: b.id, cohortId: two.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { reason: "seat.none_free" } });
    expect(await prisma.enrolment.count({ where: { cohort: { courseId: course.id } } })).toBe(1);
  });

  test("the database itself refuses a second enrolment on a used seat", async () => {
    const cohort = await createCohort();
    const enrolment = await createEnrolment({ learnerId: (await createLearner()).id, cohortId: cohort.id });
    await expect(
      prisma.enrolment.create({ data: { learnerId: (await createLearner()).id, cohortId: cohort.id, seatId: enrolment.seatId } }),
    ).rejects.toThrow();
    expect(await enrolmentsOf(cohort.id)).toBe(1);
  });
});
