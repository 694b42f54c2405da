import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import { addAttempt, addSubmission, completeLessons, createGradedEnrolment, rolesAround } from "#tests/progress-fixtures.ts";
import { completeEnrolment } from "./complete-enrolment.server.ts";
import { grantAccommodation } from "./grant-accommodation.server.ts";
import { getEnrolmentGrade, getOutlinePage, getTaughtEnrolment, getTranscript } from "./progress.server.ts";

async function counted<T>(run: () => Promise<T>) {
  const before = queryCounter.count;
  const value = await run();
  return { value, queries: queryCounter.count - before };
}

const STARTS = new Date("2027-03-01T00:00:00Z");

describe("the grade so far", () => {
  test("the learner sees each component's share, percent or missing, due date, and the grade so far", async () => {
    const f = await createGradedEnrolment({ startsOn: STARTS, quiz: { dueDays: 7, weight: 3 } });
    await completeLessons(f.enrolment.id, [f.lessons[0]!.id]);
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 80);
    const grade = await getEnrolmentGrade(await actorFor(f.learner.id), f.enrolment.id);
    expect(grade).toMatchObject({ status: "active", passMark: 60, gradeSoFar: 60, done: 1, total: 5, final: null });
    expect(grade.components).toEqual([
      expect.objectContaining({
        lessonId: f.assignment.id,
        kind: "assignment",
        share: 0.25,
        percent: null,
        state: "none",
        dueAt: null,
      }),
      expect.objectContaining({
        lessonId: f.quiz.id,
        kind: "quiz",
        share: 0.75,
        percent: 80,
        state: "attempted",
        dueAt: new Date("2027-03-08T23:59:59.999Z"),
        attemptsLeft: 1,
        attemptsAllowed: 2,
      }),
    ]);
  });

  test("once completed it shows the final grade and credits", async () => {
    const f = await createGradedEnrolment();
    await completeLessons(
      f.enrolment.id,
      f.lessons.map((l) => l.id),
    );
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 100);
    await addSubmission(f.enrolment.id, f.assignment.id, 90);
    await completeEnrolment(f.enrolment.id);
    const grade = await getEnrolmentGrade(await actorFor(f.learner.id), f.enrolment.id);
    expect(grade.final).toMatchObject({ grade: 95, credits: 5, creditUnit: "ECTS" });
  });

  test("an educator of the cohort may read it; everyone else gets not found", async () => {
    const f = await createGradedEnrolment();
    const roles = await rolesAround(f.cohort.id);
    await expect(getEnrolmentGrade(roles.teacher, f.enrolment.id)).resolves.toMatchObject({ enrolmentId: f.enrolment.id });
    for (const who of ["otherEducator", "otherLearner", "admin", "sponsor", "verifier"] as const) {
      await expect(getEnrolmentGrade(roles[who], f.enrolment.id)).rejects.toMatchObject({ reason: "not_found" });
    }
    await expect(getEnrolmentGrade(await actorFor(f.learner.id), "cforgedenrol0000")).rejects.toMatchObject({
      reason: "not_found",
    });
  });
});

describe("the outline page", () => {
  test("a fixed number of queries, whatever the attempts, progress and terms", async () => {
    const f = await createGradedEnrolment();
    const actor = await actorFor(f.learner.id);
    await getOutlinePage(actor, f.enrolment.id); // warm (a first call may connect)
    const small = await counted(() => getOutlinePage(actor, f.enrolment.id));
    await completeLessons(
      f.enrolment.id,
      f.lessons.map((l) => l.id),
    );
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 10);
    await addAttempt(f.enrolment.id, f.quiz.id, 2, 20);
    await addSubmission(f.enrolment.id, f.assignment.id, null);
    const large = await counted(() => getOutlinePage(actor, f.enrolment.id));
    expect(large.value.grade.pending).toBe(1);
    expect(large.queries).toBe(small.queries);
  });
});

