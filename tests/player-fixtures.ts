// A learner enrolled in a cohort of a complete published course, for the lesson player's tests
// (docs/decisions/020-lesson-player-and-progress.md). Lesson 2 carries a content warning.
import { prisma } from "#app/utils/db.server.ts";
import { createPublishedCourse } from "./course-factories.ts";
import { createLearner } from "./factories.ts";
import { createCohort, createEnrolment } from "./learning-factories.ts";

export const WARNING = "This lesson talks about violence at home.";

export async function createEnrolledLearner(options: { lessons?: number; modules?: number } = {}) {
  const course = await createPublishedCourse({ lessons: options.lessons ?? 6, modules: options.modules ?? 2 });
  const revision = await prisma.course.findUniqueOrThrow({ where: { id: course.id }, select: { publishedRevisionId: true } });
  const revisionId = revision.publishedRevisionId!;
  await prisma.lesson.updateMany({ where: { revisionId, slug: "lesson-2" }, data: { contentWarning: WARNING } });
  const lessons = await prisma.lesson.findMany({
    where: { revisionId },
    orderBy: [{ module: { position: "asc" } }, { position: "asc" }],
    select: { id: true, slug: true },
  });
  const cohort = await createCohort({ courseId: course.id });
  const learner = await createLearner();
  const enrolment = await createEnrolment({ learnerId: learner.id, cohortId: cohort.id });
  return { course, revisionId, lessons, cohort, learner, enrolment };
}
