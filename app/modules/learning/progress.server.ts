// Reads of grades, terms, pause and transcript (docs/decisions/023-grades-completion-accommodations.md).
// A learner reads their own; an educator of the cohort reads the enrolments of the cohort; anyone else
// gets "not found" for an id. The learner never sees an educator's note, nor that their terms differ
// from anyone's: only their own due dates and attempts.
import { getGradingPlan, getGradingPlans, type GradingPlan } from "#app/modules/courses/grading-plan.server.ts";
import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import { getDisplayNames } from "#app/modules/identity/queries.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { PLACE_HOLDING } from "./allocate-seat.server.ts";
import { baseDueAt, dueAtFor } from "./due-dates.ts";
import { loadStandingRows, standingFrom, type EnrolmentStanding } from "./enrolment-grade.server.ts";
import { attemptsLeft } from "./grading.ts";
import { requireTaughtEnrolment } from "./grant-accommodation.server.ts";
import { getPlayerOutline } from "./player.server.ts";

const ENROLMENT_SELECT = {
  id: true,
  learnerId: true,
  status: true,
  cohortId: true,
  completedAt: true,
  finalGrade: true,
  creditsAwarded: true,
  creditUnit: true,
  pausedAt: true,
  cohort: { select: { name: true, startsOn: true, endsOn: true, revisionId: true, courseId: true } },
} as const;

type Terms = { dueAt: Date | null; extraAttempts: number; note: string };

async function termsOf(enrolmentId: string): Promise<Map<string, Terms>> {
  const rows = await prisma.accommodation.findMany({
    where: { enrolmentId },
    select: { lessonId: true, dueAt: true, extraAttempts: true, note: true },
  });
  return new Map(rows.map((r) => [r.lessonId, r]));
}

async function attemptCounts(enrolmentId: string): Promise<Map<string, number>> {
  const rows = await prisma.quizAttempt.groupBy({ by: ["lessonId"], where: { enrolmentId }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.lessonId, r._count._all]));
}

/** Each graded component with this learner's due date and, for quizzes, attempts used and left. */
function assessments(
  plan: GradingPlan,
  standing: EnrolmentStanding,
  cohort: { startsOn: Date; endsOn: Date | null },
  terms: Map<string, Terms>,
  used: Map<string, number>,
) {
  const byId = new Map(plan.lessons.map((l) => [l.id, l]));
  return standing.components.map((c) => {
    const lesson = byId.get(c.lessonId)!;
    const t = terms.get(c.lessonId);
    const base = { cohortStartsOn: cohort.startsOn, cohortEndsOn: cohort.endsOn, dueDays: c.dueDays };
    const usedCount = used.get(c.lessonId) ?? 0;
    return {
      ...c,
      usualDueAt: baseDueAt(base),
      dueAt: dueAtFor({ ...base, accommodationDueAt: t?.dueAt ?? null }),
      attemptsUsed: lesson.quiz ? usedCount : null,
      attemptsAllowed: lesson.quiz ? lesson.quiz.attemptsAllowed + (t?.extraAttempts ?? 0) : null,
      attemptsLeft: lesson.quiz ? attemptsLeft(lesson.quiz, usedCount, t?.extraAttempts ?? 0) : null,
      terms: t ?? null,
    };
  });
}

/**
 * "Your grade" for the learner's outline page, or an educator of the cohort's view of it: each graded
 * component (weight share, percent or missing, the learner's due date and attempts), the grade so far,
 * the pass mark, lessons done/total and, once completed, the final grade and credits. Anyone else, and
 * a withdrawn enrolment, is not found. Fixed number of queries.
 */
export async function getEnrolmentGrade(actor: Actor, enrolmentId: string) {
  const enrolment = await prisma.enrolment.findUnique({ where: { id: enrolmentId }, select: ENROLMENT_SELECT });
  if (!enrolment || enrolment.status === "withdrawn") throw new AppError("not_found");
  const own = enrolment.learnerId === actor.id && can(actor, "read:grade:own", { ownerId: enrolment.learnerId });
  if (!own) {
    requirePermission(actor, "teach:cohort", { cohortId: enrolment.cohortId }, { hide: true });
    await requireActiveEducator(actor);
  }
  const [plan, rows, terms, used] = await Promise.all([
    getGradingPlan(enrolment.cohort.revisionId),
    loadStandingRows(prisma, [enrolment.id]),
    termsOf(enrolment.id),
    attemptCounts(enrolment.id),
  ]);
  if (!plan) throw new AppError("not_found");
  const standing = standingFrom({ lessons: plan.lessons, ...rows.get(enrolment.id)! });
  return {
    enrolmentId: enrolment.id,
    status: enrolment.status,
    passMark: plan.passMark,
    gradeSoFar: standing.grade.percent,
    done: standing.done,
    total: standing.total,
    pending: standing.pending,
    final:
      enrolment.status === "completed"
        ? {
            grade: enrolment.finalGrade,
            completedAt: enrolment.completedAt,
            credits: enrolment.creditsAwarded,
            creditUnit: enrolment.creditUnit,
          }
        : null,
    // The learner's terms only: never the note, never whether they differ from the usual.
    components: assessments(plan, standing, enrolment.cohort, terms, used).map((c) => ({
      lessonId: c.lessonId,
      slug: c.slug,
      title: c.title,
      kind: c.kind,
      share: c.share,
      percent: c.percent,
      state: c.state,
      dueAt: c.dueAt,
      attemptsLeft: c.attemptsLeft,
      attemptsAllowed: c.attemptsAllowed,
    })),
  };
}

/**
 * The educator's page of one learner of a cohort they teach: display name (never a legal name), progress,
 * each quiz and assignment with the usual and this learner's due date, attempts, grade, and the terms
 * given with their notes. Educators of other cohorts, admins and everyone else: not found.
 */