describe("the educator's page of one learner", () => {
  test("display name, progress, usual and personal due dates, attempts, and the note", async () => {
    const f = await createGradedEnrolment({ startsOn: STARTS, quiz: { dueDays: 7 }, displayName: "Sky" });
    const roles = await rolesAround(f.cohort.id);
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 40);
    await grantAccommodation(roles.teacher, {
      enrolmentId: f.enrolment.id,
      lessonId: f.quiz.id,
      dueOn: new Date("2027-03-12T00:00:00Z"),
      extraAttempts: 1,
      note: "Needs a quiet week.",
    });
    const page = await getTaughtEnrolment(roles.teacher, f.enrolment.id);
    expect(page).toMatchObject({ learnerName: "Sky", done: 0, total: 5, status: "active" });
    expect(page).not.toHaveProperty("legalName");
    expect(page.assessments.find((a) => a.lessonId === f.quiz.id)).toMatchObject({
      usualDueAt: new Date("2027-03-08T23:59:59.999Z"),
      dueAt: new Date("2027-03-12T23:59:59.999Z"),
      attemptsUsed: 1,
      attemptsAllowed: 3,
      attemptsLeft: 2,
      percent: 40,
      terms: { extraAttempts: 1, note: "Needs a quiet week." },
    });
  });

  test.each(["otherEducator", "otherLearner", "admin", "sponsor", "verifier"] as const)("%s: not found", async (who) => {
    const f = await createGradedEnrolment();
    const roles = await rolesAround(f.cohort.id);
    await expect(getTaughtEnrolment(roles[who], f.enrolment.id)).rejects.toMatchObject({ reason: "not_found" });
  });

  test("the enrolment's own learner cannot open it", async () => {
    const f = await createGradedEnrolment();
    await expect(getTaughtEnrolment(await actorFor(f.learner.id), f.enrolment.id)).rejects.toMatchObject({ reason: "not_found" });
  });
});

describe("the transcript", () => {
  test("completed courses with grade, credits, unit and date; courses in progress; own only", async () => {
    const done = await createGradedEnrolment({ displayName: "River" });
    await completeLessons(
      done.enrolment.id,
      done.lessons.map((l) => l.id),
    );
    await addAttempt(done.enrolment.id, done.quiz.id, 1, 100);
    await addSubmission(done.enrolment.id, done.assignment.id, 70);
    await completeEnrolment(done.enrolment.id);
    const ongoing = await createGradedEnrolment();
    await prisma.enrolment.update({
      where: { id: ongoing.enrolment.id },
      data: { learnerId: done.learner.id },
      select: { id: true },
    });
    await completeLessons(ongoing.enrolment.id, [ongoing.lessons[0]!.id]);
    const actor = await actorFor(done.learner.id);
    const transcript = await getTranscript(actor);
    expect(transcript.displayName).toBe("River");
    expect(transcript.completed).toEqual([
      expect.objectContaining({ enrolmentId: done.enrolment.id, grade: 85, credits: 5, creditUnit: "ECTS" }),
    ]);
    expect(transcript.completed[0]!.completedAt).toBeInstanceOf(Date);
    expect(transcript.inProgress).toEqual([
      expect.objectContaining({ enrolmentId: ongoing.enrolment.id, status: "active", done: 1, total: 5 }),
    ]);
    expect(transcript.totals).toEqual([{ unit: "ECTS", credits: 5 }]);
    // nobody else's: the other learner of the first course sees their own (empty) transcript
    const other = await getTranscript(await actorFor(ongoing.learner.id));
    expect(other.completed).toEqual([]);
    expect(other.inProgress).toEqual([]);
  });

  test("staff without a transcript are refused", async () => {
    const f = await createGradedEnrolment();
    const roles = await rolesAround(f.cohort.id);
    for (const who of ["teacher", "admin", "sponsor", "verifier"] as const) {
      await expect(getTranscript(roles[who])).rejects.toMatchObject({ reason: "permission.denied" });
    }
  });

  test("a constant number of queries, whatever the number of courses", async () => {
    const one = await createGradedEnrolment();
    const actor = await actorFor(one.learner.id);
    const small = await counted(() => getTranscript(actor));
    for (let i = 0; i < 3; i++) {
      const more = await createGradedEnrolment();
      await prisma.enrolment.update({
        where: { id: more.enrolment.id },
        data: { learnerId: one.learner.id },
        select: { id: true },
      });
      await completeLessons(more.enrolment.id, [more.lessons[0]!.id]);
    }
    const large = await counted(() => getTranscript(actor));
    expect(large.value.inProgress).toHaveLength(4);
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThanOrEqual(7);
  });
});
