// The dashboards' reads: a learner's own enrolments with progress, grade so far, next step and deadlines
// (getMyLearning in queries.server.ts), and the educator's roster and gradebook of a cohort they teach.
// Every read here takes a fixed number of queries whatever the number of enrolments, lessons, progress
// rows, attempts and submissions (dashboards.test.ts counts them). People are named by display name only.
import { getRevisionPlans, type PlanLesson } from "#app/modules/courses/revision-plans.server.ts";
import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import { getCourseLabels } from "#app/modules/courses/published.server.ts";
import { getDisplayNames } from "#app/modules/identity/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, readRows, sql } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { dueAtFor, isPastDue } from "./due-dates.ts";
import {
  assessmentCell,
  gradeSoFar,
  type AttemptScore,
  type GradebookCell,
  type GradeSoFar,
  type SubmissionScore,
} from "./gradebook.ts";

const keyOf = (enrolmentId: string, lessonId: string) => `${enrolmentId}:${lessonId}`;

type AttemptRow = { enrolmentId: string; lessonId: string } & AttemptScore;
type SubmissionRow = { enrolmentId: string; lessonId: string } & SubmissionScore;

/** Attempts and submissions of these enrolments, by enrolment and lesson (two queries). */
async function scoresOf(enrolmentIds: readonly string[]) {
  const [attemptRows, submissionRows] = await Promise.all([
    prisma.quizAttempt.findMany({
      where: { enrolmentId: { in: [...enrolmentIds] } },
      select: { enrolmentId: true, lessonId: true, number: true, percent: true, createdAt: true },
    }),
    prisma.submission.findMany({
      where: { enrolmentId: { in: [...enrolmentIds] } },
      select: { enrolmentId: true, lessonId: true, status: true, percent: true },
    }),
  ]);
  return scoresFrom(attemptRows, submissionRows);
}

function scoresFrom(attemptRows: readonly AttemptRow[], submissionRows: readonly SubmissionRow[]) {
  const attempts = new Map<string, AttemptScore[]>();
  for (const a of attemptRows) {
    const key = keyOf(a.enrolmentId, a.lessonId);
    attempts.set(key, [...(attempts.get(key) ?? []), a]);
  }
  const submissions = new Map<string, SubmissionScore>(submissionRows.map((s) => [keyOf(s.enrolmentId, s.lessonId), s]));
  return {
    cell: (enrolmentId: string, lesson: PlanLesson): GradebookCell =>
      assessmentCell(lesson, attempts.get(keyOf(enrolmentId, lesson.id)), submissions.get(keyOf(enrolmentId, lesson.id))),
  };
}

/**
 * The learner's own rows for the dashboard in ONE query (a dashboard is opened often, on slow phones):
 * lessons done, quiz attempts, submissions and later due dates of these enrolments. The lessons done
 * come as one row per enrolment, their ids joined by U+001F (never in an id): a row per lesson done
 * costs more to send and read than the rest of the page's data.
 */
async function ownRows(enrolmentIds: readonly string[]) {
  const ids = [...enrolmentIds];
  const rows = await readRows<{
    kind: "done" | "attempt" | "submission" | "extension";
    enrolmentId: string;
    lessonId: string;
    number: number | null;
    percent: number | null;
    at: Date | null;
    status: "submitted" | "graded" | null;
  }>(sql`
    SELECT 'done' AS kind, "enrolmentId", string_agg("lessonId", chr(31)) AS "lessonId", NULL::int AS number,
      NULL::float8 AS percent, NULL::timestamp(3) AS at, NULL::text AS status
    FROM "LessonProgress" WHERE "enrolmentId" = ANY(${ids}::text[]) AND "completedAt" IS NOT NULL
    GROUP BY "enrolmentId"
    UNION ALL
    SELECT 'attempt', "enrolmentId", "lessonId", number, percent, "createdAt", NULL
    FROM "QuizAttempt" WHERE "enrolmentId" = ANY(${ids}::text[])
    UNION ALL
    SELECT 'submission', "enrolmentId", "lessonId", NULL, percent, NULL, status::text
    FROM "Submission" WHERE "enrolmentId" = ANY(${ids}::text[])
    UNION ALL
    SELECT 'extension', "enrolmentId", "lessonId", NULL, NULL, "dueAt", NULL
    FROM "Accommodation" WHERE "enrolmentId" = ANY(${ids}::text[]) AND "dueAt" IS NOT NULL`);
  const of = (kind: (typeof rows)[number]["kind"]) => rows.filter((r) => r.kind === kind);
  return {
    done: of("done").flatMap((r) => r.lessonId.split("\u001f").map((lessonId) => ({ enrolmentId: r.enrolmentId, lessonId }))),
    scores: scoresFrom(
      of("attempt").map((r) => ({
        enrolmentId: r.enrolmentId,
        lessonId: r.lessonId,
        number: r.number!,
        percent: r.percent!,
        createdAt: r.at!,
      })),
      of("submission").map((r) => ({ enrolmentId: r.enrolmentId, lessonId: r.lessonId, status: r.status!, percent: r.percent })),
    ),
    accommodations: of("extension").map((r) => ({ enrolmentId: r.enrolmentId, lessonId: r.lessonId, dueAt: r.at })),
  };
}

