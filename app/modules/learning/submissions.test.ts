import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { SAMPLES } from "#tests/file-fixtures.ts";
import { assignEducatorToCohort, createCohort, createEnrolment } from "#tests/learning-factories.ts";
import { createAssignmentScenario, ESSAY_SLUG, useTemporaryStorage } from "#tests/work-fixtures.ts";
import { gradeSubmission } from "./grade-submission.server.ts";
import { submitAssignment } from "./submit-assignment.server.ts";
import { getSubmissionForGrading, getSubmissionPage, listGradingQueue, openSubmissionFile } from "./submissions.server.ts";

useTemporaryStorage();

async function counted<T>(run: () => Promise<T>) {
  const before = queryCounter.count;
  const value = await run();
  return { value, queries: queryCounter.count - before };
}

const page = (s: { enrolment: { id: string } }) => ({ enrolmentId: s.enrolment.id, lessonSlug: ESSAY_SLUG });

describe("the learner's submission page", () => {
  test("before, after handing in and after grading: rules, status, the grade with feedback per criterion; five queries", async () => {
    const s = await createAssignmentScenario({ assignment: { dueDays: 30 } });
    const learner = await actorFor(s.learner.id);
    const before = await counted(() => getSubmissionPage(learner, page(s)));
    expect(before.value).toMatchObject({
      canSubmit: true,
      closedReason: null,
      submission: null,
      fileTypes: [".pdf", ".docx", ".txt"],
      maxSizeMb: 1,
      rubric: [
        { criterion: "Argument", points: 6 },
        { criterion: "Sources", points: 4 },
      ],
    });
    expect(before.value.lesson.bodyHtml).toContain("<strong>one page</strong>");
    expect(before.value.dueAt).toBeInstanceOf(Date);
    await submitAssignment(learner, { ...page(s), text: "Answer" }, { name: "essay.pdf", bytes: SAMPLES.pdf });
    const after = await counted(() => getSubmissionPage(learner, page(s)));
    expect(after.value).toMatchObject({
      canSubmit: false,
      closedReason: "submission.resubmission_closed",
      submission: { status: "submitted", version: 1, text: "Answer", file: { filename: "essay.pdf" }, grade: null },
    });
    const { id: submissionId } = await prisma.submission.findFirstOrThrow({ where: { enrolmentId: s.enrolment.id } });
    await gradeSubmission(await actorFor(s.educator.id), {
      submissionId,
      version: 1,
      scores: [
        { points: 5, feedback: "Clear." },
        { points: 2, feedback: "Cite more." },
      ],
      feedback: "Good start.",
    });
    const done = await counted(() => getSubmissionPage(learner, page(s)));
    expect(done.value.submission?.grade).toMatchObject({
      points: 7,
      maxPoints: 10,
      percent: 70,
      feedback: "Good start.",
      criteria: [
        { criterion: "Argument", points: 6, score: 5, feedback: "Clear." },
        { criterion: "Sources", points: 4, score: 2, feedback: "Cite more." },
      ],
    });
    expect(done.value.closedReason).toBe("submission.already_graded");
    // fixed: the file's query is skipped only when there is no file
    expect(after.queries).toBe(done.queries);
    expect(before.queries).toBeLessThanOrEqual(after.queries);
    expect(done.queries).toBeLessThanOrEqual(5);
  });

  test("another learner, an educator and an admin do not get it", async () => {
    const s = await createAssignmentScenario();
    await expect(getSubmissionPage(await actorFor((await createLearner()).id), page(s))).rejects.toMatchObject({
      reason: "not_found",
    });
    // the cohort's educator may read submissions of the cohort, but this page is the learner's own
    await expect(getSubmissionPage(await actorFor(s.educator.id), page(s))).rejects.toMatchObject({ reason: "not_found" });
    await expect(getSubmissionPage(await actorFor((await createAdmin()).id), page(s))).rejects.toMatchObject({
      reason: "permission.denied",
    });
  });
});

