import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { createEnrolledLearner } from "#tests/player-fixtures.ts";
import { markLessonComplete } from "./mark-lesson-complete.server.ts";

const rowsOf = (enrolmentId: string) => prisma.lessonProgress.findMany({ where: { enrolmentId } });
const auditsOf = (enrolmentId: string) =>
  prisma.auditEvent.count({ where: { action: "lesson.completed", entityId: enrolmentId } });

describe("marking a lesson complete", () => {
  test("the learner completes a lesson of the pinned revision once, with one audit row; again changes nothing", async () => {
    const { learner, enrolment, lessons } = await createEnrolledLearner();
    const actor = await actorFor(learner.id);
    const first = await markLessonComplete(actor, { enrolmentId: enrolment.id, lessonId: lessons[0]!.id });
    expect(first.newlyCompleted).toBe(true);
    const again = await markLessonComplete(actor, { enrolmentId: enrolment.id, lessonId: lessons[0]!.id });
    expect(again.newlyCompleted).toBe(false);
    const rows = await rowsOf(enrolment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.completedAt).not.toBeNull();
    expect(await auditsOf(enrolment.id)).toBe(1);
  });

  test("another learner, an educator and an admin are refused and nothing is written", async () => {
    const { enrolment, lessons } = await createEnrolledLearner({ lessons: 2, modules: 1 });
    const other = await actorFor((await createLearner()).id);
    const educator = await actorFor((await createApprovedEducator()).id);
    const admin = await actorFor((await createAdmin()).id);
    const input = { enrolmentId: enrolment.id, lessonId: lessons[0]!.id };
    await expect(markLessonComplete(other, input)).rejects.toMatchObject({ reason: "not_found" });
    await expect(markLessonComplete(educator, input)).rejects.toMatchObject({ reason: "permission.denied" });
    await expect(markLessonComplete(admin, input)).rejects.toMatchObject({ reason: "permission.denied" });
    await expect(markLessonComplete(other, { ...input, enrolmentId: "cmxnosuchenrolment0000000" })).rejects.toMatchObject({
      reason: "not_found",
    });
    expect(await rowsOf(enrolment.id)).toEqual([]);
    expect(await auditsOf(enrolment.id)).toBe(0);
  });

  test("a forged lesson id and a lesson of another revision are not found and change nothing", async () => {
    const { learner, enrolment } = await createEnrolledLearner({ lessons: 2, modules: 1 });
    const elsewhere = await createEnrolledLearner({ lessons: 2, modules: 1 });
    const actor = await actorFor(learner.id);
    await expect(
      markLessonComplete(actor, { enrolmentId: enrolment.id, lessonId: "cmxforgedlesson0000000000" }),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(
      markLessonComplete(actor, { enrolmentId: enrolment.id, lessonId: elsewhere.lessons[0]!.id }),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
    expect(await rowsOf(enrolment.id)).toEqual([]);
    expect(await auditsOf(enrolment.id)).toBe(0);
  });

  test("the lesson of a new revision of the same course is refused: the cohort keeps its pinned revision", async () => {
    const { learner, enrolment, revisionId } = await createEnrolledLearner({ lessons: 2, modules: 1 });
    const newer = await prisma.courseRevision.create({
      data: {
        ...(await prisma.courseRevision.findUniqueOrThrow({
          where: { id: revisionId },
          omit: { id: true, createdAt: true, updatedAt: true, number: true },
        })),
        number: 2,
        modules: { create: { position: 0, slug: "module-1", title: "Module 1" } },
      },
      select: { id: true, modules: { select: { id: true } } },
    });
    const lesson = await prisma.lesson.create({
      data: { revisionId: newer.id, moduleId: newer.modules[0]!.id, position: 0, slug: "lesson-1", kind: "text", title: "New" },
    });
    const actor = await actorFor(learner.id);
    await expect(markLessonComplete(actor, { enrolmentId: enrolment.id, lessonId: lesson.id })).rejects.toMatchObject({
      reason: "not_found",
    });
    expect(await rowsOf(enrolment.id)).toEqual([]);
  });

  test("a withdrawn enrolment is gone from the player", async () => {
    const { learner, cohort, lessons } = await createEnrolledLearner({ lessons: 2, modules: 1 });
    await prisma.enrolment.updateMany({ where: { learnerId: learner.id }, data: { status: "withdrawn" } });
    const [enrolment] = await prisma.enrolment.findMany({ where: { learnerId: learner.id, cohortId: cohort.id } });
    await expect(
      markLessonComplete(await actorFor(learner.id), { enrolmentId: enrolment!.id, lessonId: lessons[0]!.id }),
    ).rejects.toMatchObject({ reason: "not_found" });
  });

  test("two concurrent calls make one row, one completion and one audit row", async () => {
    const { learner, enrolment, lessons } = await createEnrolledLearner({ lessons: 2, modules: 1 });
    const actor = await actorFor(learner.id);
    const input = { enrolmentId: enrolment.id, lessonId: lessons[1]!.id };
    const results = await Promise.all([markLessonComplete(actor, input), markLessonComplete(actor, input)]);
    expect(results.filter((r) => r.newlyCompleted)).toHaveLength(1);
    expect(await rowsOf(enrolment.id)).toHaveLength(1);
    expect(await auditsOf(enrolment.id)).toBe(1);
  });
});
