import { describe, expect, inject, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createApprovedEducator, createLearner } from "#tests/factories.ts";
import { SAMPLES } from "#tests/file-fixtures.ts";
import { assignEducatorToCohort, createEnrolment } from "#tests/learning-factories.ts";
import { createAssignmentScenario, ESSAY_SLUG, useTemporaryStorage } from "#tests/work-fixtures.ts";
import { submitAssignment } from "./submit-assignment.server.ts";

const storage = useTemporaryStorage();
const input = (enrolmentId: string, text = "") => ({ enrolmentId, lessonSlug: ESSAY_SLUG, text });
const rows = (enrolmentId: string) => prisma.submission.findMany({ where: { enrolmentId } });
const audits = (submissionId: string) =>
  prisma.auditEvent.count({ where: { action: "assignment.submitted", entityId: submissionId } });

/** Nothing of a refused submission remains: no row, no StoredFile, no object in the storage. */
async function expectNothingWritten(enrolmentId: string, objectsBefore: number, filesBefore: number) {
  expect(await rows(enrolmentId)).toEqual([]);
  expect(await prisma.storedFile.count()).toBe(filesBefore);
  expect(storage.storedObjects()).toHaveLength(objectsBefore);
}

describe("handing in an assignment", () => {
  test("text and a PDF: one row, the file stored with its detected type, audited, each educator of the cohort notified", async () => {
    const s = await createAssignmentScenario();
    const second = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: second.id });
    const learner = await actorFor(s.learner.id);
    const result = await submitAssignment(learner, input(s.enrolment.id, "My answer"), { name: "Essay.pdf", bytes: SAMPLES.pdf });
    const [row] = await rows(s.enrolment.id);
    expect(row).toMatchObject({
      id: result.submissionId,
      text: "My answer",
      status: "submitted",
      version: 1,
      lessonId: s.lesson.id,
    });
    const file = await prisma.storedFile.findUniqueOrThrow({ where: { id: row!.fileId! } });
    expect(file).toMatchObject({
      filename: "Essay.pdf",
      contentType: "application/pdf",
      size: SAMPLES.pdf.length,
      ownerId: s.learner.id,
    });
    expect(file.key).toMatch(/^[0-9a-f]{32}$/);
    expect(storage.storedObjects().some((f) => f.endsWith(file.key))).toBe(true);
    expect(await audits(result.submissionId)).toBe(1);
    const notices = await prisma.inAppNotice.findMany({ where: { path: `/teach/submissions/${result.submissionId}` } });
    expect(notices.map((n) => n.userId).sort()).toEqual([s.educator.id, second.id].sort());
  });

  test("text alone, or a file alone, is enough; neither is refused on the text field", async () => {
    const s = await createAssignmentScenario();
    const learner = await actorFor(s.learner.id);
    await expect(submitAssignment(learner, input(s.enrolment.id, "   \n "), null)).rejects.toMatchObject({
      reason: "submission.empty",
      field: "text",
    });
    expect(await rows(s.enrolment.id)).toEqual([]);
    await submitAssignment(learner, input(s.enrolment.id), { name: "notes.txt", bytes: SAMPLES.text });
    expect((await rows(s.enrolment.id))[0]).toMatchObject({ text: "" });
    const t = await createAssignmentScenario();
    await submitAssignment(await actorFor(t.learner.id), input(t.enrolment.id, "Only text"));
    expect((await rows(t.enrolment.id))[0]).toMatchObject({ text: "Only text", fileId: null });
  });

  test("type by content: a .pdf that is a PNG, a .docx that is a ZIP, an extension not allowed, a file too big: refused, nothing stored", async () => {
    const s = await createAssignmentScenario({ assignment: { maxSizeMb: 0.001 } });
    const learner = await actorFor(s.learner.id);
    const [objects, files] = [storage.storedObjects().length, await prisma.storedFile.count()];
    const cases = [
      [{ name: "essay.pdf", bytes: SAMPLES.png }, "upload.type_mismatch"],
      [{ name: "essay.docx", bytes: SAMPLES.zip }, "upload.type_mismatch"],
      [{ name: "essay.png", bytes: SAMPLES.png }, "upload.type_not_allowed"],
      [{ name: "essay.txt", bytes: new Uint8Array(1001).fill(0x61) }, "upload.too_large"],
      [{ name: "essay.txt", bytes: new Uint8Array() }, "upload.empty"],
    ] as const;
    for (const [file, reason] of cases) {
      await expect(submitAssignment(learner, input(s.enrolment.id, "text"), file)).rejects.toMatchObject({
        reason,
        field: "file",
      });
    }
    await expectNothingWritten(s.enrolment.id, objects, files);
  });

  test("after the due date: refused; with an accommodation to a later date: accepted", async () => {
    const s = await createAssignmentScenario({ startsOn: new Date(Date.now() - 10 * 86_400_000), assignment: { dueDays: 2 } });
    const learner = await actorFor(s.learner.id);
    const [objects, files] = [storage.storedObjects().length, await prisma.storedFile.count()];
    await expect(
      submitAssignment(learner, input(s.enrolment.id, "late"), { name: "late.pdf", bytes: SAMPLES.pdf }),
    ).rejects.toMatchObject({ reason: "submission.past_due" });
    await expectNothingWritten(s.enrolment.id, objects, files);
    // An earlier accommodation never shortens or extends past the usual date: still refused.
    await prisma.accommodation.create({
      data: { enrolmentId: s.enrolment.id, lessonId: s.lesson.id, dueAt: new Date(Date.now() - 9 * 86_400_000) },
    });
    await expect(submitAssignment(learner, input(s.enrolment.id, "late"))).rejects.toMatchObject({
      reason: "submission.past_due",
    });
    await prisma.accommodation.update({
      where: { enrolmentId_lessonId: { enrolmentId: s.enrolment.id, lessonId: s.lesson.id } },
      data: { dueAt: new Date(Date.now() + 86_400_000) },
    });
    await submitAssignment(learner, input(s.enrolment.id, "with more time"));
    expect(await rows(s.enrolment.id)).toHaveLength(1);
    // Another learner's accommodation does not help this one.
    const other = await createLearner();
    const otherEnrolment = await createEnrolment({ learnerId: other.id, cohortId: s.cohort.id });
    await expect(submitAssignment(await actorFor(other.id), input(otherEnrolment.id, "late"))).rejects.toMatchObject({
      reason: "submission.past_due",
    });
  });

  test("the cohort's end date is the due date when the assignment gives none", async () => {
    const s = await createAssignmentScenario({
      startsOn: new Date(Date.now() - 10 * 86_400_000),
      endsOn: new Date(Date.now() - 3 * 86_400_000),
    });
    await expect(submitAssignment(await actorFor(s.learner.id), input(s.enrolment.id, "x"))).rejects.toMatchObject({
      reason: "submission.past_due",
    });
  });

  test("resubmission: refused when the assignment does not allow it; allowed until graded, version + 1, the old file removed after commit", async () => {
    const closed = await createAssignmentScenario();
    const a = await actorFor(closed.learner.id);
    await submitAssignment(a, input(closed.enrolment.id, "first"));
    const [objects, files] = [storage.storedObjects().length, await prisma.storedFile.count()];
    await expect(
      submitAssignment(a, input(closed.enrolment.id, "second"), { name: "second.pdf", bytes: SAMPLES.pdf }),
    ).rejects.toMatchObject({ reason: "submission.resubmission_closed" });
    expect(storage.storedObjects()).toHaveLength(objects);
    expect(await prisma.storedFile.count()).toBe(files);
    expect((await rows(closed.enrolment.id))[0]).toMatchObject({ text: "first", version: 1 });

    const open = await createAssignmentScenario({ assignment: { allowResubmission: true } });
    const b = await actorFor(open.learner.id);
    const first = await submitAssignment(b, input(open.enrolment.id, "v1"), { name: "v1.pdf", bytes: SAMPLES.pdf });
    const firstFile = await prisma.storedFile.findUniqueOrThrow({ where: { id: first.fileId! } });
    const second = await submitAssignment(b, input(open.enrolment.id, "v2"), { name: "v2.docx", bytes: SAMPLES.docx });
    expect(second).toMatchObject({ submissionId: first.submissionId, version: 2 });
    expect(await prisma.storedFile.findUnique({ where: { id: first.fileId! } })).toBeNull();
    expect(storage.storedObjects().some((f) => f.endsWith(firstFile.key))).toBe(false);
    expect((await rows(open.enrolment.id))[0]).toMatchObject({ text: "v2", version: 2, fileId: second.fileId });
    expect(await audits(first.submissionId)).toBe(2);
    // once graded, no more versions
    await prisma.submission.update({ where: { id: first.submissionId }, data: { status: "graded" } });
    await expect(submitAssignment(b, input(open.enrolment.id, "v3"))).rejects.toMatchObject({
      reason: "submission.already_graded",
    });
  });

  test("another learner, an educator, a paused enrolment, a lesson that is no assignment: refused, nothing written", async () => {
    const s = await createAssignmentScenario();
    const [objects, files] = [storage.storedObjects().length, await prisma.storedFile.count()];
    const file = { name: "x.pdf", bytes: SAMPLES.pdf };
    await expect(
      submitAssignment(await actorFor((await createLearner()).id), input(s.enrolment.id, "x"), file),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(submitAssignment(await actorFor(s.educator.id), input(s.enrolment.id, "x"), file)).rejects.toMatchObject({
      reason: "permission.denied",
    });
    const learner = await actorFor(s.learner.id);
    await expect(
      submitAssignment(learner, { ...input(s.enrolment.id, "x"), lessonSlug: "lesson-1" }, file),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
    await prisma.enrolment.update({ where: { id: s.enrolment.id }, data: { status: "paused" } });
    await expect(submitAssignment(learner, input(s.enrolment.id, "x"), file)).rejects.toMatchObject({
      reason: "submission.not_open",
    });
    await expectNothingWritten(s.enrolment.id, objects, files);
  });
});

