// The demo sponsorship area (issue 10): every demo course has a seat price, and one course has an open
// cohort with free places and a waitlist of pseudonymous learners, so that the demo sponsor who buys 12
// seats sees them allocated (the `sponsorship.seats-added` job fills the cohort from the waitlist). The
// prices go through sponsorship's setSeatPrice as the admin, the requests through learning's requestPlace
// as each learner. A second run changes nothing (a price already set is left as the admin set it).
import { randomBytes } from "node:crypto";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { createCohort } from "#app/modules/learning/create-cohort.server.ts";
import { requestPlace } from "#app/modules/learning/request-place.server.ts";
import { setSeatPrice } from "#app/modules/sponsorship/set-seat-price.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { createProgress } from "#scripts/progress.ts";
import { createLearnerWithoutEmail } from "#tests/factories.ts";

type Progress = ReturnType<typeof createProgress>;

const DAY = 24 * 60 * 60 * 1000;
const day = (offset: number) => new Date(`${new Date(Date.now() + offset * DAY).toISOString().slice(0, 10)}T00:00:00Z`);

export const DEMO_SPONSORSHIP = {
  /** The price of one seat of every demo course. */
  price: { amountMinor: 12_000, currency: "usd" },
  /** The course whose waitlist a sponsor's seats fill: no other demo data and no e2e spec uses it. */
  course: "fundamentos-de-programacion",
  cohort: "Fundamentos · grupo de demostración",
  capacity: 30,
  /** Learners waiting for a place: more than the 12 seats a demo order buys. */
  learners: 14,
} as const;

/** "seed-learner-01" … and "Seed learner 01" …: pseudonyms, as survivors choose them. */
export function seedLearner(n: number) {
  const nn = String(n).padStart(2, "0");
  return { username: `seed-learner-${nn}`, displayName: `Seed learner ${nn}` };
}

export async function seedSponsorship(people: { admin: Actor }, courseSlugs: readonly string[], progress: Progress) {
  const { admin } = people;
  let created = 0;

  // A seat price for every demo course (content/), unless the admin has set one already.
  const courses = await prisma.course.findMany({
    where: { slug: { in: [...courseSlugs] }, publishedRevisionId: { not: null }, archivedAt: null },
    select: { id: true },
    orderBy: { slug: "asc" },
  });
  const priced = new Set(
    (await prisma.seatPrice.findMany({ where: { courseId: { in: courses.map((c) => c.id) } }, select: { courseId: true } })).map(
      (p) => p.courseId,
    ),
  );
  for (const course of courses) {
    if (priced.has(course.id)) continue;
    await setSeatPrice(admin, { courseId: course.id, ...DEMO_SPONSORSHIP.price });
    created += 1;
  }
  progress.tick("seat prices");

  // An open cohort with free places and no seats of its own: the sponsor's seats are the ones it uses.
  const course = await prisma.course.findUniqueOrThrow({ where: { slug: DEMO_SPONSORSHIP.course }, select: { id: true } });
  const cohort = await prisma.cohort.findFirst({
    where: { courseId: course.id, name: DEMO_SPONSORSHIP.cohort },
    select: { id: true },
  });
  if (!cohort) {
    await createCohort(admin, {
      courseId: course.id,
      name: DEMO_SPONSORSHIP.cohort,
      startsOn: day(-7),
      endsOn: day(120),
      capacity: DEMO_SPONSORSHIP.capacity,
    });
    created += 1;
  }
  progress.tick("open cohort");

  // The waiting learners, in order. Nobody logs in as them: each gets a random password that is never kept.
  for (let n = 1; n <= DEMO_SPONSORSHIP.learners; n++) {
    const learner = await createLearnerWithoutEmail({ ...seedLearner(n), password: randomBytes(24).toString("base64url") });
    if (learner.created) created += 1;
    const asked = await prisma.waitlistEntry.count({ where: { learnerId: learner.id, courseId: course.id } });
    if (asked > 0) continue;
    await requestPlace(await actorFor(learner.id), { courseId: course.id });
    created += 1;
  }
  progress.tick(`${DEMO_SPONSORSHIP.learners} learners waiting`);
  return created;
}