describe("the grading queue", () => {
  test("waiting work of the cohorts I teach, oldest first, learners by display name; graded and other cohorts' work left out; constant queries", async () => {
    const s = await createAssignmentScenario();
    const educator = await actorFor(s.educator.id);
    const empty = await counted(() => listGradingQueue(educator));
    const learners = [s.learner, await createLearner(), await createLearner()];
    const enrolments = [
      s.enrolment,
      ...(await Promise.all(learners.slice(1).map((l) => createEnrolment({ learnerId: l.id, cohortId: s.cohort.id })))),
    ];
    for (const [i, e] of enrolments.entries()) {
      await submitAssignment(await actorFor(learners[i]!.id), { enrolmentId: e.id, lessonSlug: ESSAY_SLUG, text: `work ${i}` });
    }
    const ids = await prisma.submission.findMany({
      where: { enrolmentId: { in: enrolments.map((e) => e.id) } },
      select: { id: true, enrolmentId: true },
    });
    const byEnrolment = new Map(ids.map((r) => [r.enrolmentId, r.id]));
    // oldest first whatever the insertion order
    await prisma.submission.update({
      where: { id: byEnrolment.get(enrolments[2]!.id)! },
      data: { submittedAt: new Date(Date.now() - 3_600_000) },
    });
    await gradeSubmission(educator, {
      submissionId: byEnrolment.get(enrolments[1]!.id)!,
      version: 1,
      scores: [
        { points: 1, feedback: "" },
        { points: 1, feedback: "" },
      ],
      feedback: "",
    });
    // another cohort's work is not in this queue
    const other = await createAssignmentScenario();
    await submitAssignment(await actorFor(other.learner.id), {
      enrolmentId: other.enrolment.id,
      lessonSlug: ESSAY_SLUG,
      text: "elsewhere",
    });

    const full = await counted(() => listGradingQueue(educator));
    const names = await prisma.user.findMany({
      where: { id: { in: [learners[0]!.id, learners[2]!.id] } },
      select: { id: true, displayName: true },
    });
    const name = (id: string) => names.find((n) => n.id === id)!.displayName;
    expect(full.value.items.map((i) => i.learnerName)).toEqual([name(learners[2]!.id), name(learners[0]!.id)]);
    expect(full.value.items[0]).toMatchObject({ lessonTitle: "Lesson 2", cohortName: expect.any(String), version: 1 });
    expect(Object.keys(full.value.items[0]!).sort()).toEqual(
      ["cohortName", "courseTitle", "language", "learnerName", "lessonTitle", "submissionId", "submittedAt", "version"].sort(),
    );
    expect(full.queries).toBeLessThanOrEqual(3);
    expect(empty.queries).toBeLessThanOrEqual(full.queries);

    const elsewhere = await createApprovedEducator();
    expect(await listGradingQueue(await actorFor(elsewhere.id))).toEqual({ items: [], more: false });
    await assignEducatorToCohort({ cohortId: (await createCohort()).id, userId: elsewhere.id });
    expect((await listGradingQueue(await actorFor(elsewhere.id))).items).toEqual([]);
    await expect(listGradingQueue(await actorFor(s.learner.id))).rejects.toMatchObject({ reason: "permission.denied" });
    await expect(listGradingQueue(await actorFor((await createAdmin()).id))).rejects.toMatchObject({
      reason: "permission.denied",
    });
  });
});

describe("one submission for grading, and its file", () => {
  test("the cohort's educator gets the work, rubric and display name; others get not found; the file only to the learner and the cohort's educators", async () => {
    const s = await createAssignmentScenario();
    const learner = await actorFor(s.learner.id);
    const { submissionId, fileId } = await submitAssignment(
      learner,
      { ...page(s), text: "Essay" },
      { name: "essay.pdf", bytes: SAMPLES.pdf },
    );
    const educator = await actorFor(s.educator.id);
    const view = await counted(() => getSubmissionForGrading(educator, submissionId));
    const { displayName } = await prisma.user.findUniqueOrThrow({ where: { id: s.learner.id }, select: { displayName: true } });
    expect(view.value).toMatchObject({
      status: "submitted",
      version: 1,
      text: "Essay",
      learnerName: displayName,
      file: { id: fileId, filename: "essay.pdf", contentType: "application/pdf" },
      rubric: [{ criterion: "Argument" }, { criterion: "Sources" }],
      grade: null,
    });
    expect(view.queries).toBeLessThanOrEqual(4);
    const elsewhere = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: (await createCohort()).id, userId: elsewhere.id });
    await expect(getSubmissionForGrading(await actorFor(elsewhere.id), submissionId)).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(getSubmissionForGrading(await actorFor(s.educator.id), "cmxnosuchsubmission000000")).rejects.toMatchObject({
      reason: "not_found",
    });
    // the learner who handed it in does not get the grading view; an admin reads no submission at all
    await expect(getSubmissionForGrading(learner, submissionId)).rejects.toMatchObject({ reason: "not_found" });
    await expect(getSubmissionForGrading(await actorFor((await createAdmin()).id), submissionId)).rejects.toMatchObject({
      reason: "permission.denied",
    });

    const download = await openSubmissionFile(learner, fileId!);
    expect(Buffer.from(await new Response(download.body).arrayBuffer()).equals(Buffer.from(SAMPLES.pdf))).toBe(true);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    await (await openSubmissionFile(educator, fileId!)).body.cancel();
    for (const who of [
      await actorFor(elsewhere.id),
      await actorFor((await createAdmin()).id),
      await actorFor((await createLearner()).id),
    ]) {
      await expect(openSubmissionFile(who, fileId!)).rejects.toMatchObject({ reason: "not_found" });
    }
    await expect(openSubmissionFile(learner, "cmxnosuchfile000000000000")).rejects.toMatchObject({ reason: "not_found" });
  });
});
