// The dashboards' reads on the real database: the learner's progress, grade, next step and deadlines
// (getMyLearning), the educator's gradebook (getCohortGradebook) and its CSV, who may read them, and
// query counts that do not grow with enrolments, lessons, progress rows, attempts or submissions.
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import {
  addLearner,
  ASSIGNMENT_DUE,
  completeLessons,
  createGradedCohort,
  QUIZ_DUE,
  recordAttempt,
  recordSubmission,
} from "#tests/dashboard-fixtures.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { assignEducatorToCohort, createCohort, createEnrolment } from "#tests/learning-factories.ts";
import { createEnrolledLearner } from "#tests/player-fixtures.ts";
import { getCohortGradebook } from "./dashboards.server.ts";
import { exportGradebook } from "./export-gradebook.server.ts";
import { getEnrolmentGrade } from "./progress.server.ts";
import { getMyLearning } from "./queries.server.ts";

async function counted<T>(run: () => Promise<T>) {
  const before = queryCounter.count;
  const value = await run();
  return { value, queries: queryCounter.count - before };
}

const BEFORE_START = new Date("2027-02-01T00:00:00Z");

describe("the learner dashboard", () => {
  test("a new enrolment: nothing done, no grade, the first lesson next, both deadlines soonest first", async () => {
    const s = await createGradedCohort();
    const me = await actorFor(s.learner.id);
    const { enrolments, deadlines } = await getMyLearning(me, BEFORE_START);
    expect(enrolments).toHaveLength(1);
    expect(enrolments[0]).toMatchObject({
      id: s.enrolment.id,
      status: "active",
      progress: { done: 0, total: 6 },
      grade: null,
      next: { slug: "lesson-1", title: "Lesson 1" },
    });
    expect(deadlines).toEqual([
      expect.objectContaining({
        enrolmentId: s.enrolment.id,
        lessonSlug: "lesson-5",
        kind: "quiz",
        dueAt: QUIZ_DUE,
        pastDue: false,
      }),
      expect.objectContaining({ lessonSlug: "lesson-3", kind: "assignment", dueAt: ASSIGNMENT_DUE, pastDue: false }),
    ]);
    expect(deadlines[0]!.course).toMatchObject({ id: s.course.id });
  });

  test("progress, the kept (latest) quiz score and the graded assignment make the weighted grade; done work leaves the deadlines", async () => {
    const s = await createGradedCohort();
    const me = await actorFor(s.learner.id);
    await completeLessons(s.enrolment.id, [s.lessons[0]!.id, s.lessons[1]!.id, s.lessons[3]!.id]);
    await recordAttempt(s.enrolment.id, s.quiz.id, 1, 100, new Date("2027-03-02T10:00:00Z"));
    await recordAttempt(s.enrolment.id, s.quiz.id, 2, 50, new Date("2027-03-02T11:00:00Z"));
    let mine = await getMyLearning(me, BEFORE_START);
    // Only the quiz has a score: 50 × 1 + 0 × 3 over 4 (the assignment counts 0 until graded).
    expect(mine.enrolments[0]).toMatchObject({
      progress: { done: 3, total: 6 },
      grade: { kind: "so_far", percent: 12.5, counted: 1, of: 2 },
      next: { slug: "lesson-3" },
    });
    expect(mine.deadlines.map((d) => d.lessonSlug)).toEqual(["lesson-3"]);

    await recordSubmission(s.enrolment.id, s.assignment.id, 80);
    mine = await getMyLearning(me, BEFORE_START);
    expect(mine.enrolments[0]!.grade).toEqual({ kind: "so_far", percent: 72.5, counted: 2, of: 2 });
    expect(mine.deadlines).toEqual([]);
  });

  test("the same grade so far and lessons done as the learner's grade page and the educator's gradebook", async () => {
    const s = await createGradedCohort();
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: educator.id });
    await completeLessons(s.enrolment.id, [s.lessons[0]!.id, s.lessons[4]!.id]);
    await recordAttempt(s.enrolment.id, s.quiz.id, 1, 33.3, new Date("2027-03-02T10:00:00Z"));
    await recordAttempt(s.enrolment.id, s.quiz.id, 2, 66.7, new Date("2027-03-02T11:00:00Z"));
    await recordSubmission(s.enrolment.id, s.assignment.id, 71.5);
    const me = await actorFor(s.learner.id);
    const dashboard = (await getMyLearning(me, BEFORE_START)).enrolments[0]!;
    const page = await getEnrolmentGrade(me, s.enrolment.id);
    const book = await getCohortGradebook(await actorFor(educator.id), s.cohort.id);
    expect(dashboard.grade).toMatchObject({ kind: "so_far", percent: page.gradeSoFar });
    expect(book.rows[0]!.grade).toMatchObject({ kind: "so_far", percent: page.gradeSoFar });
    expect(dashboard.progress).toEqual({ done: page.done, total: page.total });
    expect(book.rows[0]!.progress).toEqual({ done: page.done, total: page.total });
  });

  test("a submitted, ungraded assignment is no longer a deadline and not yet a score", async () => {
    const s = await createGradedCohort();
    await recordSubmission(s.enrolment.id, s.assignment.id, null);
    const mine = await getMyLearning(await actorFor(s.learner.id), BEFORE_START);
    expect(mine.enrolments[0]!.grade).toBeNull();
    expect(mine.deadlines.map((d) => d.lessonSlug)).toEqual(["lesson-5"]);
  });

  test("an accommodation's later date replaces the quiz's and reorders the list; past dates are marked", async () => {
    const s = await createGradedCohort();
    const later = new Date("2027-03-20T23:59:59.999Z");
    await prisma.accommodation.create({
      data: { enrolmentId: s.enrolment.id, lessonId: s.quiz.id, dueAt: later, note: "Private note for educators" },
      select: { id: true },
    });
    const mine = await getMyLearning(await actorFor(s.learner.id), new Date("2027-03-15T00:00:00Z"));
    expect(mine.deadlines.map((d) => [d.lessonSlug, d.dueAt.toISOString(), d.pastDue])).toEqual([
      ["lesson-3", ASSIGNMENT_DUE.toISOString(), true],
      ["lesson-5", later.toISOString(), false],
    ]);
    expect(JSON.stringify(mine)).not.toContain("Private note");
  });

  test("paused: no next step and no deadlines; completed: the final grade; withdrawn: no details", async () => {
    const s = await createGradedCohort();
    const me = await actorFor(s.learner.id);
    await prisma.enrolment.update({ where: { id: s.enrolment.id }, data: { status: "paused", pausedAt: new Date() } });
    let mine = await getMyLearning(me, BEFORE_START);
    expect(mine.enrolments[0]).toMatchObject({ status: "paused", next: null, progress: { done: 0, total: 6 } });
    expect(mine.deadlines).toEqual([]);

    await prisma.enrolment.update({
      where: { id: s.enrolment.id },
      data: { status: "completed", pausedAt: null, completedAt: new Date(), finalGrade: 88.5 },
    });
    mine = await getMyLearning(me, BEFORE_START);
    expect(mine.enrolments[0]).toMatchObject({ status: "completed", grade: { kind: "final", percent: 88.5 }, next: null });

    await prisma.enrolment.update({ where: { id: s.enrolment.id }, data: { status: "withdrawn" } });
    mine = await getMyLearning(me, BEFORE_START);
    expect(mine.enrolments[0]).toMatchObject({ status: "withdrawn", progress: null, grade: null, next: null });
  });

  test("every lesson done: no next step", async () => {
    const s = await createGradedCohort();
    await completeLessons(
      s.enrolment.id,
      s.lessons.map((l) => l.id),
    );
    const mine = await getMyLearning(await actorFor(s.learner.id), BEFORE_START);
    expect(mine.enrolments[0]).toMatchObject({ progress: { done: 6, total: 6 }, next: null });
  });

  test("nothing of another learner in the same cohort shows", async () => {
    const s = await createGradedCohort();
    const other = await addLearner(s.cohort.id);
    await completeLessons(other.enrolment.id, [s.lessons[0]!.id]);
    await recordAttempt(other.enrolment.id, s.quiz.id, 1, 100, new Date());
    const mine = await getMyLearning(await actorFor(s.learner.id), BEFORE_START);
    expect(mine.enrolments[0]).toMatchObject({ progress: { done: 0 }, grade: null });
    expect(JSON.stringify(mine)).not.toContain(other.enrolment.id);
  });

  test("the query count does not grow with enrolments, lessons, progress rows, attempts or submissions", async () => {
    const me = await createLearner();
    const actor = await actorFor(me.id);
    const first = await createGradedCohort();
    const mine = await createEnrolment({ learnerId: me.id, cohortId: first.cohort.id });
    const small = await counted(() => getMyLearning(actor, BEFORE_START));
    expect(small.value.enrolments).toHaveLength(1);

    await completeLessons(
      mine.id,
      first.lessons.map((l) => l.id),
    );
    await recordAttempt(mine.id, first.quiz.id, 1, 70, new Date());
    await recordSubmission(mine.id, first.assignment.id, 90);
    for (let i = 0; i < 3; i++) {
      const other = await createEnrolledLearner({ lessons: 12, modules: 3 });
      const e = await createEnrolment({ learnerId: me.id, cohortId: other.cohort.id });
      await completeLessons(
        e.id,
        other.lessons.slice(0, 8).map((l) => l.id),
      );
    }
    const large = await counted(() => getMyLearning(actor, BEFORE_START));
    expect(large.value.enrolments).toHaveLength(4);
    expect(large.value.enrolments.map((e) => e.progress?.done).sort()).toEqual([6, 8, 8, 8]);
    expect(large.queries).toBe(small.queries);
  });
});

