import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { getGradingPlan } from "#app/modules/courses/grading-plan.server.ts";
import { lockRow, prisma, type Prisma } from "#app/utils/db.server.ts";
import { enqueueJob } from "#app/utils/jobs.server.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { isPassing } from "./grading.ts";
import { loadStanding } from "./enrolment-grade.server.ts";

export type CompletionResult =
  | { completed: true; enrolmentId: string; finalGrade: number; creditsAwarded: number }
  | {
      completed: false;
      enrolmentId: string;
      /** Why not (yet): for callers and tests; nothing of it is shown to a learner as an error. */
      reason: "not_found" | "not_active" | "lessons_left" | "awaiting_grade" | "below_pass_mark";
      grade?: number;
    };

/** Where the completion notice points: the learner's transcript. */
export const TRANSCRIPT_PATH = "/learn/transcript";

/**
 * A system operation (no actor), called after the commit of anything that may finish a course: a lesson
 * marked complete, a quiz attempt, a grade. In ONE transaction: the Enrolment row is locked, so two
 * callers at the same moment (the last lesson and the last grade) run one after the other and the second
 * finds it completed; only an ACTIVE enrolment completes, when every lesson of the pinned revision is done,
 * no assignment waits for its grade, and the course grade (enrolment-grade.server.ts) passes the
 * revision's pass mark. Then: status completed, completedAt, finalGrade, gradeBreakdown, the revision's
 * credits and unit; audit `enrolment.completed`; a notice to the learner; the `enrolment.completed`
 * domain event for the credentials issue. Anything else changes nothing and says why.
 */
export async function completeEnrolment(enrolmentId: string): Promise<CompletionResult> {
  const outcome = await prisma.$transaction(async (tx) => {
    if (!(await lockRow(tx, "Enrolment", enrolmentId)))
      return { result: { completed: false, enrolmentId, reason: "not_found" } as const };
    const enrolment = await tx.enrolment.findUniqueOrThrow({
      where: { id: enrolmentId },
      select: { status: true, learnerId: true, cohort: { select: { revisionId: true } } },
    });
    if (enrolment.status !== "active") return { result: { completed: false, enrolmentId, reason: "not_active" } as const };
    const revision = await getGradingPlan(enrolment.cohort.revisionId, tx);
    if (!revision) return { result: { completed: false, enrolmentId, reason: "not_found" } as const };
    const standing = await loadStanding(tx, enrolmentId, revision);
    if (standing.done < standing.total || standing.total === 0) {
      return { result: { completed: false, enrolmentId, reason: "lessons_left" } as const };
    }
    if (standing.pending > 0) return { result: { completed: false, enrolmentId, reason: "awaiting_grade" } as const };
    if (!isPassing(standing.grade, revision.passMark)) {
      return { result: { completed: false, enrolmentId, reason: "below_pass_mark", grade: standing.grade.percent } as const };
    }
    const breakdown = standing.components.map((c) => ({
      lessonId: c.lessonId,
      slug: c.slug,
      kind: c.kind,
      weight: c.weight,
      share: c.share,
      percent: c.percent,
    }));
    await tx.enrolment.update({
      where: { id: enrolmentId },
      data: {
        status: "completed",
        completedAt: new Date(),
        finalGrade: standing.grade.percent,
        gradeBreakdown: breakdown as Prisma.InputJsonArray,
        creditsAwarded: revision.credits,
        creditUnit: revision.creditUnit,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: null,
      action: "enrolment.completed",
      entityType: "enrolment",
      entityId: enrolmentId,
      data: { finalGrade: standing.grade.percent, credits: revision.credits, creditUnit: revision.creditUnit },
    });
    await notify(tx, enrolment.learnerId, TRANSCRIPT_PATH);
    // The domain event for the credentials issue (registered in app/utils/job-workers.server.ts): written
    // with this transaction, so exactly once, like the completion itself.
    await enqueueJob(tx, "enrolment.completed", { enrolmentId });
    return {
      result: { completed: true, enrolmentId, finalGrade: standing.grade.percent, creditsAwarded: revision.credits } as const,
    };
  });
  return outcome.result;
}
