import { recordAudit } from "#app/modules/audit/audit.server.ts";
import {
  checkFile,
  discardObject,
  recordStoredFile,
  removeStoredFile,
  storeObject,
  type CheckedFile,
  type IncomingFile,
} from "#app/modules/files/files.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { lockRow, onUniqueViolation, prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { requireAssignmentTarget, type AssignmentTarget } from "./assignment-target.server.ts";
import { isPastDue } from "./due-dates.ts";
import type { SubmitAssignmentInput } from "./schemas.ts";
import { gradingPath } from "./work-paths.ts";
import { recordLessonDone } from "./lesson-done.server.ts";

type Existing = { id: string; status: string; version: number; fileId: string | null } | null;

/** The state rules, checked before storing anything and again under the lock. */
function checkState(target: AssignmentTarget, existing: Existing, now: Date) {
  if (target.enrolment.status !== "active") throw new AppError("submission.not_open");
  if (isPastDue(target.dueAt, now)) throw new AppError("submission.past_due");
  if (existing?.status === "graded") throw new AppError("submission.already_graded");
  if (existing && !target.lesson.assignment.allowResubmission) throw new AppError("submission.resubmission_closed");
}

const findExisting = (db: Tx, enrolmentId: string, lessonId: string): Promise<Existing> =>
  db.submission.findUnique({
    where: { enrolmentId_lessonId: { enrolmentId, lessonId } },
    select: { id: true, status: true, version: true, fileId: true },
  });

/**
 * The enrolment's learner hands in an assignment of the cohort's pinned revision: text and/or one file
 * (at least one). Refused when the enrolment is not active, after the due date (dueAtFor: an
 * accommodation's later date counts), once graded, and on a second hand-in unless the assignment allows
 * resubmission (then `version` + 1, text and file replaced). The file is checked (type by its bytes,
 * matching its extension, within maxSizeMb) before a byte is stored; if anything then refuses, the stored
 * bytes are removed, so nothing remains. One row per enrolment and assignment: the enrolment row is
 * locked, so two hand-ins at the same moment run one after the other (the unique key is the backstop).
 * Each educator of the cohort is told a submission waits; a replaced file's bytes go after the commit.
 */
export async function submitAssignment(actor: Actor, input: SubmitAssignmentInput, file: IncomingFile | null = null) {
  const target = await requireAssignmentTarget(actor, input, "create:submission", prisma, { body: false });
  const { enrolment, lesson } = target;
  checkState(target, await findExisting(prisma, enrolment.id, lesson.id), new Date());
  const checked: CheckedFile | null = file
    ? checkFile(file, { allowedExtensions: lesson.assignment.fileTypes, maxBytes: target.maxBytes, field: "file" })
    : null;
  const text = input.text.trim() ? input.text : "";
  if (!checked && !text) throw new AppError("submission.empty", { field: "text" });

  const key = checked ? await storeObject(checked) : null;
  let replacedKey: string | null = null;
  try {
    const result = await prisma.$transaction(async (tx) => {
      await lockRow(tx, "Enrolment", enrolment.id);
      // Read again under the lock: the status, an accommodation and a hand-in made meanwhile.
      const fresh = await requireAssignmentTarget(actor, input, "create:submission", tx, { body: false });
      const existing = await findExisting(tx, enrolment.id, lesson.id);
      const now = new Date();
      checkState(fresh, existing, now);
      const fileId = checked && key ? await recordStoredFile(tx, { ...checked, key, ownerId: actor.id }) : null;
      const fields = { text, fileId, status: "submitted" as const, submittedAt: now };
      let submission: { id: string; version: number };
      if (!existing) {
        submission = await onUniqueViolation(
          () =>
            tx.submission.create({
              data: { enrolmentId: enrolment.id, lessonId: lesson.id, ...fields },
              select: { id: true, version: true },
            }),
          [{ model: "Submission", error: () => new AppError("submission.resubmission_closed") }],
        );
      } else {
        const { count } = await tx.submission.updateMany({
          where: { id: existing.id, version: existing.version, status: "submitted" },
          data: { ...fields, version: existing.version + 1 },
        });
        if (count !== 1) throw new AppError("submission.changed");
        submission = { id: existing.id, version: existing.version + 1 };
        if (existing.fileId) replacedKey = await removeStoredFile(tx, existing.fileId);
      }
      await recordAudit(tx, {
        actorId: actor.id,
        action: "assignment.submitted",
        entityType: "submission",
        entityId: submission.id,
        data: { enrolmentId: enrolment.id, lessonId: lesson.id, version: submission.version, withFile: fileId !== null },
      });
      // An assignment lesson is done once the work is handed in (its grade counts separately).
      await recordLessonDone(tx, { actorId: actor.id, enrolmentId: enrolment.id, lessonId: lesson.id, at: now });
      const educators = await tx.cohortEducator.findMany({ where: { cohortId: enrolment.cohortId }, select: { userId: true } });
      for (const educator of educators) await notify(tx, educator.userId, gradingPath(submission.id));
      return { submissionId: submission.id, version: submission.version, fileId };
    });
    await discardObject(replacedKey);
    return result;
  } catch (error) {
    await discardObject(key);
    throw error;
  }
}
