// The gradebook's rules as pure functions (no database, no clock): what one learner has for one quiz or
// assignment, and the course grade so far. The learner dashboard and the educator's gradebook (screen and
// CSV) use the same ones, so both show the same numbers. Grading itself is grading.ts's.
import type { PlanLesson } from "#app/modules/courses/revision-plans.server.ts";
import { courseGrade, keptScore } from "./grading.ts";

export type AttemptScore = { number: number; percent: number; createdAt: Date };
export type SubmissionScore = { status: "submitted" | "graded"; percent: number | null };

/** One learner × one assessment: the score that counts, work handed in and not graded yet, or nothing. */
export type GradebookCell = { kind: "score"; percent: number } | { kind: "submitted" } | { kind: "none" };

/**
 * A quiz: the kept attempt's percent (grading.ts keptScore with the quiz's policy), or nothing without
 * attempts. An assignment: the graded percent, "submitted" until it is graded, or nothing.
 */
export function assessmentCell(
  lesson: Pick<PlanLesson, "kind" | "assessment">,
  attempts: readonly AttemptScore[] = [],
  submission?: SubmissionScore | null,
): GradebookCell {
  if (lesson.kind === "quiz") {
    const kept = keptScore(
      attempts.map((a) => ({ ...a, submittedAt: a.createdAt })),
      lesson.assessment?.keep ?? "highest",
    );
    return kept ? { kind: "score", percent: kept.percent } : { kind: "none" };
  }
  if (!submission) return { kind: "none" };
  if (submission.status === "graded" && submission.percent !== null) return { kind: "score", percent: submission.percent };
  return { kind: "submitted" };
}

export type GradeSoFar = {
  /** The course grade so far, one decimal (grading.ts courseGrade: work without a score counts 0). */
  percent: number;
  /** Assessments that count (weight > 0) and have a score. */
  counted: number;
  /** Assessments that count in the course grade (weight > 0). */
  of: number;
};

/**
 * The course grade so far, by the rule of the learner's grade page and of completion
 * (enrolment-grade.server.ts): courseGrade over every quiz and assignment with its weight, a component
 * without a score yet counting 0, weight 0 not counting. Null while nothing that counts has a score
 * (the pages say "no grades yet" rather than 0 %).
 */
export function gradeSoFar(
  assessments: ReadonlyArray<Pick<PlanLesson, "id" | "assessment">>,
  cells: ReadonlyMap<string, GradebookCell>,
): GradeSoFar | null {
  const counting = assessments.filter((a) => (a.assessment?.weight ?? 0) > 0);
  const scored = counting.filter((a) => cells.get(a.id)?.kind === "score");
  if (scored.length === 0) return null;
  const grade = courseGrade(
    assessments.map((a) => {
      const cell = cells.get(a.id);
      return { key: a.id, percent: cell?.kind === "score" ? cell.percent : null };
    }),
    Object.fromEntries(assessments.map((a) => [a.id, a.assessment?.weight ?? 0])),
  );
  return { percent: grade.percent, counted: scored.length, of: counting.length };
}
