// The reads of assignments (issue 8, item 5): the learner's own submission page, the educator's grading
// queue and one submission for grading, and who may download a submitted file. Each takes the actor and
// checks its read permission itself; learners are shown to educators by display name only, and a
// learner never sees anything of another learner. Query counts are fixed (submissions.test.ts).
import { getAssignmentLessons, getRevisionAssignmentLesson } from "#app/modules/courses/published.server.ts";
import { getStoredFiles, openStoredFile } from "#app/modules/files/files.server.ts";
import { getDisplayNames } from "#app/modules/identity/queries.server.ts";
import { can, permissionsOf, type Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireAssignmentTarget } from "./assignment-target.server.ts";
import { isPastDue } from "./due-dates.ts";
import type { CriterionScore } from "./grade-submission.server.ts";

export type RubricRow = { criterion: string; points: number };
export type GradeView = {
  points: number;
  maxPoints: number;
  percent: number;
  feedback: string;
  gradedAt: Date | null;
  /** Per criterion of the rubric, in its order. */
  criteria: Array<RubricRow & { score: number | null; feedback: string }>;
};

function scoresOf(value: unknown): CriterionScore[] {
  if (!Array.isArray(value)) return [];
  return value.map((s: { points?: unknown; feedback?: unknown }) => ({
    points: typeof s?.points === "number" ? s.points : 0,
    feedback: typeof s?.feedback === "string" ? s.feedback : "",
  }));
}

function gradeView(
  rubric: readonly RubricRow[],
  row: {
    scores: unknown;
    feedback: string | null;
    points: number | null;
    maxPoints: number | null;
    percent: number | null;
    gradedAt: Date | null;
  },
): GradeView {
  const scores = scoresOf(row.scores);
  return {
    points: row.points ?? 0,
    maxPoints: row.maxPoints ?? rubric.reduce((n, c) => n + c.points, 0),
    percent: row.percent ?? 0,
    feedback: row.feedback ?? "",
    gradedAt: row.gradedAt,
    criteria: rubric.map((c, i) => ({
      criterion: c.criterion,
      points: c.points,
      score: scores[i]?.points ?? null,
      feedback: scores[i]?.feedback ?? "",
    })),
  };
}

/**
 * The learner's page of one assignment: the brief, the rubric, the rules (file types, size, due date,
 * resubmission), whether they may hand in now (and why not), and their submission with its grade and
 * per-criterion feedback once graded. Only the enrolment's learner (anyone else: not_found). Five queries.
 */
export async function getSubmissionPage(actor: Actor, input: { enrolmentId: string; lessonSlug: string }) {
  const target = await requireAssignmentTarget(actor, input, "read:submission");
  const { enrolment, lesson, dueAt } = target;
  const row = await prisma.submission.findUnique({
    where: { enrolmentId_lessonId: { enrolmentId: enrolment.id, lessonId: lesson.id } },
    select: {
      id: true,
      status: true,
      version: true,
      text: true,
      fileId: true,
      submittedAt: true,
      scores: true,
      feedback: true,
      points: true,
      maxPoints: true,
      percent: true,
      gradedAt: true,
    },
  });
  const files = await getStoredFiles([row?.fileId ?? null]);
  const { assignment } = lesson;
  const closed =
    enrolment.status !== "active"
      ? "submission.not_open"
      : isPastDue(dueAt, new Date())
        ? "submission.past_due"
        : row?.status === "graded"
          ? "submission.already_graded"
          : row && !assignment.allowResubmission
            ? "submission.resubmission_closed"
            : null;
  return {
    enrolmentId: enrolment.id,
    lesson: {
      id: lesson.id,
      slug: lesson.slug,
      title: lesson.title,
      courseTitle: lesson.courseTitle,
      language: lesson.language,
      bodyHtml: lesson.bodyHtml,
    },
    rubric: assignment.rubric.map((c) => ({ criterion: c.criterion, points: c.points })),
    fileTypes: assignment.fileTypes,
    maxSizeMb: assignment.maxSizeMb,
    allowResubmission: assignment.allowResubmission ?? false,
    dueAt,
    canSubmit: closed === null,
    closedReason: closed,
    submission: row
      ? {
          status: row.status,
          version: row.version,
          text: row.text,
          submittedAt: row.submittedAt,
          file: row.fileId ? (files.get(row.fileId) ?? null) : null,
          grade: row.status === "graded" ? gradeView(assignment.rubric, row) : null,
        }
      : null,
  };
}

/** The grading queue's length limit: the oldest come first, so nothing waits unseen for long. */
export const GRADING_QUEUE_LIMIT = 100;