export type LearningEnrolment = {
  id: string;
  status: "active" | "paused" | "completed" | "withdrawn";
  finalGrade: number | null;
  cohort: { startsOn: Date; endsOn: Date | null; revisionId: string };
};

export type EnrolmentDetails = {
  progress: { done: number; total: number };
  /** The final grade once completed, else the grade so far (null while nothing is graded). */
  grade: { kind: "final"; percent: number } | ({ kind: "so_far" } & GradeSoFar) | null;
  /** The first lesson in reading order not done yet (active enrolments), null when every lesson is done. */
  next: { slug: string; title: string } | null;
};

export type Deadline = {
  enrolmentId: string;
  lessonSlug: string;
  title: string;
  kind: "quiz" | "assignment";
  dueAt: Date;
  pastDue: boolean;
};

/**
 * Per enrolment (withdrawn ones have none): lessons done of the pinned revision's, the grade, the next
 * lesson; and, for active enrolments, the quizzes not attempted and assignments not submitted that have
 * a due date (dueAtFor, with this learner's accommodation), soonest first. Six queries for any number of
 * enrolments; the rows read are the learner's own (at most one per lesson of their courses).
 */
export async function learningDetails(
  enrolments: readonly LearningEnrolment[],
  now: Date = new Date(),
): Promise<{ details: Map<string, EnrolmentDetails>; deadlines: Deadline[] }> {
  const current = enrolments.filter((e) => e.status !== "withdrawn");
  const ids = current.map((e) => e.id);
  if (ids.length === 0) return { details: new Map(), deadlines: [] };
  const [plans, own] = await Promise.all([getRevisionPlans(current.map((e) => e.cohort.revisionId)), ownRows(ids)]);
  const { done, scores, accommodations } = own;
  const doneSet = new Set(done.map((d) => keyOf(d.enrolmentId, d.lessonId)));
  const extended = new Map(accommodations.map((a) => [keyOf(a.enrolmentId, a.lessonId), a.dueAt]));
  const details = new Map<string, EnrolmentDetails>();
  const deadlines: Deadline[] = [];
  for (const e of current) {
    const lessons = plans.get(e.cohort.revisionId) ?? [];
    const assessments = lessons.filter((l) => l.assessment);
    const cells = new Map(assessments.map((l) => [l.id, scores.cell(e.id, l)]));
    const isDone = (l: PlanLesson) => doneSet.has(keyOf(e.id, l.id));
    const nextLesson = e.status === "active" ? lessons.find((l) => !isDone(l)) : undefined;
    const soFar = gradeSoFar(assessments, cells);
    details.set(e.id, {
      progress: { done: lessons.filter(isDone).length, total: lessons.length },
      grade:
        e.status === "completed" && e.finalGrade !== null
          ? { kind: "final", percent: e.finalGrade }
          : soFar
            ? { kind: "so_far", ...soFar }
            : null,
      next: nextLesson ? { slug: nextLesson.slug, title: nextLesson.title } : null,
    });
    if (e.status !== "active") continue;
    for (const l of assessments) {
      if (cells.get(l.id)?.kind !== "none") continue;
      const dueAt = dueAtFor({
        cohortStartsOn: e.cohort.startsOn,
        cohortEndsOn: e.cohort.endsOn,
        dueDays: l.assessment!.dueDays,
        accommodationDueAt: extended.get(keyOf(e.id, l.id)) ?? null,
      });
      if (!dueAt) continue;
      deadlines.push({
        enrolmentId: e.id,
        lessonSlug: l.slug,
        title: l.title,
        kind: l.kind as "quiz" | "assignment",
        dueAt,
        pastDue: isPastDue(dueAt, now),
      });
    }
  }
  deadlines.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.title.localeCompare(b.title));
  return { details, deadlines };
}

