// A learner enrolled in a cohort whose course has an assignment lesson ("essay", lesson 2), an educator
// teaching that cohort, and a temporary storage directory, for the assignment tests (issue 8, item 5).
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Assignment } from "#app/modules/courses/schemas.ts";
import { LocalDiskStorage, setStorageForTests } from "#app/modules/files/storage.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createPublishedCourse } from "./course-factories.ts";
import { createApprovedEducator, createLearner } from "./factories.ts";
import { assignEducatorToCohort, createCohort, createEnrolment } from "./learning-factories.ts";

export const ESSAY_SLUG = "lesson-2";

export const DEFAULT_ASSIGNMENT: Assignment = {
  rubric: [
    { criterion: "Argument", points: 6 },
    { criterion: "Sources", points: 4 },
  ],
  fileTypes: [".pdf", ".docx", ".txt"],
  maxSizeMb: 1,
};

/** Uploads go to a fresh directory for this test file; `storedObjects()` counts what is in it. */
export function useTemporaryStorage() {
  const root = mkdtempSync(path.join(tmpdir(), "waystone-work-"));
  setStorageForTests(new LocalDiskStorage(root));
  return {
    root,
    storedObjects: () =>
      readdirSync(root, { recursive: true })
        .map(String)
        .filter((f) => /^[0-9a-f]{2}[/\\][0-9a-f]{32}$/.test(f)),
  };
}

export async function createAssignmentScenario(
  options: { assignment?: Partial<Assignment>; startsOn?: Date; endsOn?: Date | null } = {},
) {
  const course = await createPublishedCourse({ lessons: 3, modules: 1 });
  const revision = await prisma.course.findUniqueOrThrow({ where: { id: course.id }, select: { publishedRevisionId: true } });
  const revisionId = revision.publishedRevisionId!;
  const assignment = { ...DEFAULT_ASSIGNMENT, ...options.assignment };
  const lesson = await prisma.lesson.update({
    where: { revisionId_slug: { revisionId, slug: ESSAY_SLUG } },
    data: { kind: "assignment", assignment, quiz: undefined, body: "Write **one page** about a turning point." },
    select: { id: true, slug: true },
  });
  const cohort = await createCohort({
    courseId: course.id,
    startsOn: options.startsOn ?? new Date(Date.now() - 86_400_000),
    endsOn: options.endsOn === undefined ? null : options.endsOn,
  });
  const learner = await createLearner();
  const enrolment = await createEnrolment({ learnerId: learner.id, cohortId: cohort.id });
  const educator = await createApprovedEducator();
  await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id });
  return { course, revisionId, lesson, assignment, cohort, learner, enrolment, educator };
}
