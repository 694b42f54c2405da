import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createGradedEnrolment, rolesAround } from "#tests/progress-fixtures.ts";
import { createGradedCourse } from "#tests/progress-fixtures.ts";
import { grantAccommodation } from "./grant-accommodation.server.ts";
import { getEnrolmentGrade, getTaughtEnrolment } from "./progress.server.ts";
import { createSuspendedEducator } from "#tests/factories.ts";
import { assignEducatorToCohort } from "#tests/learning-factories.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";

const STARTS = new Date("2027-03-01T00:00:00Z");
const ENDS = new Date("2027-04-30T00:00:00Z");
const accommodations = (enrolmentId: string) => prisma.accommodation.findMany({ where: { enrolmentId } });
const audits = (enrolmentId: string) =>
  prisma.auditEvent.findMany({ where: { action: "accommodation.granted", entityId: enrolmentId } });

async function setup(options: Parameters<typeof createGradedEnrolment>[0] = {}) {
  const f = await createGradedEnrolment({ startsOn: STARTS, endsOn: ENDS, quiz: { dueDays: 14 }, ...options });
  return { ...f, roles: await rolesAround(f.cohort.id) };
}

describe("granting more time or attempts", () => {
  test("an educator of the cohort gives a later date and extra attempts; the learner sees only the new terms", async () => {
    const f = await setup();
    await grantAccommodation(f.roles.teacher, {
      enrolmentId: f.enrolment.id,
      lessonId: f.quiz.id,
      dueOn: new Date("2027-03-20T00:00:00Z"),
      extraAttempts: 2,
      note: "Hospital appointment this week.",
    });
    const [row] = await accommodations(f.enrolment.id);
    expect(row).toMatchObject({
      lessonId: f.quiz.id,
      dueAt: new Date("2027-03-20T23:59:59.999Z"),
      extraAttempts: 2,
      note: "Hospital appointment this week.",
      createdById: f.roles.teacher.id,
    });
    const [audit] = await audits(f.enrolment.id);
    expect(audit!.actorId).toBe(f.roles.teacher.id);
    expect(JSON.stringify(audit!.data)).not.toContain("Hospital");
    expect(audit!.data).toMatchObject({ lessonId: f.quiz.id, extraAttempts: 2, withNote: true });
    expect(await prisma.inAppNotice.count({ where: { userId: f.learner.id } })).toBe(1);

    const grade = await getEnrolmentGrade(await actorFor(f.learner.id), f.enrolment.id);
    const quiz = grade.components.find((c) => c.lessonId === f.quiz.id)!;
    expect(quiz).toMatchObject({ dueAt: new Date("2027-03-20T23:59:59.999Z"), attemptsAllowed: 4, attemptsLeft: 4 });
    expect(JSON.stringify(grade)).not.toContain("Hospital");
    expect(JSON.stringify(grade)).not.toMatch(/accommodation|note/i);
  });

  test("a second grant replaces the first (one row per learner and lesson); empty terms restore the usual", async () => {
    const f = await setup();
    const base = { enrolmentId: f.enrolment.id, lessonId: f.quiz.id, note: "" };
    await grantAccommodation(f.roles.teacher, { ...base, dueOn: new Date("2027-03-20T00:00:00Z"), extraAttempts: 1 });
    await grantAccommodation(f.roles.teacher, { ...base, extraAttempts: 3 });
    expect(await accommodations(f.enrolment.id)).toMatchObject([{ dueAt: null, extraAttempts: 3, note: "" }]);
    expect(await audits(f.enrolment.id)).toHaveLength(2);
  });

  test("an assignment gets more time (the cohort's end is its usual date); extra attempts are for quizzes", async () => {
    const f = await setup();
    await expect(
      grantAccommodation(f.roles.teacher, { enrolmentId: f.enrolment.id, lessonId: f.assignment.id, extraAttempts: 1, note: "" }),
    ).rejects.toMatchObject({ reason: "accommodation.attempts_quiz_only", field: "extraAttempts" });
    await expect(
      grantAccommodation(f.roles.teacher, {
        enrolmentId: f.enrolment.id,
        lessonId: f.assignment.id,
        dueOn: new Date("2027-04-30T00:00:00Z"),
        extraAttempts: 0,
        note: "",
      }),
    ).rejects.toMatchObject({ reason: "accommodation.not_later", field: "dueOn" });
    expect(await accommodations(f.enrolment.id)).toEqual([]);
    await grantAccommodation(f.roles.teacher, {
      enrolmentId: f.enrolment.id,
      lessonId: f.assignment.id,
      dueOn: new Date("2027-05-01T00:00:00Z"),
      extraAttempts: 0,
      note: "",
    });
    expect(await accommodations(f.enrolment.id)).toMatchObject([{ dueAt: new Date("2027-05-01T23:59:59.999Z") }]);
  });

  test("a date not later than the usual one, or for work without a due date, is refused on its field", async () => {
    const f = await setup();
    // the quiz is due 14 days after the start: 2027-03-15, end of day
    await expect(
      grantAccommodation(f.roles.teacher, {
        enrolmentId: f.enrolment.id,
        lessonId: f.quiz.id,
        dueOn: new Date("2027-03-15T00:00:00Z"),
        extraAttempts: 0,
        note: "",
      }),
    ).rejects.toMatchObject({ reason: "accommodation.not_later", field: "dueOn" });
    const open = await createGradedEnrolment({ startsOn: STARTS, endsOn: null });
    const roles = await rolesAround(open.cohort.id);
    await expect(
      grantAccommodation(roles.teacher, {
        enrolmentId: open.enrolment.id,
        lessonId: open.quiz.id,
        dueOn: new Date("2027-06-01T00:00:00Z"),
        extraAttempts: 0,
        note: "",
      }),
    ).rejects.toMatchObject({ reason: "accommodation.no_due_date", field: "dueOn" });
    expect(await accommodations(f.enrolment.id)).toEqual([]);
    expect(await accommodations(open.enrolment.id)).toEqual([]);
  });

  test("a text lesson is refused; another revision's lesson and a forged id are not found", async () => {
    const f = await setup();
    const text = f.lessons.find((l) => l.kind === "text")!;
    const input = { enrolmentId: f.enrolment.id, extraAttempts: 1, note: "" };
    await expect(grantAccommodation(f.roles.teacher, { ...input, lessonId: text.id })).rejects.toMatchObject({
      reason: "accommodation.not_assessment",
      field: "lessonId",
    });
    const other = await createGradedCourse();
    await expect(grantAccommodation(f.roles.teacher, { ...input, lessonId: other.quiz.id })).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(grantAccommodation(f.roles.teacher, { ...input, lessonId: "cforgedlesson0000" })).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(
      grantAccommodation(f.roles.teacher, { ...input, lessonId: f.quiz.id, enrolmentId: "cforgedenrol0000" }),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
    expect(await accommodations(f.enrolment.id)).toEqual([]);
  });

  test.each(["otherEducator", "otherLearner", "admin", "sponsor", "verifier"] as const)(
    "%s cannot grant anything for this enrolment (not found) and nothing changes",
    async (who) => {
      const f = await setup();
      await expect(
        grantAccommodation(f.roles[who], { enrolmentId: f.enrolment.id, lessonId: f.quiz.id, extraAttempts: 5, note: "x" }),
      ).rejects.toMatchObject({ reason: "not_found" });
      expect(await accommodations(f.enrolment.id)).toEqual([]);
      expect(await audits(f.enrolment.id)).toEqual([]);
    },
  );

  test("a suspended educator of the cohort is refused (403) and nothing changes", async () => {
    const f = await setup();
    const suspended = await createSuspendedEducator();
    await assignEducatorToCohort({ cohortId: f.cohort.id, userId: suspended.id });
    const actor = await actorFor(suspended.id);
    const input = { enrolmentId: f.enrolment.id, lessonId: f.quiz.id, extraAttempts: 1, note: "" };
    await expect(grantAccommodation(actor, input)).rejects.toMatchObject({ reason: "educator.not_active" });
    await expect(getTaughtEnrolment(actor, f.enrolment.id)).rejects.toMatchObject({ reason: "educator.not_active" });
    expect(await accommodations(f.enrolment.id)).toEqual([]);
  });

  test("the learner cannot give themself more attempts", async () => {
    const f = await setup();
    await expect(
      grantAccommodation(await actorFor(f.learner.id), {
        enrolmentId: f.enrolment.id,
        lessonId: f.quiz.id,
        extraAttempts: 5,
        note: "",
      }),
    ).rejects.toMatchObject({ reason: "not_found" });
    expect(await accommodations(f.enrolment.id)).toEqual([]);
  });
});
