// An assignment as one learner meets it: their enrolment (own, not withdrawn), the assignment lesson of
// the cohort's pinned revision, and when it is due for them (dueAtFor, with their accommodation).
// Shared by the submission page, the upload limits and submit-assignment.
import { getRevisionAssignmentLesson, type RevisionAssignmentLesson } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { dueAtFor } from "./due-dates.ts";

export type AssignmentTarget = {
  enrolment: { id: string; learnerId: string; status: string; cohortId: string };
  lesson: RevisionAssignmentLesson;
  dueAt: Date | null;
  /** The most a file may weigh, in bytes (maxSizeMb × 10^6). */
  maxBytes: number;
};

/**
 * The acting learner's enrolment and one assignment lesson of its pinned revision, by slug, or
 * not_found (another learner's enrolment, a withdrawn one, a forged id, a lesson that is not an
 * assignment of that revision). Two queries (three with the brief rendered).
 */
export async function requireAssignmentTarget(
  actor: Actor,
  input: { enrolmentId: string; lessonSlug: string },
  permission: "read:submission" | "create:submission",
  db: Tx = prisma,
  options: { body?: boolean } = {},
): Promise<AssignmentTarget> {
  requirePermission(actor, permission);
  const enrolment = await db.enrolment.findUnique({
    where: { id: input.enrolmentId },
    select: {
      id: true,
      learnerId: true,
      status: true,
      cohortId: true,
      cohort: { select: { revisionId: true, startsOn: true, endsOn: true } },
    },
  });
  if (!enrolment || enrolment.status === "withdrawn") throw new AppError("not_found");
  requirePermission(actor, permission, { ownerId: enrolment.learnerId }, { hide: true });
  const lesson = await getRevisionAssignmentLesson(enrolment.cohort.revisionId, { slug: input.lessonSlug }, db, options);
  if (!lesson) throw new AppError("not_found");
  const accommodation = await db.accommodation.findUnique({
    where: { enrolmentId_lessonId: { enrolmentId: enrolment.id, lessonId: lesson.id } },
    select: { dueAt: true },
  });
  return {
    enrolment: { id: enrolment.id, learnerId: enrolment.learnerId, status: enrolment.status, cohortId: enrolment.cohortId },
    lesson,
    dueAt: dueAtFor({
      cohortStartsOn: enrolment.cohort.startsOn,
      cohortEndsOn: enrolment.cohort.endsOn,
      dueDays: lesson.assignment.dueDays ?? null,
      accommodationDueAt: accommodation?.dueAt ?? null,
    }),
    maxBytes: Math.round(lesson.assignment.maxSizeMb * 1_000_000),
  };
}

/**
 * For the upload route, before the body is read: the largest file this learner may send for this
 * assignment (bytes). Anyone else is refused as requireAssignmentTarget refuses.
 */
export async function getUploadLimit(actor: Actor, input: { enrolmentId: string; lessonSlug: string }): Promise<number> {
  const target = await requireAssignmentTarget(actor, input, "create:submission", prisma, { body: false });
  return target.maxBytes;
}
