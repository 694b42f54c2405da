import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner } from "#tests/factories.ts";
import { createCohort, createEnrolment } from "#tests/learning-factories.ts";
import {
  addAttempt,
  addSubmission,
  completeLessons,
  createGradedEnrolment,
  createNextRevision,
  QUIZ,
  rolesAround,
} from "#tests/progress-fixtures.ts";
import { getReturnChoices } from "./progress.server.ts";
import { resumeEnrolment } from "./resume-enrolment.server.ts";

const row = (id: string) => prisma.enrolment.findUniqueOrThrow({ where: { id } });
const resumes = (id: string) => prisma.auditEvent.count({ where: { action: "enrolment.resumed", entityId: id } });
const STARTS = new Date("2027-03-01T00:00:00Z");
const LATER = new Date("2027-09-01T00:00:00Z");

async function paused() {
  const f = await createGradedEnrolment({ startsOn: STARTS });
  await prisma.enrolment.update({
    where: { id: f.enrolment.id },
    data: { status: "paused", pausedAt: new Date() },
    select: { id: true },
  });
  return { ...f, actor: await actorFor(f.learner.id) };
}

describe("returning from a pause", () => {
  test("back to the same cohort: active again, pausedAt cleared, audited", async () => {
    const f = await paused();
    expect(await resumeEnrolment(f.actor, { enrolmentId: f.enrolment.id })).toEqual({
      enrolmentId: f.enrolment.id,
      cohortId: f.cohort.id,
      moved: false,
    });
    expect(await row(f.enrolment.id)).toMatchObject({ status: "active", pausedAt: null, cohortId: f.cohort.id });
    expect(await resumes(f.enrolment.id)).toBe(1);
  });

  test("into a later cohort of the same version with a free place: seat and all progress go along", async () => {
    const f = await paused();
    await completeLessons(f.enrolment.id, [f.lessons[0]!.id]);
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 50);
    const later = await createCohort({ courseId: f.courseId, startsOn: LATER, capacity: 1 });
    expect((await getReturnChoices(f.actor, f.enrolment.id)).cohorts).toEqual([
      expect.objectContaining({ id: later.id, sameVersion: true }),
    ]);
    const result = await resumeEnrolment(f.actor, { enrolmentId: f.enrolment.id, cohortId: later.id });
    expect(result).toMatchObject({ cohortId: later.id, moved: true });
    expect(await row(f.enrolment.id)).toMatchObject({ status: "active", cohortId: later.id, seatId: f.enrolment.seatId });
    expect(await prisma.seat.findUniqueOrThrow({ where: { id: f.enrolment.seatId } })).toMatchObject({ cohortId: later.id });
    expect(await prisma.lessonProgress.count({ where: { enrolmentId: f.enrolment.id, lessonId: f.lessons[0]!.id } })).toBe(1);
    expect(await prisma.quizAttempt.count({ where: { enrolmentId: f.enrolment.id, lessonId: f.quiz.id } })).toBe(1);
  });

  test("a later cohort teaching another version: progress, attempts and the submission move to the same slugs", async () => {
    const f = await paused();
    await completeLessons(
      f.enrolment.id,
      f.lessons.slice(0, 2).map((l) => l.id),
    );
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 50);
    await addSubmission(f.enrolment.id, f.assignment.id, 80);
    const nextRevision = await createNextRevision(f.courseId, f.revisionId);
    const later = await createCohort({ courseId: f.courseId, startsOn: LATER });
    await resumeEnrolment(f.actor, { enrolmentId: f.enrolment.id, cohortId: later.id });
    const newLessons = await prisma.lesson.findMany({ where: { revisionId: nextRevision }, select: { id: true, slug: true } });
    const id = (slug: string) => newLessons.find((l) => l.slug === slug)!.id;
    const progress = await prisma.lessonProgress.findMany({ where: { enrolmentId: f.enrolment.id }, select: { lessonId: true } });
    expect(progress.map((p) => p.lessonId).sort()).toEqual([id("lesson-1"), id("lesson-2")].sort());
    expect(await prisma.quizAttempt.findFirstOrThrow({ where: { enrolmentId: f.enrolment.id } })).toMatchObject({
      lessonId: id("lesson-5"),
    });
    expect(await prisma.submission.findFirstOrThrow({ where: { enrolmentId: f.enrolment.id } })).toMatchObject({
      lessonId: id("lesson-4"),
      percent: 80,
    });
    expect(await row(f.enrolment.id)).toMatchObject({ status: "active", cohortId: later.id });
  });

  test("a version whose quiz changed (with attempts on it) or that lost a lesson is refused, and nothing moves", async () => {
    for (const change of [
      { quiz: { ...QUIZ, questions: [{ ...QUIZ.questions[0]!, prompt: "3 + 3?" }] } },
      { dropSlug: "lesson-1" },
    ]) {
      const f = await paused();
      await completeLessons(f.enrolment.id, [f.lessons[0]!.id]);
      await addAttempt(f.enrolment.id, f.quiz.id, 1, 50);
      await createNextRevision(f.courseId, f.revisionId, change);
      const later = await createCohort({ courseId: f.courseId, startsOn: LATER });
      await expect(resumeEnrolment(f.actor, { enrolmentId: f.enrolment.id, cohortId: later.id })).rejects.toMatchObject({
        reason: "enrolment.cannot_carry_progress",
        field: "cohortId",
      });
      expect(await row(f.enrolment.id)).toMatchObject({ status: "paused", cohortId: f.cohort.id });
      expect(await prisma.quizAttempt.findFirstOrThrow({ where: { enrolmentId: f.enrolment.id } })).toMatchObject({
        lessonId: f.quiz.id,
      });
      expect(await resumes(f.enrolment.id)).toBe(0);
    }
  });

  test("an earlier cohort, another course's cohort, a full one, a forged id: refused, nothing changes", async () => {
    const f = await paused();
    const earlier = await createCohort({ courseId: f.courseId, startsOn: new Date("2026-09-01T00:00:00Z") });
    const otherCourse = await createCohort({ startsOn: LATER });
    const full = await createCohort({ courseId: f.courseId, startsOn: LATER, capacity: 1 });
    await createEnrolment({ learnerId: (await createLearner()).id, cohortId: full.id, status: "paused" });
    const cases: Array<[string, string]> = [
      [earlier.id, "enrolment.cohort_not_later"],
      [otherCourse.id, "enrolment.cohort_not_later"],
      ["cforgedcohort000", "enrolment.cohort_not_later"],
      [full.id, "cohort.full"],
    ];
    for (const [cohortId, reason] of cases) {
      await expect(resumeEnrolment(f.actor, { enrolmentId: f.enrolment.id, cohortId })).rejects.toMatchObject({ reason });
    }
    expect(await row(f.enrolment.id)).toMatchObject({ status: "paused", cohortId: f.cohort.id });
    expect(await resumes(f.enrolment.id)).toBe(0);
  });

  test("only a paused enrolment returns; others' enrolments are not found or refused", async () => {
    const f = await createGradedEnrolment();
    await expect(resumeEnrolment(await actorFor(f.learner.id), { enrolmentId: f.enrolment.id })).rejects.toMatchObject({
      reason: "enrolment.not_paused",
    });
    const p = await paused();
    const roles = await rolesAround(p.cohort.id);
    await expect(resumeEnrolment(roles.otherLearner, { enrolmentId: p.enrolment.id })).rejects.toMatchObject({
      reason: "not_found",
    });
    for (const who of ["teacher", "otherEducator", "admin", "sponsor", "verifier"] as const) {
      await expect(resumeEnrolment(roles[who], { enrolmentId: p.enrolment.id })).rejects.toMatchObject({
        reason: "permission.denied",
      });
    }
    await expect(getReturnChoices(roles.otherLearner, p.enrolment.id)).rejects.toMatchObject({ reason: "not_found" });
    expect((await row(p.enrolment.id)).status).toBe("paused");
  });
});

