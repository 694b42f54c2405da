// A learner enrolled in a cohort whose pinned revision has two quiz lessons, for the quiz tests (issue 8,
// item 4). lesson-5 carries QUIZ (one question of each type); lesson-10 keeps the factory's one-question
// quiz. The quiz's rules and the cohort's dates can be changed per test.
import type { Quiz } from "#app/modules/courses/schemas.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createEnrolledLearner } from "./player-fixtures.ts";

export const QUIZ = {
  attemptsAllowed: 2,
  questions: [
    {
      type: "single",
      prompt: "What is 2 + 2?",
      points: 1,
      options: ["3", "4", "5"],
      answer: 1,
      explanation: "Two and two make four.",
    },
    {
      type: "multiple",
      prompt: "Which of these numbers are prime?",
      points: 2,
      options: ["2", "4", "5", "9"],
      answers: [0, 2],
      partialCredit: "per_option",
    },
    { type: "numeric", prompt: "What is half of 3?", points: 1, answer: 1.5, tolerance: 0.01 },
    { type: "text", prompt: "Which city is the capital of France?", points: 1, accepted: ["Paris"] },
  ],
} satisfies Quiz;

/** Every answer right: 5 of 5 points. */
export const ALL_RIGHT = { "0": "1", "1": ["0", "2"], "2": "1,5", "3": " paris " };
/** Half of the multiple question, the rest wrong: 1 of 5 points. */
export const MOSTLY_WRONG = { "0": "0", "1": ["0"], "2": "2", "3": "Lyon" };

export async function createQuizLearner(
  options: { quiz?: Partial<Quiz>; startsOn?: Date; endsOn?: Date | null; status?: "active" | "paused" | "completed" } = {},
) {
  const scenario = await createEnrolledLearner({ lessons: 10, modules: 2 });
  const quiz = { ...QUIZ, ...options.quiz };
  const lesson = await prisma.lesson.update({
    where: { revisionId_slug: { revisionId: scenario.revisionId, slug: "lesson-5" } },
    data: { quiz },
    select: { id: true, slug: true },
  });
  const other = await prisma.lesson.findUniqueOrThrow({
    where: { revisionId_slug: { revisionId: scenario.revisionId, slug: "lesson-10" } },
    select: { id: true, slug: true },
  });
  const text = await prisma.lesson.findUniqueOrThrow({
    where: { revisionId_slug: { revisionId: scenario.revisionId, slug: "lesson-1" } },
    select: { id: true, slug: true },
  });
  if (options.startsOn || options.endsOn !== undefined) {
    await prisma.cohort.update({
      where: { id: scenario.cohort.id },
      data: {
        ...(options.startsOn ? { startsOn: options.startsOn } : {}),
        ...(options.endsOn !== undefined ? { endsOn: options.endsOn } : {}),
      },
    });
  }
  if (options.status) await prisma.enrolment.update({ where: { id: scenario.enrolment.id }, data: { status: options.status } });
  return { ...scenario, quiz, quizLesson: lesson, otherQuizLesson: other, textLesson: text };
}

/** More time or attempts for the learner on the quiz, as an educator's accommodation would give them. */
export async function giveAccommodation(enrolmentId: string, lessonId: string, terms: { dueAt?: Date; extraAttempts?: number }) {
  return prisma.accommodation.upsert({
    where: { enrolmentId_lessonId: { enrolmentId, lessonId } },
    create: { enrolmentId, lessonId, dueAt: terms.dueAt ?? null, extraAttempts: terms.extraAttempts ?? 0, note: "Private note." },
    update: { dueAt: terms.dueAt ?? null, extraAttempts: terms.extraAttempts ?? 0 },
  });
}

export const DAY_MS = 86_400_000;
