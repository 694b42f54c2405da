import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { getGradingPlans } from "#app/modules/courses/grading-plan.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { lockRow, prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { lockCohort, placesTaken } from "./allocate-seat.server.ts";
import { completeEnrolment } from "./complete-enrolment.server.ts";
import { requireOwnEnrolment } from "./player.server.ts";
import type { ResumeEnrolmentInput } from "./schemas.ts";

// The learner's messages are in the page's scoped `pause.` area (the `reason.` ones are staff wording).
const NOT_LATER = { field: "cohortId", key: "pause.reason_cohort_not_later" };
const CANNOT_CARRY = { field: "cohortId", key: "pause.reason_cannot_carry" };

/** JSON with sorted keys: two quizzes are the same when this is equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The enrolment's rows carried to another revision: every lesson the learner has progress, attempts, a
 * submission or terms on must exist in the target revision with the same slug and kind, and a quiz or
 * assignment with attempts or a submission must be graded exactly as before (the same quiz / assignment
 * JSON): otherwise scores would be re-read against other questions. Anything else refuses
 * (`enrolment.cannot_carry_progress`) and nothing moves. Returns old lesson id → new lesson id.
 */
async function carryPlan(tx: Tx, enrolmentId: string, fromRevisionId: string, toRevisionId: string) {
  const [progress, attempts, submissions, terms] = await Promise.all([
    tx.lessonProgress.findMany({ where: { enrolmentId }, select: { lessonId: true } }),
    tx.quizAttempt.findMany({ where: { enrolmentId }, distinct: ["lessonId"], select: { lessonId: true } }),
    tx.submission.findMany({ where: { enrolmentId }, select: { lessonId: true } }),
    tx.accommodation.findMany({ where: { enrolmentId }, select: { lessonId: true } }),
  ]);
  const graded = new Set([...attempts, ...submissions].map((r) => r.lessonId));
  const used = [...new Set([...progress, ...attempts, ...submissions, ...terms].map((r) => r.lessonId))];
  const plans = await getGradingPlans([fromRevisionId, toRevisionId], tx);
  const usedIds = new Set(used);
  const from = (plans.get(fromRevisionId)?.lessons ?? []).filter((l) => usedIds.has(l.id));
  const targetBySlug = new Map((plans.get(toRevisionId)?.lessons ?? []).map((l) => [l.slug, l]));
  const map = new Map<string, string>();
  for (const lesson of from) {
    const target = targetBySlug.get(lesson.slug);
    const same =
      target &&
      target.kind === lesson.kind &&
      (!graded.has(lesson.id) ||
        (canonical(target.quiz) === canonical(lesson.quiz) && canonical(target.assignment) === canonical(lesson.assignment)));
    if (!same) throw new AppError("enrolment.cannot_carry_progress", CANNOT_CARRY);
    map.set(lesson.id, target.id);
  }
  if (map.size !== used.length) throw new AppError("enrolment.cannot_carry_progress", CANNOT_CARRY);
  return map;
}

/**
 * The learner returns from a pause: their own PAUSED enrolment becomes active again, in the same cohort
 * (no `cohortId`, or its own), or moved to a LATER cohort (starting after the current one) of the same
 * course with a free place. The move locks the target cohort and counts its active and paused
 * enrolments against its capacity, as allocateSeat does, so two returns into its last place make one;
 * the seat, all progress, attempts, submissions and terms go along. When the later cohort teaches another
 * revision, each row moves to the lesson with the same slug (carryPlan; refused when that cannot be done
 * honestly). Audited `enrolment.resumed`. Another learner's enrolment is not found. After the commit,
 * completion runs (work graded during the pause may have finished the course).
 */
export async function resumeEnrolment(actor: Actor, input: ResumeEnrolmentInput) {
  const resumed = await prisma.$transaction(async (tx) => {
    const own = await requireOwnEnrolment(actor, input.enrolmentId, "update:lesson-progress", tx);
    await lockRow(tx, "Enrolment", own.id);
    const enrolment = await tx.enrolment.findUniqueOrThrow({
      where: { id: own.id },
      select: {
        status: true,
        seatId: true,
        learnerId: true,
        cohortId: true,
        cohort: { select: { courseId: true, startsOn: true, revisionId: true } },
      },
    });
    if (enrolment.status !== "paused") throw new AppError("enrolment.not_paused", { key: "pause.reason_not_paused" });
    const toCohortId = input.cohortId && input.cohortId !== enrolment.cohortId ? input.cohortId : null;
    if (toCohortId) {
      const target = await lockCohort(tx, toCohortId);
      if (!target || target.courseId !== enrolment.cohort.courseId) throw new AppError("enrolment.cohort_not_later", NOT_LATER);
      const { startsOn } = await tx.cohort.findUniqueOrThrow({ where: { id: target.id }, select: { startsOn: true } });
      if (startsOn.getTime() <= enrolment.cohort.startsOn.getTime()) {
        throw new AppError("enrolment.cohort_not_later", NOT_LATER);
      }
      if ((await placesTaken(tx, target.id)) >= target.capacity)
        throw new AppError("cohort.full", { field: "cohortId", key: "pause.reason_full" });
      if ((await tx.enrolment.count({ where: { cohortId: target.id, learnerId: enrolment.learnerId } })) > 0) {
        throw new AppError("enrolment.exists", { field: "cohortId", key: "pause.reason_exists" });
      }
      if (target.revisionId !== enrolment.cohort.revisionId) {
        const plan = await carryPlan(tx, own.id, enrolment.cohort.revisionId, target.revisionId);
        for (const [from, to] of plan) {
          const where = { enrolmentId: own.id, lessonId: from };
          await tx.lessonProgress.updateMany({ where, data: { lessonId: to } });
          await tx.quizAttempt.updateMany({ where, data: { lessonId: to } });
          await tx.submission.updateMany({ where, data: { lessonId: to } });
          await tx.accommodation.updateMany({ where, data: { lessonId: to } });
        }
      }
      // A seat bought for the old cohort follows the learner (it stays used by this enrolment).
      await tx.seat.updateMany({ where: { id: enrolment.seatId, cohortId: enrolment.cohortId }, data: { cohortId: target.id } });
    }
    await tx.enrolment.update({
      where: { id: own.id },
      data: { status: "active", pausedAt: null, ...(toCohortId ? { cohortId: toCohortId } : {}) },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "enrolment.resumed",
      entityType: "enrolment",
      entityId: own.id,
      data: { fromCohortId: enrolment.cohortId, toCohortId: toCohortId ?? enrolment.cohortId },
    });
    return { enrolmentId: own.id, cohortId: toCohortId ?? enrolment.cohortId, moved: toCohortId !== null };
  });
  // A grade that arrived during the pause may have finished the course: completion runs again now.
  await completeEnrolment(resumed.enrolmentId);
  return resumed;
}