describe("two hand-ins at the same moment", () => {
  // On PostgreSQL they really race (the enrolment row lock orders them); on PGlite they run one after
  // the other. Either way: one row, one version, and the loser's stored bytes are removed.
  test(`one row; the second is refused and leaves nothing behind (${inject("databaseKind")})`, async () => {
    const s = await createAssignmentScenario();
    const learner = await actorFor(s.learner.id);
    const objects = storage.storedObjects().length;
    const results = await Promise.allSettled([
      submitAssignment(learner, input(s.enrolment.id, "a"), { name: "a.pdf", bytes: SAMPLES.pdf }),
      submitAssignment(learner, input(s.enrolment.id, "b"), { name: "b.pdf", bytes: SAMPLES.pdf }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { reason: "submission.resubmission_closed" } });
    const all = await rows(s.enrolment.id);
    expect(all).toHaveLength(1);
    expect(all[0]!.version).toBe(1);
    expect(await prisma.storedFile.count({ where: { ownerId: s.learner.id } })).toBe(1);
    expect(storage.storedObjects()).toHaveLength(objects + 1);
  });

  test("with resubmission allowed: one row, versions 1 and 2, one file left", async () => {
    const s = await createAssignmentScenario({ assignment: { allowResubmission: true } });
    const learner = await actorFor(s.learner.id);
    const objects = storage.storedObjects().length;
    const results = await Promise.all([
      submitAssignment(learner, input(s.enrolment.id, "a"), { name: "a.pdf", bytes: SAMPLES.pdf }),
      submitAssignment(learner, input(s.enrolment.id, "b"), { name: "b.pdf", bytes: SAMPLES.pdf }),
    ]);
    expect(results.map((r) => r.version).sort()).toEqual([1, 2]);
    expect(await rows(s.enrolment.id)).toHaveLength(1);
    expect(await prisma.storedFile.count({ where: { ownerId: s.learner.id } })).toBe(1);
    expect(storage.storedObjects()).toHaveLength(objects + 1);
  });
});