// ---------------------------------------------------------------- the educator's cohort page

/**
 * Only an active educator who teaches the cohort (their `cohort` scope, Actor.cohortIds). Anyone else
 * (an educator of another cohort, an admin, a learner, a sponsor, a verifier) gets "not found": admins
 * see aggregates only (/admin/seats), never a learner's grades.
 */
async function requireTaughtCohort(actor: Actor, cohortId: string) {
  requirePermission(actor, "read:enrolment:cohort", { cohortId }, { hide: true });
  requirePermission(actor, "read:submission:cohort", { cohortId }, { hide: true });
  const cohort = await prisma.cohort.findUnique({
    where: { id: cohortId },
    select: { id: true, name: true, courseId: true, revisionId: true, startsOn: true, endsOn: true },
  });
  if (!cohort) throw new AppError("not_found");
  await requireActiveEducator(actor);
  return cohort;
}

export type GradebookRow = {
  enrolmentId: string;
  displayName: string;
  status: "active" | "paused" | "completed";
  progress: { done: number; total: number };
  cells: GradebookCell[];
  grade: EnrolmentDetails["grade"];
};

/**
 * The cohort page of an educator who teaches it: its learners (display names only; withdrawn learners
 * are not listed) with lessons done, and the gradebook: one column per quiz and assignment of the pinned
 * revision in reading order (a quiz's kept score; an assignment's grade, "submitted, not graded", or
 * nothing), and the course grade so far (or the final grade). A fixed number of queries whatever the
 * number of learners, lessons, progress rows, attempts and submissions.
 */
export async function getCohortGradebook(actor: Actor, cohortId: string) {
  const cohort = await requireTaughtCohort(actor, cohortId);
  const [enrolments, plans, labels] = await Promise.all([
    prisma.enrolment.findMany({
      where: { cohortId: cohort.id, status: { in: ["active", "paused", "completed"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, learnerId: true, status: true, finalGrade: true },
    }),
    getRevisionPlans([cohort.revisionId]),
    getCourseLabels([cohort.courseId]),
  ]);
  const ids = enrolments.map((e) => e.id);
  const [names, done, scores] = await Promise.all([
    getDisplayNames(enrolments.map((e) => e.learnerId)),
    ids.length
      ? prisma.lessonProgress.groupBy({
          by: ["enrolmentId"],
          where: { enrolmentId: { in: ids }, completedAt: { not: null } },
          _count: { _all: true },
        })
      : Promise.resolve([]),
    scoresOf(ids),
  ]);
  const lessons = plans.get(cohort.revisionId) ?? [];
  const assessments = lessons.filter((l) => l.assessment);
  const doneBy = new Map(done.map((d) => [d.enrolmentId, d._count._all]));
  const rows: GradebookRow[] = enrolments.map((e) => {
    const cells = assessments.map((l) => scores.cell(e.id, l));
    const soFar = gradeSoFar(assessments, new Map(assessments.map((l, i) => [l.id, cells[i]!])));
    return {
      enrolmentId: e.id,
      displayName: names.get(e.learnerId) ?? "—",
      status: e.status as GradebookRow["status"],
      progress: { done: Math.min(doneBy.get(e.id) ?? 0, lessons.length), total: lessons.length },
      cells,
      grade:
        e.status === "completed" && e.finalGrade !== null
          ? { kind: "final", percent: e.finalGrade }
          : soFar
            ? { kind: "so_far", ...soFar }
            : null,
    };
  });
  rows.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.enrolmentId.localeCompare(b.enrolmentId));
  const label = labels.get(cohort.courseId);
  return {
    cohort: { id: cohort.id, name: cohort.name, startsOn: cohort.startsOn, endsOn: cohort.endsOn },
    course: { slug: label?.slug ?? "", title: label?.title ?? null },
    assessments: assessments.map((l) => ({
      id: l.id,
      title: l.title,
      kind: l.kind as "quiz" | "assignment",
      weight: l.assessment!.weight,
      dueAt: dueAtFor({ cohortStartsOn: cohort.startsOn, cohortEndsOn: cohort.endsOn, dueDays: l.assessment!.dueDays }),
    })),
    rows,
  };
}

export type CohortGradebook = Awaited<ReturnType<typeof getCohortGradebook>>;
