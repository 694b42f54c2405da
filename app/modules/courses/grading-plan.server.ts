// What the learning module needs to grade and complete an enrolment, without reading the courses tables
// itself: a revision's lessons in reading order with their quiz or assignment (validated; null when the
// stored JSON does not fit), its pass mark and its credits. (Written for the learning module's grades,
// completion and transcript; the courses module owns this file. ADR 023.)
import type { CreditUnit, LessonKind } from "#app/generated/prisma/enums.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { parseAssignment, parseQuiz } from "./lesson-mapping.ts";
import type { Assignment, Quiz } from "./schemas.ts";

export type GradingLesson = {
  id: string;
  slug: string;
  title: string;
  kind: LessonKind;
  quiz: Quiz | null;
  assignment: Assignment | null;
};

export type GradingPlan = {
  revisionId: string;
  courseId: string;
  title: string;
  language: string;
  passMark: number;
  credits: number;
  creditUnit: CreditUnit;
  lessons: GradingLesson[];
};

const REVISION_SELECT = {
  id: true,
  courseId: true,
  title: true,
  language: true,
  passMark: true,
  credits: true,
  creditUnit: true,
} as const;

/**
 * The grading plans of these revisions (any status: a cohort keeps its revision) by id; unknown ids are
 * absent. Two queries whatever the number of revisions and lessons. Takes the caller's transaction.
 */
export async function getGradingPlans(revisionIds: readonly string[], db: Tx = prisma): Promise<Map<string, GradingPlan>> {
  const ids = [...new Set(revisionIds)];
  if (ids.length === 0) return new Map();
  const [revisions, lessons] = await Promise.all([
    db.courseRevision.findMany({ where: { id: { in: ids } }, select: REVISION_SELECT }),
    db.lesson.findMany({
      where: { revisionId: { in: ids } },
      orderBy: [{ module: { position: "asc" } }, { position: "asc" }],
      select: { id: true, revisionId: true, slug: true, title: true, kind: true, quiz: true, assignment: true },
    }),
  ]);
  const plans = new Map<string, GradingPlan>(
    revisions.map((r) => [r.id, { revisionId: r.id, ...r, lessons: [] as GradingLesson[] }]),
  );
  for (const l of lessons) {
    plans.get(l.revisionId)?.lessons.push({
      id: l.id,
      slug: l.slug,
      title: l.title,
      kind: l.kind,
      quiz: l.kind === "quiz" ? parseQuiz(l.quiz) : null,
      assignment: l.kind === "assignment" ? parseAssignment(l.assignment) : null,
    });
  }
  return plans;
}

/** One revision's grading plan, or null. */
export async function getGradingPlan(revisionId: string, db: Tx = prisma): Promise<GradingPlan | null> {
  return (await getGradingPlans([revisionId], db)).get(revisionId) ?? null;
}
