// Factories for the learning module (cohorts and teaching assignments), named by state and shared by
// tests and the seed. They write through the real Prisma client to a real database.
import { randomBytes } from "node:crypto";
import { prisma } from "#app/utils/db.server.ts";

/**
 * A published course as cohorts see it: one published revision, no lessons (the courses module's own
 * factories in tests/course-factories.ts make complete courses; this one is enough to open a cohort).
 */
export async function createCourseOpenForCohorts(options: { slug?: string; title?: string; prerequisites?: string[] } = {}) {
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
      prerequisites: options.prerequisites ?? [],
      publishedAt: new Date(),
    },
    select: { id: true },
  });
  await prisma.course.update({ where: { id: course.id }, data: { publishedRevisionId: revision.id }, select: { id: true } });
  return { id: course.id, slug, revisionId: revision.id };
}

/** A cohort of a published course (a new one unless `courseId` is given), teaching its published revision. */
export async function createCohort(
  options: { courseId?: string; name?: string; startsOn?: Date; endsOn?: Date | null; capacity?: number } = {},
) {
  const courseId = options.courseId ?? (await createCourseOpenForCohorts()).id;
  const course = await prisma.course.findUniqueOrThrow({
    where: { id: courseId },
    select: { publishedRevision: { select: { id: true, language: true } } },
  });
  if (!course.publishedRevision) throw new Error("createCohort: the course has no published revision");
  const cohort = await prisma.cohort.create({
    data: {
      courseId,
      revisionId: course.publishedRevision.id,
      language: course.publishedRevision.language,
      capacity: options.capacity ?? 30,
      name: options.name ?? `Cohort ${randomBytes(3).toString("hex")}`,
      startsOn: options.startsOn ?? new Date("2027-03-01T00:00:00Z"),
      endsOn: options.endsOn ?? null,
    },
    select: { id: true, courseId: true, name: true, revisionId: true, capacity: true },
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

/** A learner waiting for a place in a course (optionally a cohort), joined now. */
export async function createWaitlistEntry(options: { learnerId: string; courseId: string; cohortId?: string; createdAt?: Date }) {
  return prisma.waitlistEntry.create({
    data: {
      learnerId: options.learnerId,
      courseId: options.courseId,
      cohortId: options.cohortId ?? null,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    },
    select: { id: true, learnerId: true, courseId: true, cohortId: true },
  });
}

/** `count` unused programme-funded seats for a course, or for one cohort of it. */
export async function createSeats(options: { courseId: string; cohortId?: string; count?: number }) {
  await prisma.seat.createMany({
    data: Array.from({ length: options.count ?? 1 }, () => ({ courseId: options.courseId, cohortId: options.cohortId ?? null })),
  });
}

/** A learner enrolled in a cohort through a new seat (status `active` unless given). */
export async function createEnrolment(options: {
  learnerId: string;
  cohortId: string;
  status?: "active" | "paused" | "completed" | "withdrawn";
}) {
  const cohort = await prisma.cohort.findUniqueOrThrow({ where: { id: options.cohortId }, select: { courseId: true } });
  const seat = await prisma.seat.create({
    data: { courseId: cohort.courseId, cohortId: options.cohortId, usedAt: new Date() },
    select: { id: true },
  });
  return prisma.enrolment.create({
    data: { learnerId: options.learnerId, cohortId: options.cohortId, seatId: seat.id, status: options.status ?? "active" },
    select: { id: true, learnerId: true, cohortId: true, seatId: true, status: true },
  });
}
