import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { listJobs } from "#app/utils/jobs.server.ts";
import { addAttempt, addSubmission, completeLessons, createGradedEnrolment, rolesAround } from "#tests/progress-fixtures.ts";
import { completeEnrolment, TRANSCRIPT_PATH } from "./complete-enrolment.server.ts";
import { gradeSubmission } from "./grade-submission.server.ts";
import { markLessonComplete } from "./mark-lesson-complete.server.ts";
import { submitQuizAttempt } from "./submit-quiz-attempt.server.ts";

const row = (id: string) => prisma.enrolment.findUniqueOrThrow({ where: { id } });
const completions = (id: string) => prisma.auditEvent.count({ where: { action: "enrolment.completed", entityId: id } });
const events = async (id: string) => (await listJobs("enrolment.completed")).filter((j) => j.data.enrolmentId === id).length;
const notices = (userId: string) => prisma.inAppNotice.count({ where: { userId, path: TRANSCRIPT_PATH } });

/** Everything done: all lessons, quiz attempts 40 % then 90 %, the assignment graded 70 %. */
async function finished(options: Parameters<typeof createGradedEnrolment>[0] = {}) {
  const f = await createGradedEnrolment(options);
  await completeLessons(
    f.enrolment.id,
    f.lessons.map((l) => l.id),
  );
  await addAttempt(f.enrolment.id, f.quiz.id, 1, 40, new Date("2027-03-02T10:00:00Z"));
  await addAttempt(f.enrolment.id, f.quiz.id, 2, 90, new Date("2027-03-03T10:00:00Z"));
  await addSubmission(f.enrolment.id, f.assignment.id, 70);
  return f;
}

describe("completing an enrolment", () => {
  test("all lessons done and a passing grade: completed once, with grade, breakdown, credits, audit, notice", async () => {
    const f = await finished();
    const result = await completeEnrolment(f.enrolment.id);
    // highest attempt (90) and the assignment (70), equal weights: 80.0
    expect(result).toEqual({ completed: true, enrolmentId: f.enrolment.id, finalGrade: 80, creditsAwarded: 5 });
    const e = await row(f.enrolment.id);
    expect(e).toMatchObject({ status: "completed", finalGrade: 80, creditsAwarded: 5, creditUnit: "ECTS" });
    expect(e.completedAt).toBeInstanceOf(Date);
    expect(e.gradeBreakdown).toEqual([
      { lessonId: f.assignment.id, slug: "lesson-4", kind: "assignment", weight: 1, share: 0.5, percent: 70 },
      { lessonId: f.quiz.id, slug: "lesson-5", kind: "quiz", weight: 1, share: 0.5, percent: 90 },
    ]);
    expect(await completions(f.enrolment.id)).toBe(1);
    expect(await notices(f.learner.id)).toBe(1);
    expect(await events(f.enrolment.id)).toBe(1);
    // a second call changes nothing
    expect(await completeEnrolment(f.enrolment.id)).toMatchObject({ completed: false, reason: "not_active" });
    expect(await completions(f.enrolment.id)).toBe(1);
    expect(await notices(f.learner.id)).toBe(1);
  });

  test("weights and the quiz's keep policy decide the grade", async () => {
    const f = await finished({ quiz: { keep: "latest", weight: 3 }, assignment: { weight: 1 } });
    await addAttempt(f.enrolment.id, f.quiz.id, 3, 60, new Date("2027-03-04T10:00:00Z"));
    // latest attempt 60 × 3/4 + 70 × 1/4 = 62.5
    expect(await completeEnrolment(f.enrolment.id)).toMatchObject({ completed: true, finalGrade: 62.5 });
  });

  test("a weight of 0 does not count", async () => {
    const f = await finished({ assignment: { weight: 0 } });
    expect(await completeEnrolment(f.enrolment.id)).toMatchObject({ completed: true, finalGrade: 90 });
  });

  test("a lesson not done: nothing changes", async () => {
    const f = await createGradedEnrolment();
    await completeLessons(
      f.enrolment.id,
      f.lessons.slice(1).map((l) => l.id),
    );
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 100);
    await addSubmission(f.enrolment.id, f.assignment.id, 100);
    expect(await completeEnrolment(f.enrolment.id)).toMatchObject({ completed: false, reason: "lessons_left" });
    expect(await row(f.enrolment.id)).toMatchObject({
      status: "active",
      completedAt: null,
      finalGrade: null,
      creditsAwarded: null,
    });
    expect(await completions(f.enrolment.id)).toBe(0);
    expect(await events(f.enrolment.id)).toBe(0);
  });

  test("an assignment submitted but not graded yet holds completion back", async () => {
    const f = await createGradedEnrolment();
    await completeLessons(
      f.enrolment.id,
      f.lessons.map((l) => l.id),
    );
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 100);
    await addSubmission(f.enrolment.id, f.assignment.id, null);
    expect(await completeEnrolment(f.enrolment.id)).toMatchObject({ completed: false, reason: "awaiting_grade" });
    expect((await row(f.enrolment.id)).status).toBe("active");
  });

  test("below the pass mark the enrolment stays active (59.94 fails 60, 59.95 rounds to 60.0 and passes)", async () => {
    const f = await finished({ passMark: 81 });
    expect(await completeEnrolment(f.enrolment.id)).toMatchObject({ completed: false, reason: "below_pass_mark", grade: 80 });
    expect((await row(f.enrolment.id)).status).toBe("active");
    expect(await completions(f.enrolment.id)).toBe(0);
    expect(await notices(f.learner.id)).toBe(0);
  });

  test("work never handed in counts 0", async () => {
    const f = await createGradedEnrolment({ passMark: 50 });
    await completeLessons(
      f.enrolment.id,
      f.lessons.map((l) => l.id),
    );
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 100);
    // the assignment lesson is marked done but nothing was submitted: (100 + 0) / 2 = 50
    expect(await completeEnrolment(f.enrolment.id)).toMatchObject({ completed: true, finalGrade: 50 });
  });

  test("only an active enrolment completes; a forged id is not found", async () => {
    for (const status of ["paused", "withdrawn"] as const) {
      const f = await finished();
      await prisma.enrolment.update({ where: { id: f.enrolment.id }, data: { status }, select: { id: true } });
      expect(await completeEnrolment(f.enrolment.id)).toMatchObject({ completed: false, reason: "not_active" });
      expect((await row(f.enrolment.id)).status).toBe(status);
    }
    expect(await completeEnrolment("c_forged_enrolment_id")).toMatchObject({ completed: false, reason: "not_found" });
  });

  test("marking the last lesson complete completes the course", async () => {
    const f = await finished();
    const last = f.lessons.at(-1)!;
    await prisma.lessonProgress.updateMany({
      where: { enrolmentId: f.enrolment.id, lessonId: last.id },
      data: { completedAt: null },
    });
    const result = await markLessonComplete(await actorFor(f.learner.id), { enrolmentId: f.enrolment.id, lessonId: last.id });
    expect(result).toMatchObject({ newlyCompleted: true, courseCompleted: true });
    expect((await row(f.enrolment.id)).status).toBe("completed");
  });
});

