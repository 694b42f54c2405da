// The demo learning area (issue 8), so that a newcomer sees it populated: the demo educator teaches two
// cohorts; the demo learner has completed one course (every lesson done, both quizzes passed, the
// assignment graded) and is part-way through another, and waits for a place in a third. Everything goes
// through the learning operations, as the people would do it, and a second run changes nothing.
import { QuizSchema, type Question } from "#app/modules/courses/schemas.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { allocateSeat } from "#app/modules/learning/allocate-seat.server.ts";
import { assignCohortEducator } from "#app/modules/learning/assign-cohort-educator.server.ts";
import { createCohort } from "#app/modules/learning/create-cohort.server.ts";
import { createSeats } from "#app/modules/learning/create-seats.server.ts";
import { gradeSubmission } from "#app/modules/learning/grade-submission.server.ts";
import { markLessonComplete } from "#app/modules/learning/mark-lesson-complete.server.ts";
import { openLesson } from "#app/modules/learning/open-lesson.server.ts";
import { requestPlace } from "#app/modules/learning/request-place.server.ts";
import { submitAssignment } from "#app/modules/learning/submit-assignment.server.ts";
import { submitQuizAttempt } from "#app/modules/learning/submit-quiz-attempt.server.ts";
import { AssignmentSchema } from "#app/modules/courses/schemas.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { createProgress } from "#scripts/progress.ts";

type Progress = ReturnType<typeof createProgress>;

const DAY = 24 * 60 * 60 * 1000;
const day = (offset: number) => new Date(`${new Date(Date.now() + offset * DAY).toISOString().slice(0, 10)}T00:00:00Z`);

export const DEMO_LEARNING = {
  completed: { course: "programming-foundations", cohort: "Programming Foundations · demo cohort" },
  inProgress: { course: "web-foundations", cohort: "Web Foundations · demo cohort", lessonsDone: 3 },
  waiting: { course: "quantitative-reasoning" },
} as const;

/** The right answer to a question, as the quiz form sends it. */
function rightAnswer(q: Question): string | string[] {
  switch (q.type) {
    case "single":
      return String(q.answer);
    case "multiple":
      return q.answers.map(String);
    case "numeric":
      return String(q.answer);
    case "text":
      return q.accepted[0]!;
  }
}

async function courseId(slug: string) {
  const course = await prisma.course.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  return course.id;
}

/** The cohort of that name, opened (with the educator, and seats) if it is not there yet. */
async function demoCohort(admin: Actor, educatorId: string, slug: string, name: string) {
  const id = await courseId(slug);
  const existing = await prisma.cohort.findFirst({ where: { courseId: id, name }, select: { id: true } });
  if (existing) return { courseId: id, cohortId: existing.id, created: false };
  const cohort = await createCohort(admin, { courseId: id, name, startsOn: day(-21), endsOn: day(90), capacity: 30 });
  await assignCohortEducator(admin, { cohortId: cohort.id, userId: educatorId });
  await createSeats(admin, { courseId: id, cohortId: cohort.id, count: 10 });
  return { courseId: id, cohortId: cohort.id, created: true };
}

/** The learner's enrolment in the cohort: asked for and allocated if there is none yet. */
async function demoEnrolment(admin: Actor, learner: Actor, place: { courseId: string; cohortId: string }) {
  const existing = await prisma.enrolment.findFirst({
    where: { learnerId: learner.id, cohortId: place.cohortId },
    select: { id: true },
  });
  if (existing) return { id: existing.id, created: false };
  const entry = await requestPlace(learner, { courseId: place.courseId });
  const enrolment = await allocateSeat(admin, { entryId: entry.id, cohortId: place.cohortId });
  return { id: enrolment.id, created: true };
}

export async function seedLearning(
  people: { admin: Actor; learner: Actor; educatorId: string; educator: () => Promise<Actor> },
  progress: Progress,
) {
  const { admin, learner } = people;
  let created = 0;

  // A completed course: every lesson, both quizzes with the right answers, the assignment graded.
  const done = await demoCohort(admin, people.educatorId, DEMO_LEARNING.completed.course, DEMO_LEARNING.completed.cohort);
  const finished = await demoEnrolment(admin, learner, done);
  progress.tick("completed course");
  if (finished.created) {
    created += 1;
    const cohort = await prisma.cohort.findUniqueOrThrow({ where: { id: done.cohortId }, select: { revisionId: true } });
    const lessons = await prisma.lesson.findMany({
      where: { revisionId: cohort.revisionId },
      orderBy: [{ module: { position: "asc" } }, { position: "asc" }],
      select: { id: true, slug: true, kind: true, quiz: true, assignment: true },
    });
    for (const lesson of lessons) {
      if (lesson.kind === "quiz") {
        const quiz = QuizSchema.parse(lesson.quiz);
        const answers = Object.fromEntries(quiz.questions.map((q, i) => [String(i), rightAnswer(q)]));
        await submitQuizAttempt(learner, { enrolmentId: finished.id, lessonId: lesson.id, attempt: 1, answers });
      }
      if (lesson.kind === "assignment") {
        const rubric = AssignmentSchema.parse(lesson.assignment).rubric;
        await submitAssignment(learner, {
          enrolmentId: finished.id,
          lessonSlug: lesson.slug,
          text: "My budget planner reads the month's income and spending, totals each category and warns when the spending is over the budget. The code and a sample run are below.",
        });
        const submission = await prisma.submission.findUniqueOrThrow({
          where: { enrolmentId_lessonId: { enrolmentId: finished.id, lessonId: lesson.id } },
          select: { id: true, version: true },
        });
        await gradeSubmission(await people.educator(), {
          submissionId: submission.id,
          version: submission.version,
          scores: rubric.map((c) => ({ points: c.points, feedback: "Clear and complete." })),
          feedback: "Well organised work: the warnings make the planner useful.",
        });
      }
      await markLessonComplete(learner, { enrolmentId: finished.id, lessonId: lesson.id });
    }
  }
  progress.tick("quizzes and the graded assignment");

  // A course in progress: the first lessons done, the next one opened (so "Resume" leads there).
  const current = await demoCohort(admin, people.educatorId, DEMO_LEARNING.inProgress.course, DEMO_LEARNING.inProgress.cohort);
  const ongoing = await demoEnrolment(admin, learner, current);
  if (ongoing.created) {
    created += 1;
    const cohort = await prisma.cohort.findUniqueOrThrow({ where: { id: current.cohortId }, select: { revisionId: true } });
    const lessons = await prisma.lesson.findMany({
      where: { revisionId: cohort.revisionId },
      orderBy: [{ module: { position: "asc" } }, { position: "asc" }],
      select: { id: true, slug: true },
    });
    for (const lesson of lessons.slice(0, DEMO_LEARNING.inProgress.lessonsDone)) {
      await markLessonComplete(learner, { enrolmentId: ongoing.id, lessonId: lesson.id });
    }
    const next = lessons[DEMO_LEARNING.inProgress.lessonsDone];
    if (next) await openLesson(learner, { enrolmentId: ongoing.id, lessonSlug: next.slug, continued: true });
  }
  progress.tick("course in progress");

  // A place asked for in a third course: the learner sees their place on its waitlist.
  const waitingCourse = await courseId(DEMO_LEARNING.waiting.course);
  const waiting = await prisma.waitlistEntry.findFirst({
    where: { learnerId: learner.id, courseId: waitingCourse },
    select: { id: true },
  });
  if (!waiting) {
    await requestPlace(learner, { courseId: waitingCourse });
    created += 1;
  }
  progress.tick("waitlist request");
  return created;
}