// PostgreSQL: the two transactions overlap and the target cohort's row lock decides; PGlite: serialised.
describe("two returns into the last place", () => {
  test("one moves, the other is told the cohort is full", async () => {
    const a = await paused();
    const later = await createCohort({ courseId: a.courseId, startsOn: LATER, capacity: 1 });
    const learner = await createLearner();
    const b = await createEnrolment({ learnerId: learner.id, cohortId: a.cohort.id, status: "paused" });
    const results = await Promise.allSettled([
      resumeEnrolment(a.actor, { enrolmentId: a.enrolment.id, cohortId: later.id }),
      resumeEnrolment(await actorFor(learner.id), { enrolmentId: b.id, cohortId: later.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { reason: "cohort.full" } });
    expect(await prisma.enrolment.count({ where: { cohortId: later.id } })).toBe(1);
  });
});

describe("a course finished during the pause", () => {
  test("completes when the learner returns", async () => {
    const f = await paused();
    await completeLessons(
      f.enrolment.id,
      f.lessons.map((l) => l.id),
    );
    await addAttempt(f.enrolment.id, f.quiz.id, 1, 100);
    await addSubmission(f.enrolment.id, f.assignment.id, 80);
    await resumeEnrolment(f.actor, { enrolmentId: f.enrolment.id });
    expect(await row(f.enrolment.id)).toMatchObject({ status: "completed", finalGrade: 90 });
    expect(await resumes(f.enrolment.id)).toBe(1);
  });
});