describe("wired after the commit of the last score", () => {
  test("the last quiz attempt completes the course", async () => {
    const f = await createGradedEnrolment();
    await completeLessons(
      f.enrolment.id,
      f.lessons.map((l) => l.id),
    );
    await addSubmission(f.enrolment.id, f.assignment.id, 80);
    await submitQuizAttempt(await actorFor(f.learner.id), {
      enrolmentId: f.enrolment.id,
      lessonId: f.quiz.id,
      attempt: 1,
      answers: { "0": "1" },
    });
    expect(await row(f.enrolment.id)).toMatchObject({ status: "completed", finalGrade: 90 });
    expect(await events(f.enrolment.id)).toBe(1);
  });

  test("the last grade completes the course", async () => {
    const f = await createGradedEnrolment();
    await completeLessons(
      f.enrolment.id,
      f.lessons.map((l) => l.id),
    );
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 100);
    const submission = await addSubmission(f.enrolment.id, f.assignment.id, null);
    const { teacher } = await rolesAround(f.cohort.id);
    await gradeSubmission(teacher, {
      submissionId: submission.id,
      version: 1,
      scores: [{ points: 6, feedback: "" }],
      feedback: "",
    });
    expect(await row(f.enrolment.id)).toMatchObject({ status: "completed", finalGrade: 80 });
    expect(await completions(f.enrolment.id)).toBe(1);
  });
});

// On PostgreSQL the calls really overlap (the Enrolment row lock makes them take turns); on PGlite they
// are serialised. Either way: one completion.
describe("completion at the same moment", () => {
  test("the last lesson and the last grade arriving together complete once: one audit row, one notice", async () => {
    const f = await finished();
    const last = f.lessons.at(-1)!;
    await prisma.lessonProgress.updateMany({
      where: { enrolmentId: f.enrolment.id, lessonId: last.id },
      data: { completedAt: null },
    });
    const actor = await actorFor(f.learner.id);
    const results = await Promise.all([
      markLessonComplete(actor, { enrolmentId: f.enrolment.id, lessonId: last.id }),
      completeEnrolment(f.enrolment.id),
      completeEnrolment(f.enrolment.id),
    ]);
    const completedCount = (results[0].courseCompleted ? 1 : 0) + (results[1].completed ? 1 : 0) + (results[2].completed ? 1 : 0);
    expect(completedCount).toBe(1);
    expect((await row(f.enrolment.id)).status).toBe("completed");
    expect(await completions(f.enrolment.id)).toBe(1);
    expect(await notices(f.learner.id)).toBe(1);
    expect(await events(f.enrolment.id)).toBe(1);
  });

  test("many callers at once: exactly one completion", async () => {
    const f = await finished();
    const results = await Promise.all(Array.from({ length: 5 }, () => completeEnrolment(f.enrolment.id)));
    expect(results.filter((r) => r.completed)).toHaveLength(1);
    expect(results.filter((r) => !r.completed && r.reason === "not_active")).toHaveLength(4);
    expect(await completions(f.enrolment.id)).toBe(1);
    expect(await events(f.enrolment.id)).toBe(1);
  });
});
