// Factories for the learning module (cohorts and teaching assignments), named by state and shared by
// tests and the seed. They write through the real Prisma client to a real database.
import { randomBytes } from "node:crypto";
import { prisma } from "#app/utils/db.server.ts";

/**
 * A published course as cohorts see it: one published revision, no lessons (the courses module's own
 * factories in tests/course-factories.ts make complete courses; this one is enough to open a cohort).
 */
export async function createCourseOpenForCohorts(options: { slug?: string; title?: string } = {}) {
  const slug = options.slug ?? `cohort-course-${randomBytes(4).toString("hex")}`;
  const course = await prisma.course.create({ data: { slug }, select: { id: true } });
  const revision = await prisma.courseRevision.create({
    data: {
      courseId: course.id,
      number: 1,
      status: "published",
      title: options.title ?? `Course ${slug}`,
      summary: "A course made by a learning factory.",
      subject: "mathematics",
      level: "introductory",
      language: "en",
      outcomes: ["Solve problems."],
      credits: 5,
      creditUnit: "ECTS",
      studyHours: 130,
      passMark: 60,
      publishedAt: new Date(),
    },
    select: { id: true },
  });
  await prisma.course.update({ where: { id: course.id }, data: { publishedRevisionId: revision.id }, select: { id: true } });
  return { id: course.id, slug };
}

/** A cohort of a published course (a new one unless `courseId` is given). */
export async function createCohort(options: { courseId?: string; name?: string; startsOn?: Date; endsOn?: Date | null } = {}) {
  const courseId = options.courseId ?? (await createCourseOpenForCohorts()).id;
  const cohort = await prisma.cohort.create({
    data: {
      courseId,
      name: options.name ?? `Cohort ${randomBytes(3).toString("hex")}`,
      startsOn: options.startsOn ?? new Date("2027-03-01T00:00:00Z"),
      endsOn: options.endsOn ?? null,
    },
    select: { id: true, courseId: true, name: true },
  });
  return cohort;
}

/** An educator teaching a cohort, with `volunteerHours` already recorded (0 by default). Idempotent. */
export async function assignEducatorToCohort(options: { cohortId: string; userId: string; volunteerHours?: number }) {
  return prisma.cohortEducator.upsert({
    where: { cohortId_userId: { cohortId: options.cohortId, userId: options.userId } },
    update: {},
    create: { cohortId: options.cohortId, userId: options.userId, volunteerHours: options.volunteerHours ?? 0 },
    select: { id: true, cohortId: true, userId: true, volunteerHours: true },
  });
}
