// A learner submits one attempt at a quiz lesson of their cohort's pinned revision; it is graded on the
// server (grading.ts) and stored as QuizAttempt number n. docs/decisions/018-quiz-grading-rules.md.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { getRevisionQuizLesson } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { lockRow, onUniqueViolation, prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { completeEnrolment } from "./complete-enrolment.server.ts";
import { recordLessonDone } from "./lesson-done.server.ts";
import { dueAtFor, isPastDue } from "./due-dates.ts";
import { attemptsLeft, gradeAttempt } from "./grading.ts";
import { requireOwnEnrolment } from "./player.server.ts";
import type { SubmitQuizAttemptInput } from "./schemas.ts";

/** The terms one learner has for one quiz: the cohort's dates and the educator's extra time or attempts. */
export async function quizTerms(db: Tx, enrolmentId: string, lessonId: string) {
  const row = await db.enrolment.findUniqueOrThrow({
    where: { id: enrolmentId },
    select: {
      status: true,
      cohort: { select: { startsOn: true, endsOn: true } },
      accommodations: { where: { lessonId }, select: { dueAt: true, extraAttempts: true } },
    },
  });
  const accommodation = row.accommodations[0] ?? null;
  return {
    status: row.status,
    cohortStartsOn: row.cohort.startsOn,
    cohortEndsOn: row.cohort.endsOn,
    accommodationDueAt: accommodation?.dueAt ?? null,
    extraAttempts: accommodation?.extraAttempts ?? 0,
  };
}

/**
 * Records and grades one attempt. Refused, with nothing written:
 * - another learner's enrolment, a withdrawn one, a lesson of another revision, a forged id or a lesson
 *   that is not a quiz: `not_found`; a paused or completed enrolment: `quiz_attempt.paused` / `.completed`;
 * - no attempt left (the quiz's limit plus an educator's extra attempts): `quiz_attempt.none_left`;
 * - after the due date (dueAtFor: an educator's later date counts): `quiz_attempt.past_due`;
 * - `attempt` (the number the learner's form was made for) is not the next one — a form sent twice, or
 *   answers from an earlier page: `quiz_attempt.stale`;
 * - answers for questions the quiz lacks or of a shape no form sends: 400 from gradeAttempt.
 * The Enrolment row is locked first, so two submissions at the same moment run one after the other and
 * the second counts the first's attempt; the unique (enrolment, lesson, number) key is the last guard.
 * The audit row carries the lesson, number and percent, never the answers. Returns the attempt's number,
 * its lesson's slug (the result page's URL) and its percent.
 */
export async function submitQuizAttempt(actor: Actor, input: SubmitQuizAttemptInput) {
  const result = await prisma.$transaction(async (tx) => {
    const enrolment = await requireOwnEnrolment(actor, input.enrolmentId, "update:lesson-progress", tx);
    const lesson = await getRevisionQuizLesson(enrolment.revisionId, { id: input.lessonId }, tx);
    if (!lesson) throw new AppError("not_found");
    await lockRow(tx, "Enrolment", enrolment.id);
    // Read after the lock: a pause or a completion committed meanwhile is seen.
    const terms = await quizTerms(tx, enrolment.id, lesson.id);
    if (terms.status === "paused") throw new AppError("quiz_attempt.paused");
    if (terms.status === "completed") throw new AppError("quiz_attempt.completed");
    if (terms.status !== "active") throw new AppError("not_found");
    const used = await tx.quizAttempt.count({ where: { enrolmentId: enrolment.id, lessonId: lesson.id } });
    if (attemptsLeft(lesson.quiz, used, terms.extraAttempts) <= 0) throw new AppError("quiz_attempt.none_left");
    const now = new Date();
    const dueAt = dueAtFor({ ...terms, dueDays: lesson.quiz.dueDays });
    if (isPastDue(dueAt, now)) throw new AppError("quiz_attempt.past_due");
    const number = used + 1;
    if (input.attempt !== number) throw new AppError("quiz_attempt.stale", { params: { attempt: input.attempt } });
    const grade = gradeAttempt(lesson.quiz, input.answers);
    await onUniqueViolation(
      () =>
        tx.quizAttempt.create({
          data: {
            enrolmentId: enrolment.id,
            lessonId: lesson.id,
            number,
            answers: input.answers,
            result: grade.questions,
            points: grade.points,
            maxPoints: grade.max,
            percent: grade.percent,
            createdAt: now,
          },
          select: { id: true },
        }),
      [{ model: "QuizAttempt", error: () => new AppError("quiz_attempt.stale", { params: { attempt: input.attempt } }) }],
    );
    await recordAudit(tx, {
      actorId: actor.id,
      action: "quiz.attempted",
      entityType: "enrolment",
      entityId: enrolment.id,
      data: { lessonId: lesson.id, number, percent: grade.percent },
    });
    // A quiz lesson is done once an attempt is sent (the score counts separately).
    await recordLessonDone(tx, { actorId: actor.id, enrolmentId: enrolment.id, lessonId: lesson.id, at: now });
    return { enrolmentId: enrolment.id, lessonId: lesson.id, lessonSlug: lesson.slug, number, percent: grade.percent };
  });
  await completeEnrolment(result.enrolmentId); // after the commit: the last score may finish the course (ADR 023)
  return result;
}