describe("the educator's gradebook", () => {
  async function taughtCohort() {
    const s = await createGradedCohort({ learnerName: "Amal" });
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: educator.id });
    return { ...s, educator: await actorFor(educator.id) };
  }

  test("learners by display name with lessons done, cells per assessment and the grade so far; withdrawn learners are left out", async () => {
    const s = await taughtCohort();
    const noor = await addLearner(s.cohort.id, { displayName: "Noor" });
    await addLearner(s.cohort.id, { displayName: "Gone", status: "withdrawn" });
    const done = await addLearner(s.cohort.id, { displayName: "Bea", status: "completed" });
    await prisma.enrolment.update({ where: { id: done.enrolment.id }, data: { finalGrade: 91, completedAt: new Date() } });
    await completeLessons(s.enrolment.id, [s.lessons[0]!.id, s.lessons[1]!.id]);
    await recordAttempt(s.enrolment.id, s.quiz.id, 1, 40, new Date("2027-03-02T10:00:00Z"));
    await recordAttempt(s.enrolment.id, s.quiz.id, 2, 90, new Date("2027-03-02T11:00:00Z"));
    await recordSubmission(s.enrolment.id, s.assignment.id, 60);
    await recordSubmission(noor.enrolment.id, s.assignment.id, null);

    const book = await getCohortGradebook(s.educator, s.cohort.id);
    expect(book.cohort).toMatchObject({ id: s.cohort.id });
    expect(book.assessments).toEqual([
      { id: s.assignment.id, title: "Lesson 3", kind: "assignment", weight: 3, dueAt: ASSIGNMENT_DUE },
      { id: s.quiz.id, title: "Lesson 5", kind: "quiz", weight: 1, dueAt: QUIZ_DUE },
    ]);
    expect(book.rows.map((r) => r.displayName)).toEqual(["Amal", "Bea", "Noor"]);
    const [amal, bea, noorRow] = book.rows;
    expect(amal).toMatchObject({
      progress: { done: 2, total: 6 },
      cells: [
        { kind: "score", percent: 60 },
        { kind: "score", percent: 90 },
      ],
      // (60 × 3 + 90 × 1) / 4
      grade: { kind: "so_far", percent: 67.5, counted: 2, of: 2 },
    });
    expect(bea).toMatchObject({ status: "completed", grade: { kind: "final", percent: 91 } });
    expect(noorRow).toMatchObject({ cells: [{ kind: "submitted" }, { kind: "none" }], grade: null, progress: { done: 0 } });
    // Display names only: no usernames, emails or user ids anywhere in the data.
    const users = await prisma.user.findMany({
      where: { id: { in: [s.learner.id, noor.learner.id] } },
      select: { id: true, username: true, email: true },
    });
    const text = JSON.stringify(book);
    for (const u of users) {
      expect(text).not.toContain(u.username);
      expect(text).not.toContain(u.id);
      if (u.email) expect(text).not.toContain(u.email);
    }
  });

  test("only educators who teach the cohort: everyone else is not found, a suspended educator refused", async () => {
    const s = await taughtCohort();
    const others = [
      await createApprovedEducator(),
      await createAdmin(),
      await createLearner(),
      s.learner,
      await createSponsorMember(),
      await createVerifier(),
    ];
    for (const user of others) {
      const actor = await actorFor(user.id);
      await expect(getCohortGradebook(actor, s.cohort.id)).rejects.toMatchObject({ reason: "not_found" });
      await expect(exportGradebook(actor, { cohortId: s.cohort.id }, { locale: "en" })).rejects.toMatchObject({
        reason: "not_found",
      });
    }
    await expect(getCohortGradebook(s.educator, "cmxnosuchcohort0000000000")).rejects.toMatchObject({ reason: "not_found" });
    await prisma.educatorApplication.update({ where: { userId: s.educator.id }, data: { suspendedAt: new Date() } });
    await expect(getCohortGradebook(s.educator, s.cohort.id)).rejects.toMatchObject({ reason: "educator.not_active" });
  });

  test("the query count does not grow with learners, lessons, progress rows, attempts or submissions", async () => {
    const s = await taughtCohort();
    // Once first: a published revision's plan is then kept in memory (revision-plans.server.ts), as in use.
    await getCohortGradebook(s.educator, s.cohort.id);
    const small = await counted(() => getCohortGradebook(s.educator, s.cohort.id));
    expect(small.value.rows).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      const { enrolment } = await addLearner(s.cohort.id);
      await completeLessons(
        enrolment.id,
        s.lessons.slice(0, i + 1).map((l) => l.id),
      );
      await recordAttempt(enrolment.id, s.quiz.id, 1, 10 * i, new Date());
      await recordAttempt(enrolment.id, s.quiz.id, 2, 5 * i, new Date());
      await recordSubmission(enrolment.id, s.assignment.id, i % 2 ? 70 : null);
    }
    const large = await counted(() => getCohortGradebook(s.educator, s.cohort.id));
    expect(large.value.rows).toHaveLength(6);
    expect(large.queries).toBe(small.queries);
  });

  test("a cohort without learners or assessments", async () => {
    const cohort = await createCohort();
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id });
    const book = await getCohortGradebook(await actorFor(educator.id), cohort.id);
    expect(book).toMatchObject({ rows: [], assessments: [] });
  });
});
