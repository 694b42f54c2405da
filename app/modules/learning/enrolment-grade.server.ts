// An enrolment's standing in its course: lessons done, each graded component (quizzes and assignments of
// the pinned revision) and the course grade so far. One reading shared by completion
// (complete-enrolment.server.ts), the learner's "Your grade" section, the educator's enrolment page and
// the transcript, so they can never disagree. docs/decisions/023-grades-completion-accommodations.md.
//
// Rules:
//   - every lesson counts as required (the course format has no optional lessons); a lesson is done when
//     its LessonProgress row has completedAt;
//   - a quiz's percent is its kept attempt's (keptScore by the quiz's keep policy, attempts ordered by
//     createdAt then number); an assignment's percent is its graded Submission.percent; a submitted,
//     ungraded assignment is "pending" (and holds completion back);
//   - weights are the quiz's/assignment's `weight`, 1 when absent; 0 does not count (courseGrade);
//   - a component without a score counts 0 in the grade so far (courseGrade marks it missing).
import type { LessonKind } from "#app/generated/prisma/enums.ts";
import type { GradingLesson, GradingPlan } from "#app/modules/courses/grading-plan.server.ts";
import type { prisma, Tx } from "#app/utils/db.server.ts";
import { courseGrade, keptScore, quizRules, type CourseGrade } from "./grading.ts";

export type ComponentState = "none" | "attempted" | "submitted" | "graded";

export type GradeComponentLine = {
  lessonId: string;
  slug: string;
  title: string;
  kind: "quiz" | "assignment";
  /** The weight as the author gave it (1 when absent). */
  weight: number;
  /** The normalised share of the course grade (0–1); 0 when the weight is 0. */
  share: number;
  /** The score that counts, or null when there is none yet. */
  percent: number | null;
  state: ComponentState;
  dueDays: number | null;
};

export type EnrolmentStanding = {
  lessons: { id: string; slug: string; title: string; kind: LessonKind; done: boolean }[];
  done: number;
  total: number;
  components: GradeComponentLine[];
  grade: CourseGrade;
  /** Assignments submitted and not graded yet. */
  pending: number;
};

type StandingAttempt = { lessonId: string; number: number; percent: number; createdAt: Date };
type StandingSubmission = { lessonId: string; status: "submitted" | "graded"; percent: number | null };

/** Pure: the standing from the rows (lessons in reading order). */
export function standingFrom(rows: {
  lessons: readonly GradingLesson[];
  completedLessonIds: ReadonlySet<string>;
  attempts: readonly StandingAttempt[];
  submissions: readonly StandingSubmission[];
}): EnrolmentStanding {
  const attemptsByLesson = new Map<string, StandingAttempt[]>();
  for (const a of rows.attempts) attemptsByLesson.set(a.lessonId, [...(attemptsByLesson.get(a.lessonId) ?? []), a]);
  const submissionByLesson = new Map(rows.submissions.map((s) => [s.lessonId, s]));
  const components: Omit<GradeComponentLine, "share">[] = [];
  for (const lesson of rows.lessons) {
    if (lesson.kind === "quiz") {
      const quiz = lesson.quiz;
      if (!quiz) continue;
      const attempts = (attemptsByLesson.get(lesson.id) ?? []).map((a) => ({ ...a, submittedAt: a.createdAt }));
      const kept = keptScore(attempts, quizRules(quiz).keep);
      components.push({
        lessonId: lesson.id,
        slug: lesson.slug,
        title: lesson.title,
        kind: "quiz",
        weight: quiz.weight ?? 1,
        percent: kept ? kept.percent : null,
        state: kept ? "attempted" : "none",
        dueDays: quiz.dueDays ?? null,
      });
    } else if (lesson.kind === "assignment") {
      const assignment = lesson.assignment;
      if (!assignment) continue;
      const submission = submissionByLesson.get(lesson.id);
      const graded = submission?.status === "graded" && submission.percent !== null;
      components.push({
        lessonId: lesson.id,
        slug: lesson.slug,
        title: lesson.title,
        kind: "assignment",
        weight: assignment.weight ?? 1,
        percent: graded ? submission.percent : null,
        state: graded ? "graded" : submission ? "submitted" : "none",
        dueDays: assignment.dueDays ?? null,
      });
    }
  }
  const grade = courseGrade(
    components.map((c) => ({ key: c.lessonId, percent: c.percent })),
    Object.fromEntries(components.map((c) => [c.lessonId, c.weight])),
  );
  const shares = new Map(grade.breakdown.map((line) => [line.key, line.weight]));
  const lessons = rows.lessons.map((l) => ({
    id: l.id,
    slug: l.slug,
    title: l.title,
    kind: l.kind,
    done: rows.completedLessonIds.has(l.id),
  }));
  return {
    lessons,
    done: lessons.filter((l) => l.done).length,
    total: lessons.length,
    components: components.map((c) => ({ ...c, share: shares.get(c.lessonId) ?? 0 })),
    grade,
    pending: components.filter((c) => c.state === "submitted").length,
  };
}

export type StandingRows = {
  completedLessonIds: ReadonlySet<string>;
  attempts: StandingAttempt[];
  submissions: StandingSubmission[];
};

/** The learner's rows for these enrolments (three queries, whatever their number), by enrolment id. */
export async function loadStandingRows(
  db: Tx | typeof prisma,
  enrolmentIds: readonly string[],
): Promise<Map<string, StandingRows>> {
  const ids = [...new Set(enrolmentIds)];
  const rows = new Map<string, StandingRows>(
    ids.map((id) => [id, { completedLessonIds: new Set(), attempts: [], submissions: [] }]),
  );
  if (ids.length === 0) return rows;
  const [progress, attempts, submissions] = await Promise.all([
    db.lessonProgress.findMany({
      where: { enrolmentId: { in: ids }, completedAt: { not: null } },
      select: { enrolmentId: true, lessonId: true },
    }),
    db.quizAttempt.findMany({
      where: { enrolmentId: { in: ids } },
      select: { enrolmentId: true, lessonId: true, number: true, percent: true, createdAt: true },
    }),
    db.submission.findMany({
      where: { enrolmentId: { in: ids } },
      select: { enrolmentId: true, lessonId: true, status: true, percent: true },
    }),
  ]);
  for (const p of progress) (rows.get(p.enrolmentId)!.completedLessonIds as Set<string>).add(p.lessonId);
  for (const a of attempts) rows.get(a.enrolmentId)!.attempts.push(a);
  for (const s of submissions) rows.get(s.enrolmentId)!.submissions.push(s);
  return rows;
}

/** An enrolment's standing in its revision's plan (three queries). */
export async function loadStanding(db: Tx | typeof prisma, enrolmentId: string, plan: GradingPlan): Promise<EnrolmentStanding> {
  const rows = (await loadStandingRows(db, [enrolmentId])).get(enrolmentId)!;
  return standingFrom({ lessons: plan.lessons, ...rows });
}
