// What the learning module needs to know about a revision's lessons without reading the courses tables:
// the lessons in reading order with the grading terms of their quizzes and assignments (weight, due
// days, which attempt counts), and one module's lessons rendered for reading offline. Answers, rubrics
// and questions never leave this file.
import type { LessonKind } from "#app/generated/prisma/enums.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { renderMarkdown } from "./markdown.server.ts";

export type AssessmentTerms = {
  /** The weight in the course grade (absent in the JSON: 1; 0: not graded). */
  weight: number;
  /** Days after the cohort starts when it is due (absent: null, the cohort's end date applies). */
  dueDays: number | null;
  /** Which attempt counts (quizzes; assignments have one submission). */
  keep: "highest" | "latest";
};

export type PlanLesson = {
  id: string;
  slug: string;
  title: string;
  kind: LessonKind;
  /** Set for quizzes and assignments. */
  assessment: AssessmentTerms | null;
};

/** Reads the grading terms from a lesson's stored quiz or assignment JSON (validated by QuizSchema / AssignmentSchema when saved). */
function termsOf(json: unknown): AssessmentTerms {
  const o = json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const weight = typeof o.weight === "number" && Number.isFinite(o.weight) && o.weight >= 0 ? o.weight : 1;
  const dueDays = typeof o.dueDays === "number" && Number.isInteger(o.dueDays) && o.dueDays >= 0 ? o.dueDays : null;
  return { weight, dueDays, keep: o.keep === "latest" ? "latest" : "highest" };
}

/**
 * The lessons of each revision in reading order (module position, then lesson position), with the terms
 * of each quiz and assignment. One query whatever the number of revisions and lessons; revisions
 * without lessons map to an empty list, unknown ones are absent.
 */
export async function getRevisionPlans(revisionIds: readonly string[]): Promise<Map<string, PlanLesson[]>> {
  const wanted = [...new Set(revisionIds)];
  const plans = new Map<string, PlanLesson[]>();
  for (const id of wanted) {
    const kept = settledPlans.get(id);
    if (kept) plans.set(id, kept);
  }
  const ids = wanted.filter((id) => !plans.has(id));
  if (ids.length === 0) return plans;
  const [rows, revisions] = await Promise.all([
    readPlanLessons(ids),
    prisma.courseRevision.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } }),
  ]);
  for (const id of ids) plans.set(id, []);
  for (const r of rows) {
    const json = r.kind === "quiz" ? r.quiz : r.kind === "assignment" ? r.assignment : null;
    plans.get(r.revisionId)!.push({
      id: r.id,
      slug: r.slug,
      title: r.title,
      kind: r.kind,
      assessment: r.kind === "quiz" || r.kind === "assignment" ? termsOf(json) : null,
    });
  }
  // A published (or superseded, archived) revision never changes again: its plan is kept (bounded).
  for (const r of revisions) {
    if (r.status !== "published" && r.status !== "superseded" && r.status !== "archived") continue;
    settledPlans.delete(r.id);
    settledPlans.set(r.id, plans.get(r.id)!);
    if (settledPlans.size > SETTLED_PLANS_LIMIT) settledPlans.delete(settledPlans.keys().next().value as string);
  }
  return plans;
}

const SETTLED_PLANS_LIMIT = 500;
const settledPlans = new Map<string, PlanLesson[]>();

function readPlanLessons(ids: string[]) {
  return prisma.lesson.findMany({
    where: { revisionId: { in: ids } },
    orderBy: [{ module: { position: "asc" } }, { position: "asc" }, { id: "asc" }],
    select: { id: true, revisionId: true, slug: true, title: true, kind: true, quiz: true, assignment: true },
  });
}

export type ReadingModule = {
  /** 1 for the revision's first module. */
  number: number;
  title: string;
  /** The revision's language (the text's). */
  language: string;
  lessons: Array<{
    title: string;
    kind: LessonKind;
    contentWarning: string | null;
    /** The body rendered by the sanitising Markdown renderer (empty when the lesson has no body). */
    bodyHtml: string;
  }>;
};

/**
 * One module of a revision with its lessons' bodies rendered sanitised, for reading offline; null when
 * the revision has no module with this id (a forged id, or a module of another revision). Quiz questions
 * and assignment rubrics are not part of it.
 */
export async function getRevisionModuleForReading(
  revisionId: string,
  moduleId: string,
  db: Tx = prisma,
): Promise<ReadingModule | null> {
  const module = await db.module.findFirst({
    where: { id: moduleId, revisionId },
    select: {
      title: true,
      position: true,
      revision: { select: { language: true } },
      lessons: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: { title: true, kind: true, body: true, contentWarning: true },
      },
    },
  });
  if (!module) return null;
  const before = await db.module.count({ where: { revisionId, position: { lt: module.position } } });
  return {
    number: before + 1,
    title: module.title,
    language: module.revision.language,
    lessons: module.lessons.map((l) => ({
      title: l.title,
      kind: l.kind,
      contentWarning: l.contentWarning?.trim() ? l.contentWarning : null,
      bodyHtml: l.body.trim() ? renderMarkdown(l.body) : "",
    })),
  };
}
