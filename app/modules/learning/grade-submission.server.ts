import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { getRevisionAssignmentLesson } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { completeEnrolment } from "./complete-enrolment.server.ts";
import { roundHalfUp } from "./grading.ts";
import type { GradeSubmissionInput } from "./schemas.ts";
import { submissionPath } from "./work-paths.ts";

export type CriterionScore = { points: number; feedback: string };

/**
 * An educator of the submission's cohort grades it against the assignment's rubric: points per
 * criterion (0 to the criterion's points, in the rubric's order) with feedback, and overall feedback;
 * the total, maximum and percent (one decimal) are stored and the status becomes graded. Anyone who does
 * not teach that cohort is answered not_found. A grade is final: grading a graded submission is refused
 * (`submission.already_graded`), and so is a grade for a version the learner has since replaced
 * (`submission.changed`); the update is conditional on (status submitted, the version graded), so two
 * educators grading at the same moment make one grade and the other is told. The learner is notified.
 * Completion is not decided here (the completion helper runs after this commit).
 */
export async function gradeSubmission(actor: Actor, input: GradeSubmissionInput) {
  requirePermission(actor, "grade:submission");
  const graded = await prisma.$transaction(async (tx) => {
    const submission = await tx.submission.findUnique({
      where: { id: input.submissionId },
      select: {
        id: true,
        lessonId: true,
        status: true,
        version: true,
        enrolment: { select: { id: true, learnerId: true, cohortId: true, cohort: { select: { revisionId: true } } } },
      },
    });
    if (!submission) throw new AppError("not_found");
    requirePermission(actor, "grade:submission", { cohortId: submission.enrolment.cohortId }, { hide: true });
    const lesson = await getRevisionAssignmentLesson(submission.enrolment.cohort.revisionId, { id: submission.lessonId }, tx, {
      body: false,
    });
    if (!lesson) throw new AppError("not_found");
    const rubric = lesson.assignment.rubric;
    if (input.scores.length !== rubric.length) throw new AppError("request.invalid");
    input.scores.forEach((score, i) => {
      if (score.points < 0 || score.points > rubric[i]!.points) {
        throw new AppError("request.invalid", {
          field: `scores[${i}].points`,
          key: "grade.points_range",
          params: { max: rubric[i]!.points },
        });
      }
    });
    if (submission.status === "graded") throw new AppError("submission.already_graded");
    if (submission.version !== input.version) throw new AppError("submission.changed");

    const scores: CriterionScore[] = input.scores.map((s) => ({ points: s.points, feedback: s.feedback }));
    const points = roundHalfUp(
      scores.reduce((sum, s) => sum + s.points, 0),
      2,
    );
    const maxPoints = roundHalfUp(
      rubric.reduce((sum, c) => sum + c.points, 0),
      2,
    );
    const percent = maxPoints > 0 ? roundHalfUp((points / maxPoints) * 100, 1) : 0;
    const now = new Date();
    const { count } = await tx.submission.updateMany({
      where: { id: submission.id, status: "submitted", version: input.version },
      data: {
        status: "graded",
        gradedById: actor.id,
        gradedAt: now,
        scores,
        feedback: input.feedback,
        points,
        maxPoints,
        percent,
      },
    });
    if (count !== 1) throw new AppError("submission.changed");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "submission.graded",
      entityType: "submission",
      entityId: submission.id,
      data: { enrolmentId: submission.enrolment.id, lessonId: submission.lessonId, version: input.version, points, maxPoints },
    });
    await notify(tx, submission.enrolment.learnerId, submissionPath(submission.enrolment.id, lesson.slug));
    return {
      submissionId: submission.id,
      enrolmentId: submission.enrolment.id,
      lessonId: submission.lessonId,
      points,
      maxPoints,
      percent,
    };
  });
  await completeEnrolment(graded.enrolmentId); // after the commit: the last grade may finish the course (ADR 023)
  return graded;
}
