// A cohort with graded work, for the dashboards' tests (learner dashboard, educator gradebook, CSV):
// the player fixture's course (6 lessons in 2 modules, lesson 2 with a content warning) where lesson 3 is
// an assignment (weight 3, due 10 days after the start) and lesson 5 a quiz (weight 1, due 3 days after,
// the latest attempt counts). The cohort starts 2027-03-01, so the quiz is due 2027-03-04T23:59:59.999Z
// and the assignment 2027-03-11T23:59:59.999Z.
import { prisma } from "#app/utils/db.server.ts";
import { createLearner } from "./factories.ts";
import { createEnrolment } from "./learning-factories.ts";
import { createEnrolledLearner } from "./player-fixtures.ts";

export const QUIZ_DUE = new Date("2027-03-04T23:59:59.999Z");
export const ASSIGNMENT_DUE = new Date("2027-03-11T23:59:59.999Z");

export const QUIZ_JSON = {
  attemptsAllowed: 3,
  keep: "latest",
  weight: 1,
  dueDays: 3,
  questions: [{ type: "single", prompt: "2 + 2?", points: 1, options: ["3", "4"], answer: 1 }],
};
export const ASSIGNMENT_JSON = {
  rubric: [{ criterion: "Clear reasoning", points: 10 }],
  fileTypes: [".pdf"],
  maxSizeMb: 5,
  weight: 3,
  dueDays: 10,
};

export async function createGradedCohort(options: { learnerName?: string } = {}) {
  const scenario = await createEnrolledLearner({ lessons: 6, modules: 2 });
  const assignment = scenario.lessons[2]!;
  const quiz = scenario.lessons[4]!;
  await prisma.lesson.update({
    where: { id: assignment.id },
    data: { kind: "assignment", assignment: ASSIGNMENT_JSON },
    select: { id: true },
  });
  await prisma.lesson.update({ where: { id: quiz.id }, data: { kind: "quiz", quiz: QUIZ_JSON }, select: { id: true } });
  if (options.learnerName) {
    await prisma.user.update({
      where: { id: scenario.learner.id },
      data: { displayName: options.learnerName },
      select: { id: true },
    });
  }
  const modules = await prisma.module.findMany({
    where: { revisionId: scenario.revisionId },
    orderBy: { position: "asc" },
    select: { id: true, title: true },
  });
  return { ...scenario, assignment, quiz, modules };
}

/** Another learner in the same cohort. */
export async function addLearner(
  cohortId: string,
  options: { displayName?: string; status?: "active" | "paused" | "completed" | "withdrawn" } = {},
) {
  const learner = await createLearner(options.displayName ? { displayName: options.displayName } : {});
  const enrolment = await createEnrolment({ learnerId: learner.id, cohortId, status: options.status });
  return { learner, enrolment };
}

export async function completeLessons(enrolmentId: string, lessonIds: readonly string[]) {
  await prisma.lessonProgress.createMany({
    data: lessonIds.map((lessonId) => ({ enrolmentId, lessonId, completedAt: new Date() })),
    skipDuplicates: true,
  });
}

export async function recordAttempt(enrolmentId: string, lessonId: string, number: number, percent: number, createdAt: Date) {
  await prisma.quizAttempt.create({
    data: { enrolmentId, lessonId, number, answers: {}, result: {}, points: percent / 100, maxPoints: 1, percent, createdAt },
    select: { id: true },
  });
}

export async function recordSubmission(enrolmentId: string, lessonId: string, graded: number | null) {
  await prisma.submission.create({
    data: {
      enrolmentId,
      lessonId,
      text: "My work.",
      status: graded === null ? "submitted" : "graded",
      ...(graded === null ? {} : { percent: graded, points: graded / 10, maxPoints: 10, gradedAt: new Date(), scores: [] }),
    },
    select: { id: true },
  });
}