/**
 * The educator's grading queue: work waiting for a grade in the cohorts they teach, oldest first; each
 * with the learner's display name, the assignment and course titles and the cohort. A role without the
 * grading permission is refused; an educator teaching no cohort has an empty queue. Three queries.
 */
export async function listGradingQueue(actor: Actor) {
  if (!permissionsOf(actor.roles).has("grade:submission:cohort")) throw new AppError("permission.denied");
  if (actor.cohortIds.length === 0) return { items: [], more: false };
  const rows = await prisma.submission.findMany({
    where: { status: "submitted", enrolment: { cohortId: { in: [...actor.cohortIds] } } },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: GRADING_QUEUE_LIMIT + 1,
    select: {
      id: true,
      lessonId: true,
      version: true,
      submittedAt: true,
      enrolment: { select: { learnerId: true, cohort: { select: { name: true } } } },
    },
  });
  const shown = rows.slice(0, GRADING_QUEUE_LIMIT);
  const [names, lessons] = await Promise.all([
    getDisplayNames(shown.map((r) => r.enrolment.learnerId)),
    getAssignmentLessons(shown.map((r) => r.lessonId)),
  ]);
  return {
    items: shown.map((r) => ({
      submissionId: r.id,
      version: r.version,
      submittedAt: r.submittedAt,
      learnerName: names.get(r.enrolment.learnerId) ?? "",
      cohortName: r.enrolment.cohort.name,
      lessonTitle: lessons.get(r.lessonId)?.title ?? "",
      courseTitle: lessons.get(r.lessonId)?.courseTitle ?? "",
      language: lessons.get(r.lessonId)?.language ?? "en",
    })),
    more: rows.length > GRADING_QUEUE_LIMIT,
  };
}

/**
 * One submission for grading: the work (text, file), the rubric, the learner's display name and, once
 * graded, the grade. Only educators of the submission's cohort; anyone else (another cohort's educator,
 * a learner, an admin, a forged id) is answered not_found. Four queries.
 */
export async function getSubmissionForGrading(actor: Actor, submissionId: string) {
  requirePermission(actor, "read:submission");
  const row = await prisma.submission.findUnique({
    where: { id: submissionId },
    select: {
      id: true,
      lessonId: true,
      status: true,
      version: true,
      text: true,
      fileId: true,
      submittedAt: true,
      scores: true,
      feedback: true,
      points: true,
      maxPoints: true,
      percent: true,
      gradedAt: true,
      enrolment: { select: { learnerId: true, cohortId: true, cohort: { select: { name: true, revisionId: true } } } },
    },
  });
  if (!row || !can(actor, "read:submission:cohort", { cohortId: row.enrolment.cohortId })) throw new AppError("not_found");
  const [lesson, names, files] = await Promise.all([
    getRevisionAssignmentLesson(row.enrolment.cohort.revisionId, { id: row.lessonId }, prisma, { body: false }),
    getDisplayNames([row.enrolment.learnerId]),
    getStoredFiles([row.fileId]),
  ]);
  if (!lesson) throw new AppError("not_found");
  return {
    submissionId: row.id,
    status: row.status,
    version: row.version,
    text: row.text,
    submittedAt: row.submittedAt,
    file: row.fileId ? (files.get(row.fileId) ?? null) : null,
    learnerName: names.get(row.enrolment.learnerId) ?? "",
    cohortName: row.enrolment.cohort.name,
    lesson: { title: lesson.title, courseTitle: lesson.courseTitle, language: lesson.language },
    rubric: lesson.assignment.rubric.map((c) => ({ criterion: c.criterion, points: c.points })),
    grade: row.status === "graded" ? gradeView(lesson.assignment.rubric, row) : null,
  };
}

/**
 * A submitted file's download, for the learner who handed it in and the educators of that cohort only.
 * Everyone else, a file that belongs to no submission and a forged id get the same not_found.
 */
export async function openSubmissionFile(actor: Actor, fileId: string) {
  const row = await prisma.submission.findUnique({
    where: { fileId },
    select: { enrolment: { select: { learnerId: true, cohortId: true } } },
  });
  const allowed =
    !!row &&
    (can(actor, "read:submission:own", { ownerId: row.enrolment.learnerId }) ||
      can(actor, "read:submission:cohort", { cohortId: row.enrolment.cohortId }));
  if (!allowed) throw new AppError("not_found");
  const file = await openStoredFile(fileId);
  if (!file) throw new AppError("not_found");
  return file;
}