export async function getTaughtEnrolment(actor: Actor, enrolmentId: string) {
  await requireTaughtEnrolment(actor, enrolmentId);
  const enrolment = await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolmentId }, select: ENROLMENT_SELECT });
  const [plan, rows, terms, used, names] = await Promise.all([
    getGradingPlan(enrolment.cohort.revisionId),
    loadStandingRows(prisma, [enrolment.id]),
    termsOf(enrolment.id),
    attemptCounts(enrolment.id),
    getDisplayNames([enrolment.learnerId]),
  ]);
  if (!plan) throw new AppError("not_found");
  const standing = standingFrom({ lessons: plan.lessons, ...rows.get(enrolment.id)! });
  return {
    enrolmentId: enrolment.id,
    learnerName: names.get(enrolment.learnerId) ?? "",
    cohortName: enrolment.cohort.name,
    courseTitle: plan.title,
    language: plan.language,
    status: enrolment.status,
    pausedAt: enrolment.pausedAt,
    passMark: plan.passMark,
    gradeSoFar: standing.grade.percent,
    finalGrade: enrolment.finalGrade,
    done: standing.done,
    total: standing.total,
    lessons: standing.lessons.map((l) => ({ slug: l.slug, title: l.title, kind: l.kind, done: l.done })),
    assessments: assessments(plan, standing, enrolment.cohort, terms, used),
  };
}

/**
 * What a learner's paused enrolment can return to: its own cohort, or a later cohort (starting after it)
 * of the same course with a free place, whether it teaches the same revision (a different one carries
 * progress by lesson slug, or refuses). Two queries. Only for the enrolment's learner.
 */
export async function getReturnChoices(actor: Actor, enrolmentId: string) {
  requirePermission(actor, "read:enrolment:own");
  const enrolment = await prisma.enrolment.findUnique({ where: { id: enrolmentId }, select: ENROLMENT_SELECT });
  if (!enrolment || enrolment.status === "withdrawn") throw new AppError("not_found");
  requirePermission(actor, "read:enrolment:own", { ownerId: enrolment.learnerId }, { hide: true });
  if (enrolment.status !== "paused") return { paused: false as const, pausedAt: null, cohorts: [] };
  const cohorts = await prisma.cohort.findMany({
    where: { courseId: enrolment.cohort.courseId, startsOn: { gt: enrolment.cohort.startsOn } },
    orderBy: [{ startsOn: "asc" }, { id: "asc" }],
    take: 20,
    select: {
      id: true,
      name: true,
      startsOn: true,
      capacity: true,
      revisionId: true,
      _count: { select: { enrolments: { where: { status: { in: [...PLACE_HOLDING] } } } } },
    },
  });
  return {
    paused: true as const,
    pausedAt: enrolment.pausedAt,
    cohorts: cohorts
      .filter((c) => c._count.enrolments < c.capacity)
      .map((c) => ({ id: c.id, name: c.name, startsOn: c.startsOn, sameVersion: c.revisionId === enrolment.cohort.revisionId })),
  };
}

/**
 * The learner's transcript: their display name; completed courses (title of the version studied, final
 * grade, credits with unit, completion date) and courses in progress or paused (lessons done / total).
 * Own only (there is no id to forge). Seven queries whatever the number of enrolments.
 */
export async function getTranscript(actor: Actor) {
  requirePermission(actor, "read:transcript:own");
  const [names, enrolments] = await Promise.all([
    getDisplayNames([actor.id]),
    prisma.enrolment.findMany({
      where: { learnerId: actor.id, status: { not: "withdrawn" } },
      orderBy: [{ completedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
      select: ENROLMENT_SELECT,
    }),
  ]);
  const [plans, rows] = await Promise.all([
    getGradingPlans(enrolments.map((e) => e.cohort.revisionId)),
    loadStandingRows(
      prisma,
      enrolments.filter((e) => e.status !== "completed").map((e) => e.id),
    ),
  ]);
  const completed = [];
  const inProgress = [];
  for (const e of enrolments) {
    const plan = plans.get(e.cohort.revisionId);
    const title = plan?.title ?? "";
    const language = plan?.language ?? "en";
    if (e.status === "completed") {
      completed.push({
        enrolmentId: e.id,
        title,
        language,
        grade: e.finalGrade,
        credits: e.creditsAwarded,
        creditUnit: e.creditUnit,
        completedAt: e.completedAt,
      });
    } else {
      const standing = plan ? standingFrom({ lessons: plan.lessons, ...rows.get(e.id)! }) : null;
      inProgress.push({
        enrolmentId: e.id,
        title,
        language,
        status: e.status,
        done: standing?.done ?? 0,
        total: standing?.total ?? 0,
      });
    }
  }
  const totals = new Map<string, number>();
  for (const c of completed) {
    if (c.creditUnit && c.credits !== null) totals.set(c.creditUnit, (totals.get(c.creditUnit) ?? 0) + c.credits);
  }
  return {
    displayName: names.get(actor.id) ?? "",
    completed,
    inProgress,
    totals: [...totals].map(([unit, credits]) => ({ unit, credits })),
  };
}

/**
 * The learner's outline page in one call: the player's outline (getPlayerOutline), "Your grade" and,
 * for a paused course, where it can return to. Only the enrolment's learner (as the player).
 */
export async function getOutlinePage(actor: Actor, enrolmentId: string) {
  const outline = await getPlayerOutline(actor, enrolmentId);
  const [grade, pause] = await Promise.all([getEnrolmentGrade(actor, enrolmentId), getReturnChoices(actor, enrolmentId)]);
  return { ...outline, grade, pause };
}
