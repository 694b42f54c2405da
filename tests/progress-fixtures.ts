// A learner enrolled in a course with graded work, for the grades, completion, accommodation, pause and
// transcript tests (docs/decisions/023-grades-completion-accommodations.md). Five lessons in one module:
// lesson-1..3 text, lesson-4 an assignment, lesson-5 a quiz (both weight 1 unless given). Attempts,
// submissions and progress are written as the quiz and assignment operations leave them.
import type { Assignment, Quiz } from "#app/modules/courses/schemas.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createPublishedCourse } from "./course-factories.ts";
import { createLearner } from "./factories.ts";
import { createCohort, createEnrolment } from "./learning-factories.ts";

export type GradedCourseOptions = {
  quiz?: Partial<Quiz>;
  assignment?: Partial<Assignment>;
  passMark?: number;
  startsOn?: Date;
  endsOn?: Date | null;
  capacity?: number;
  displayName?: string;
};

export const QUIZ: Quiz = {
  attemptsAllowed: 2,
  questions: [{ type: "single", prompt: "2 + 2?", points: 1, options: ["3", "4"], answer: 1 }],
};
export const ASSIGNMENT: Assignment = { rubric: [{ criterion: "Clear working", points: 10 }], fileTypes: [".pdf"], maxSizeMb: 5 };

/** A published course with an assignment (lesson-4) and a quiz (lesson-5), its revision's lessons in order. */
export async function createGradedCourse(options: GradedCourseOptions = {}) {
  const course = await createPublishedCourse({ lessons: 5, modules: 1 });
  const { publishedRevisionId } = await prisma.course.findUniqueOrThrow({
    where: { id: course.id },
    select: { publishedRevisionId: true },
  });
  const revisionId = publishedRevisionId!;
  await prisma.lesson.updateMany({
    where: { revisionId, slug: "lesson-4" },
    data: { kind: "assignment", assignment: { ...ASSIGNMENT, ...options.assignment } },
  });
  await prisma.lesson.updateMany({ where: { revisionId, slug: "lesson-5" }, data: { quiz: { ...QUIZ, ...options.quiz } } });
  if (options.passMark !== undefined) {
    await prisma.courseRevision.update({ where: { id: revisionId }, data: { passMark: options.passMark }, select: { id: true } });
  }
  const lessons = await prisma.lesson.findMany({
    where: { revisionId },
    orderBy: [{ module: { position: "asc" } }, { position: "asc" }],
    select: { id: true, slug: true, kind: true },
  });
  const bySlug = (slug: string) => lessons.find((l) => l.slug === slug)!;
  return { courseId: course.id, revisionId, lessons, assignment: bySlug("lesson-4"), quiz: bySlug("lesson-5") };
}

/** A learner enrolled (active) in a new cohort of a new graded course. */
export async function createGradedEnrolment(options: GradedCourseOptions = {}) {
  const course = await createGradedCourse(options);
  const cohort = await createCohort({
    courseId: course.courseId,
    startsOn: options.startsOn,
    endsOn: options.endsOn,
    capacity: options.capacity,
  });
  const learner = await createLearner({ displayName: options.displayName });
  const enrolment = await createEnrolment({ learnerId: learner.id, cohortId: cohort.id });
  return { ...course, cohort, learner, enrolment };
}

/** Marks lessons done (as markLessonComplete leaves them). */
export async function completeLessons(enrolmentId: string, lessonIds: readonly string[]) {
  const now = new Date();
  await prisma.lessonProgress.createMany({
    data: lessonIds.map((lessonId) => ({ enrolmentId, lessonId, completedAt: now, lastOpenedAt: now })),
    skipDuplicates: true,
  });
  await prisma.lessonProgress.updateMany({
    where: { enrolmentId, lessonId: { in: [...lessonIds] } },
    data: { completedAt: now },
  });
}

/** A submitted quiz attempt with the given percent. */
export async function addAttempt(enrolmentId: string, lessonId: string, number: number, percent: number, createdAt = new Date()) {
  return prisma.quizAttempt.create({
    data: { enrolmentId, lessonId, number, answers: {}, result: [], points: percent / 100, maxPoints: 1, percent, createdAt },
    select: { id: true },
  });
}

/** A submission, graded with `percent` unless `percent` is null (then waiting for its grade). */
export async function addSubmission(enrolmentId: string, lessonId: string, percent: number | null) {
  return prisma.submission.create({
    data: {
      enrolmentId,
      lessonId,
      text: "My work.",
      ...(percent === null
        ? {}
        : {
            status: "graded",
            gradedAt: new Date(),
            points: percent / 10,
            maxPoints: 10,
            percent,
            scores: [{ points: percent / 10, feedback: "" }],
          }),
    },
    select: { id: true },
  });
}

/** Actors of every role around one enrolment's cohort, for access (IDOR) tests. */
export async function rolesAround(cohortId: string) {
  const { actorFor } = await import("#app/modules/identity/session.server.ts");
  const { createAdmin, createApprovedEducator, createSponsorMember, createVerifier } = await import("./factories.ts");
  const { assignEducatorToCohort, createCohort: newCohort } = await import("./learning-factories.ts");
  const teaching = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId, userId: teaching.id });
  const elsewhere = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: (await newCohort()).id, userId: elsewhere.id });
  return {
    teacher: await actorFor(teaching.id),
    otherEducator: await actorFor(elsewhere.id),
    otherLearner: await actorFor((await createLearner()).id),
    admin: await actorFor((await createAdmin()).id),
    sponsor: await actorFor((await createSponsorMember()).id),
    verifier: await actorFor((await createVerifier()).id),
  };
}

/**
 * A new published revision of the course copied from `revisionId` (same modules and lesson slugs), with
 * the quiz of lesson-5 replaced when `quiz` is given; a later cohort teaching it.
 */
export async function createNextRevision(courseId: string, revisionId: string, options: { quiz?: Quiz; dropSlug?: string } = {}) {
  const { copyLessonRow } = await import("#app/modules/courses/lesson-mapping.ts");
  const from = await prisma.courseRevision.findUniqueOrThrow({
    where: { id: revisionId },
    include: { modules: { include: { lessons: true } } },
  });
  const { id: _id, createdAt: _c, updatedAt: _u, modules, number, ...columns } = from;
  const revision = await prisma.courseRevision.create({
    data: { ...columns, number: number + 1, outcomes: from.outcomes, prerequisites: from.prerequisites },
    select: { id: true },
  });
  for (const m of modules) {
    const mod = await prisma.module.create({
      data: { revisionId: revision.id, position: m.position, slug: m.slug, title: m.title, summary: m.summary },
      select: { id: true },
    });
    const lessons = m.lessons
      .filter((l) => l.slug !== options.dropSlug)
      .map((l) => {
        const row = copyLessonRow(l, { revisionId: revision.id, moduleId: mod.id });
        return l.slug === "lesson-5" && options.quiz ? { ...row, quiz: options.quiz } : row;
      });
    await prisma.lesson.createMany({ data: lessons });
  }
  await prisma.course.update({ where: { id: courseId }, data: { publishedRevisionId: revision.id }, select: { id: true } });
  return revision.id;
}
