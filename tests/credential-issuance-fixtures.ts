// Completed enrolments made for real, for the credentials tests (ADR 026): a course imported as content
// files are (five lessons in one module, lesson-5 a one-question quiz), a cohort of it, and a learner
// whose enrolment is completed by learning's own operations: the learner marks lessons 1–4 complete and
// passes the quiz, and completeEnrolment (run after that commit) records the completion and queues the
// `enrolment.completed` job that issues the credential. Nothing of the completion is written by hand.
import { randomBytes } from "node:crypto";
import { issueCredential } from "#app/modules/credentials/issue-credential.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { markLessonComplete } from "#app/modules/learning/mark-lesson-complete.server.ts";
import { submitQuizAttempt } from "#app/modules/learning/submit-quiz-attempt.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createPublishedCourse } from "./course-factories.ts";
import { createLearner, uniqueEmail, uniqueUsername } from "./factories.ts";
import { createCohort, createEnrolment } from "./learning-factories.ts";

export type CompletionCourse = {
  courseId: string;
  slug: string;
  title: string;
  revisionId: string;
  cohortId: string;
  /** Lessons in reading order; the last one is the quiz. */
  lessons: Array<{ id: string; slug: string; kind: string }>;
};

/** A published course a learner can complete, and an open cohort of it (started yesterday). */
export async function completionCourse(options: { title?: string } = {}): Promise<CompletionCourse> {
  const title = options.title ?? `Applied statistics ${randomBytes(3).toString("hex")}`;
  const course = await createPublishedCourse({ lessons: 5, modules: 1, title });
  const { publishedRevisionId } = await prisma.course.findUniqueOrThrow({
    where: { id: course.id },
    select: { publishedRevisionId: true },
  });
  const revisionId = publishedRevisionId!;
  const lessons = await prisma.lesson.findMany({
    where: { revisionId },
    orderBy: [{ module: { position: "asc" } }, { position: "asc" }],
    select: { id: true, slug: true, kind: true },
  });
  if (lessons.at(-1)?.kind !== "quiz") throw new Error("completionCourse: the factory course's last lesson should be a quiz");
  const cohort = await createCohort({ courseId: course.id, startsOn: new Date(Date.now() - 86_400_000) });
  return { courseId: course.id, slug: course.slug, title, revisionId, cohortId: cohort.id, lessons };
}

export type CompletedEnrolment = {
  enrolmentId: string;
  /** Everything that identifies the learner: none of it may appear in a credential. */
  learner: { id: string; username: string; displayName: string; email: string };
  course: CompletionCourse;
};

/** A learner enrolled in the cohort, with a name, a username and a confirmed email of their own. */
async function enrolledLearner(course: CompletionCourse) {
  const tag = randomBytes(3).toString("hex");
  const displayName = `Marisol Quintero ${tag}`;
  const user = await createLearner({ displayName, username: uniqueUsername("marisol"), email: uniqueEmail("marisol.q") });
  const enrolment = await createEnrolment({ learnerId: user.id, cohortId: course.cohortId });
  return { enrolmentId: enrolment.id, learner: { id: user.id, username: user.username, displayName, email: user.email } };
}

/**
 * An enrolment completed through learning's operations (lessons marked, the quiz passed at 100 %): its
 * `enrolment.completed` job is queued, not run (drainJobs() runs it). Pass `course` to put several
 * learners in one cohort.
 */
export async function completedEnrolment(options: { course?: CompletionCourse } = {}): Promise<CompletedEnrolment> {
  const course = options.course ?? (await completionCourse());
  const { enrolmentId, learner } = await enrolledLearner(course);
  const actor = await actorFor(learner.id);
  const quiz = course.lessons.at(-1)!;
  for (const lesson of course.lessons.slice(0, -1)) await markLessonComplete(actor, { enrolmentId, lessonId: lesson.id });
  await submitQuizAttempt(actor, { enrolmentId, lessonId: quiz.id, attempt: 1, answers: { "0": "1" } });
  const { status } = await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolmentId }, select: { status: true } });
  if (status !== "completed") throw new Error(`completedEnrolment: the enrolment is ${status}, not completed`);
  return { enrolmentId, learner, course };
}

/** An enrolment of the same kind that is still active: every lesson but the quiz done. */
export async function activeEnrolment(options: { course?: CompletionCourse } = {}): Promise<CompletedEnrolment> {
  const course = options.course ?? (await completionCourse());
  const { enrolmentId, learner } = await enrolledLearner(course);
  const actor = await actorFor(learner.id);
  for (const lesson of course.lessons.slice(0, -1)) await markLessonComplete(actor, { enrolmentId, lessonId: lesson.id });
  return { enrolmentId, learner, course };
}

/** A completed enrolment and its credential, issued as the job would (issueCredential). */
export async function issuedCredential(options: { course?: CompletionCourse } = {}) {
  const completed = await completedEnrolment(options);
  const { credentialId } = await issueCredential(completed.enrolmentId);
  if (!credentialId) throw new Error("issuedCredential: no credential was issued");
  const row = await prisma.credential.findUniqueOrThrow({
    where: { id: credentialId },
    select: { id: true, keyId: true, statusListId: true, statusIndex: true, courseSlug: true, document: true },
  });
  return { ...completed, credentialId, credential: row };
}

export type StatusListLedger = { version: number; revoked: number; compromises: number };

/**
 * One consistent reading (a single statement) of a status list's version, how many of its credentials are
 * revoked, and how many key compromises were ever recorded. Every revocation bumps its list once and every
 * compromise bumps every list once, each in the transaction that records it, so between two readings
 * the version grows by exactly the revocations in the list plus the compromises, even when other test
 * files share the database and revoke or compromise at the same time.
 */
export async function statusListLedger(listId: string): Promise<StatusListLedger> {
  const [row] = await prisma.$queryRaw<StatusListLedger[]>`
    SELECT s.version,
      (SELECT count(*)::int FROM "Credential" c WHERE c."statusListId" = s.id AND c."revokedAt" IS NOT NULL) AS revoked,
      (SELECT count(*)::int FROM "AuditEvent" a WHERE a.action = 'issuer_key.compromised') AS compromises
    FROM "StatusList" s WHERE s.id = ${listId}`;
  if (!row) throw new Error(`statusListLedger: no status list ${listId}`);
  return row;
}

/** Version bumps between two readings that no revocation and no compromise accounts for (0 when all is well). */
export function unexplainedBumps(before: StatusListLedger, after: StatusListLedger): number {
  return after.version - before.version - (after.revoked - before.revoked) - (after.compromises - before.compromises);
}
