import { describe, expect, inject, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { assignEducatorToCohort, createCohort } from "#tests/learning-factories.ts";
import { createAssignmentScenario, ESSAY_SLUG, useTemporaryStorage } from "#tests/work-fixtures.ts";
import { gradeSubmission } from "./grade-submission.server.ts";
import { submitAssignment } from "./submit-assignment.server.ts";

useTemporaryStorage();

async function submitted(options: Parameters<typeof createAssignmentScenario>[0] = {}) {
  const s = await createAssignmentScenario(options);
  const { submissionId } = await submitAssignment(await actorFor(s.learner.id), {
    enrolmentId: s.enrolment.id,
    lessonSlug: ESSAY_SLUG,
    text: "My essay",
  });
  return { ...s, submissionId };
}

const grade = (submissionId: string, points: number[], version = 1) => ({
  submissionId,
  version,
  scores: points.map((p, i) => ({ points: p, feedback: `criterion ${i + 1} feedback` })),
  feedback: "Well argued overall.",
});
const row = (id: string) => prisma.submission.findUniqueOrThrow({ where: { id } });
const graded = (id: string) => prisma.auditEvent.count({ where: { action: "submission.graded", entityId: id } });

describe("grading a submission against its rubric", () => {
  test("an educator of the cohort: points and feedback per criterion, totals and percent stored, audited, the learner notified", async () => {
    const s = await submitted();
    const result = await gradeSubmission(await actorFor(s.educator.id), grade(s.submissionId, [4.5, 3]));
    expect(result).toMatchObject({ points: 7.5, maxPoints: 10, percent: 75 });
    expect(await row(s.submissionId)).toMatchObject({
      status: "graded",
      gradedById: s.educator.id,
      points: 7.5,
      maxPoints: 10,
      percent: 75,
      feedback: "Well argued overall.",
      scores: [
        { points: 4.5, feedback: "criterion 1 feedback" },
        { points: 3, feedback: "criterion 2 feedback" },
      ],
    });
    expect(await graded(s.submissionId)).toBe(1);
    expect(
      await prisma.inAppNotice.count({
        where: { userId: s.learner.id, path: `/learn/${s.enrolment.id}/${ESSAY_SLUG}/submission` },
      }),
    ).toBe(1);
  });

  test("percent is rounded to one decimal", async () => {
    const s = await submitted({ assignment: { rubric: [{ criterion: "All", points: 3 }] } });
    expect(await gradeSubmission(await actorFor(s.educator.id), grade(s.submissionId, [2]))).toMatchObject({ percent: 66.7 });
  });

  test("points outside 0..criterion points, or a score list that is not the rubric's, are refused; nothing changes", async () => {
    const s = await submitted();
    const educator = await actorFor(s.educator.id);
    await expect(gradeSubmission(educator, grade(s.submissionId, [7, 1]))).rejects.toMatchObject({
      reason: "request.invalid",
      field: "scores[0].points",
      params: { max: 6 },
    });
    await expect(gradeSubmission(educator, grade(s.submissionId, [1, -1]))).rejects.toMatchObject({ field: "scores[1].points" });
    await expect(gradeSubmission(educator, grade(s.submissionId, [1]))).rejects.toMatchObject({ reason: "request.invalid" });
    await expect(gradeSubmission(educator, grade(s.submissionId, [1, 1, 1]))).rejects.toMatchObject({
      reason: "request.invalid",
    });
    expect(await row(s.submissionId)).toMatchObject({ status: "submitted", points: null });
    expect(await graded(s.submissionId)).toBe(0);
  });

  test("another cohort's educator, a learner, an admin and a forged id: not found or refused, nothing changes", async () => {
    const s = await submitted();
    const elsewhere = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: (await createCohort()).id, userId: elsewhere.id });
    await expect(gradeSubmission(await actorFor(elsewhere.id), grade(s.submissionId, [1, 1]))).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(gradeSubmission(await actorFor(s.learner.id), grade(s.submissionId, [6, 4]))).rejects.toMatchObject({
      reason: "permission.denied",
    });
    await expect(gradeSubmission(await actorFor((await createAdmin()).id), grade(s.submissionId, [1, 1]))).rejects.toMatchObject({
      reason: "permission.denied",
    });
    await expect(
      gradeSubmission(await actorFor(s.educator.id), grade("cmxnosuchsubmission000000", [1, 1])),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(
      gradeSubmission(await actorFor((await createLearner()).id), grade(s.submissionId, [1, 1])),
    ).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await row(s.submissionId)).toMatchObject({ status: "submitted", points: null, gradedById: null });
  });

  test("a grade is final: grading again is refused; a version the learner has since replaced is refused", async () => {
    const s = await submitted({ assignment: { allowResubmission: true } });
    const educator = await actorFor(s.educator.id);
    await submitAssignment(await actorFor(s.learner.id), { enrolmentId: s.enrolment.id, lessonSlug: ESSAY_SLUG, text: "v2" });
    await expect(gradeSubmission(educator, grade(s.submissionId, [1, 1], 1))).rejects.toMatchObject({
      reason: "submission.changed",
    });
    expect(await row(s.submissionId)).toMatchObject({ status: "submitted", version: 2 });
    await gradeSubmission(educator, grade(s.submissionId, [5, 4], 2));
    await expect(gradeSubmission(educator, grade(s.submissionId, [6, 4], 2))).rejects.toMatchObject({
      reason: "submission.already_graded",
    });
    expect(await row(s.submissionId)).toMatchObject({ points: 9 });
    expect(await graded(s.submissionId)).toBe(1);
  });
});

describe("two educators grading at the same moment", () => {
  test(`one grade, one audit row, one notice; the other is told (${inject("databaseKind")})`, async () => {
    const s = await submitted();
    const second = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: second.id });
    const [a, b] = [await actorFor(s.educator.id), await actorFor(second.id)];
    const results = await Promise.allSettled([
      gradeSubmission(a, grade(s.submissionId, [6, 4])),
      gradeSubmission(b, grade(s.submissionId, [1, 1])),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(["submission.changed", "submission.already_graded"]).toContain(rejected.reason.reason);
    const final = await row(s.submissionId);
    const winner = results[0]!.status === "fulfilled" ? s.educator.id : second.id;
    expect(final).toMatchObject({ status: "graded", gradedById: winner, points: winner === s.educator.id ? 10 : 2 });
    expect(await graded(s.submissionId)).toBe(1);
    expect(await prisma.inAppNotice.count({ where: { userId: s.learner.id } })).toBe(1);
  });
});
