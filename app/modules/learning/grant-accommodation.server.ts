import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { holdActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { getGradingPlan } from "#app/modules/courses/grading-plan.server.ts";
import { baseDueAt, endOfUtcDay } from "./due-dates.ts";
import { playerPath } from "./player-paths.ts";
import type { GrantAccommodationInput } from "./schemas.ts";

/**
 * The enrolment, when the actor is an educator OF ITS COHORT (actor.cohortIds); anyone else, and a
 * withdrawn enrolment, is "not found" (the id says nothing). Admins do not get it: the notes are for the
 * educators of the cohort only. A suspended educator of the cohort is refused (`educator.not_active`).
 */
export async function requireTaughtEnrolment(actor: Actor, enrolmentId: string, db: Tx | typeof prisma = prisma) {
  requirePermission(actor, "teach:cohort", undefined, { hide: true });
  const enrolment = await db.enrolment.findUnique({
    where: { id: enrolmentId },
    select: {
      id: true,
      status: true,
      learnerId: true,
      cohortId: true,
      cohort: { select: { revisionId: true, startsOn: true, endsOn: true } },
    },
  });
  if (!enrolment || enrolment.status === "withdrawn") throw new AppError("not_found");
  requirePermission(actor, "teach:cohort", { cohortId: enrolment.cohortId }, { hide: true });
  // A suspended educator teaches nothing; inside a transaction the hold keeps them active until its end.
  if (!(await holdActiveEducator(db, actor.id))) throw new AppError("educator.not_active");
  return enrolment;
}

/**
 * An educator of the cohort sets one learner's terms for one quiz or assignment of the cohort's pinned
 * revision: a later due date (the end of the chosen day, UTC) and/or extra attempts (quizzes only, 0–10),
 * with a note that only educators of the cohort see. One row per (enrolment, lesson), replaced by the next
 * grant (an upsert; empty date and 0 attempts restore the usual terms). A date not later than the usual
 * due date is refused on its field; so is a date for work that has no due date. The audit row records the
 * terms, never the note. The learner gets a neutral notice pointing at their course.
 */
export async function grantAccommodation(actor: Actor, input: GrantAccommodationInput) {
  await prisma.$transaction(async (tx) => {
    const enrolment = await requireTaughtEnrolment(actor, input.enrolmentId, tx);
    const plan = await getGradingPlan(enrolment.cohort.revisionId, tx);
    const lesson = plan?.lessons.find((l) => l.id === input.lessonId);
    if (!lesson) throw new AppError("not_found");
    const work = lesson.quiz ?? lesson.assignment;
    if (!work) throw new AppError("accommodation.not_assessment", { field: "lessonId" });
    if (lesson.kind !== "quiz" && input.extraAttempts > 0) {
      throw new AppError("accommodation.attempts_quiz_only", { field: "extraAttempts" });
    }
    const dueAt = input.dueOn ? endOfUtcDay(input.dueOn) : null;
    if (dueAt) {
      const base = baseDueAt({
        cohortStartsOn: enrolment.cohort.startsOn,
        cohortEndsOn: enrolment.cohort.endsOn,
        dueDays: work.dueDays,
      });
      if (!base) throw new AppError("accommodation.no_due_date", { field: "dueOn" });
      if (dueAt.getTime() <= base.getTime()) throw new AppError("accommodation.not_later", { field: "dueOn" });
    }
    const terms = { dueAt, extraAttempts: input.extraAttempts, note: input.note, createdById: actor.id };
    const row = await tx.accommodation.upsert({
      where: { enrolmentId_lessonId: { enrolmentId: enrolment.id, lessonId: lesson.id } },
      create: { enrolmentId: enrolment.id, lessonId: lesson.id, ...terms },
      update: terms,
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "accommodation.granted",
      entityType: "enrolment",
      entityId: enrolment.id,
      data: {
        accommodationId: row.id,
        lessonId: lesson.id,
        dueAt: dueAt ? dueAt.toISOString() : null,
        extraAttempts: input.extraAttempts,
        withNote: input.note !== "",
      },
    });
    await notify(tx, enrolment.learnerId, playerPath(enrolment.id));
  });
  return { enrolmentId: input.enrolmentId, lessonId: input.lessonId };
}
