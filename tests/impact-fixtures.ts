// Fixtures for the sponsor's impact report (issue 10 item 6), written straight to the database: paid
// sponsor orders (provider "offline") with their seats, enrolments that use some of them with given
// statuses and dates, and credentials issued for some completions. Learners get distinctive display names
// and usernames, so tests can show that none of them reaches a sponsor.
import { randomBytes } from "node:crypto";
import type { CreditUnit, EnrolmentStatus } from "#app/generated/prisma/enums.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createOrganisation, createSponsorMember, uniqueUsername } from "./factories.ts";
import { createCohort, createCourseOpenForCohorts } from "./learning-factories.ts";

/** A paid order of `seats` seats of a course (no cohort), paid at `paidAt`; returns the order and seat ids. */
export async function paidOrderWithSeats(options: {
  orgId: string;
  courseId: string;
  seats: number;
  paidAt: Date;
  status?: "paid" | "refunded" | "pending";
  seatsKept?: number;
  /** Seats still there (a refund removes unused ones): all of them unless given. */
  seatsLeft?: number;
}) {
  const status = options.status ?? "paid";
  const order = await prisma.sponsorOrder.create({
    data: {
      orgId: options.orgId,
      courseId: options.courseId,
      seats: options.seats,
      unitAmountMinor: 10_000,
      amountMinor: 10_000 * options.seats,
      currency: "usd",
      status,
      provider: "offline",
      seatsCreated: status === "pending" ? 0 : options.seats,
      seatsKept: options.seatsKept ?? 0,
      seatsRemoved: options.seats - (options.seatsLeft ?? options.seats),
      paidAt: status === "pending" ? null : options.paidAt,
      createdAt: options.paidAt,
    },
    select: { id: true },
  });
  if (status !== "pending")
    await prisma.seat.createMany({
      data: Array.from({ length: options.seatsLeft ?? options.seats }, () => ({
        funding: "sponsor" as const,
        courseId: options.courseId,
        orderId: order.id,
        createdAt: options.paidAt,
      })),
    });
  const seats = await prisma.seat.findMany({ where: { orderId: order.id }, select: { id: true }, orderBy: { id: "asc" } });
  return { id: order.id, seatIds: seats.map((s) => s.id) };
}

export type PlannedEnrolment = {
  status: EnrolmentStatus;
  createdAt: Date;
  completedAt?: Date;
  credits?: { amount: number; unit: CreditUnit };
  credentialAt?: Date;
  revoked?: boolean;
};

let statusIndex = Math.floor(Math.random() * 1_000_000) * 100;
const STATUS_LIST = `impact-fixture-${randomBytes(4).toString("hex")}`;

/** A learner (with a planted name) enrolled through one of the order's seats, as planned. */
export async function useSeat(seatId: string, cohortId: string, plan: PlannedEnrolment, tag: string) {
  const displayName = `Quillon Vexmoor ${tag}`;
  const learner = await createLearner({ displayName, username: uniqueUsername("quillon") });
  await prisma.seat.update({ where: { id: seatId }, data: { usedAt: plan.createdAt, cohortId } });
  const enrolment = await prisma.enrolment.create({
    data: {
      learnerId: learner.id,
      cohortId,
      seatId,
      status: plan.status,
      createdAt: plan.createdAt,
      completedAt: plan.completedAt ?? null,
      finalGrade: plan.completedAt ? 88 : null,
      creditsAwarded: plan.credits?.amount ?? null,
      creditUnit: plan.credits?.unit ?? null,
    },
    select: { id: true },
  });
  if (plan.credentialAt) {
    await prisma.credential.create({
      data: {
        enrolmentId: enrolment.id,
        learnerId: learner.id,
        courseSlug: "impact-fixture",
        creditUnit: plan.credits?.unit ?? "ECTS",
        document: { fixture: true },
        keyId: "impact-fixture-key",
        statusListId: STATUS_LIST,
        statusIndex: statusIndex++,
        issuedAt: plan.credentialAt,
        revokedAt: plan.revoked ? plan.credentialAt : null,
      },
      select: { id: true },
    });
  }
  return { learnerId: learner.id, username: learner.username, displayName, enrolmentId: enrolment.id };
}

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
function repeat(n: number, plan: PlannedEnrolment): PlannedEnrolment[] {
  return Array.from({ length: n }, () => ({ ...plan }));
}

/**
 * The report fixture: a sponsor organisation with paid orders for three courses, and what their seats
 * led to. The expected numbers (before suppression) are returned with it.
 *
 *   course           bought  allocated  active(+paused)  completed  credentials  credits
 *   Bookkeeping        30       25        13 (12+1)         9          8         45 ECTS
 *   Community health   20       20        20                0          0          —
 *   Digital skills     20       14         3               11         11         44 US
 *   Safe travel         5        3         2                1          1          5 ECTS
 *   total              75       62        38               21         20
 *
 *   month     bought  allocated  completed  credentials
 *   2026-01     50       20          0          0
 *   2026-02     25       42          0          0
 *   2026-03      0        0         21         20
 *
 * Community health is there for a row relation: with its 20 allocated and 20 active shown, its
 * "completed <11" could only be 0 (active + completed ≤ allocated).
 *
 * Also: a pending order (no seats), a fully refunded order whose seats are gone, and another sponsor's
 * paid order for the same course with used seats: none of these count.
 */
export async function impactFixture() {
  const org = await createOrganisation({ kind: "sponsor", name: `Harbour Light Foundation ${randomBytes(3).toString("hex")}` });
  const member = await createSponsorMember({ orgId: org.id });
  const titles = {
    bookkeeping: `Bookkeeping basics ${randomBytes(2).toString("hex")}`,
    community: `Community health ${randomBytes(2).toString("hex")}`,
    digital: `Digital skills ${randomBytes(2).toString("hex")}`,
    travel: `Safe travel ${randomBytes(2).toString("hex")}`,
  };
  const courses = {
    bookkeeping: await createCourseOpenForCohorts({ title: titles.bookkeeping }),
    community: await createCourseOpenForCohorts({ title: titles.community }),
    digital: await createCourseOpenForCohorts({ title: titles.digital }),
    travel: await createCourseOpenForCohorts({ title: titles.travel }),
  };
  const cohorts = {
    bookkeeping: await createCohort({ courseId: courses.bookkeeping.id }),
    community: await createCohort({ courseId: courses.community.id }),
    digital: await createCohort({ courseId: courses.digital.id }),
    travel: await createCohort({ courseId: courses.travel.id }),
  };
  const ects = (amount: number) => ({ amount, unit: "ECTS" as const });
  const us = (amount: number) => ({ amount, unit: "US" as const });
  const completedIn = (
    created: string,
    done: string,
    credits: PlannedEnrolment["credits"],
    credential?: string,
    revoked = false,
  ) => ({
    status: "completed" as const,
    createdAt: at(created),
    completedAt: at(done),
    credits,
    ...(credential ? { credentialAt: at(credential) } : {}),
    revoked,
  });
  const plans: Array<{ course: keyof typeof courses; order: { seats: number; paidAt: string }; enrolments: PlannedEnrolment[] }> =
    [
      {
        course: "bookkeeping",
        order: { seats: 30, paidAt: "2026-01-10" },
        enrolments: [
          // 14 start in January, 11 in February
          ...repeat(9, { status: "active", createdAt: at("2026-01-12") }),
          ...repeat(1, { status: "paused", createdAt: at("2026-01-13") }),
          ...repeat(3, { status: "withdrawn", createdAt: at("2026-01-14") }),
          completedIn("2026-01-15", "2026-03-20", ects(5), "2026-03-21"),
          ...repeat(3, { status: "active", createdAt: at("2026-02-02") }),
          ...Array.from({ length: 7 }, () => completedIn("2026-02-03", "2026-03-22", ects(5), "2026-03-23")),
          // completed, its credential not issued yet
          completedIn("2026-02-04", "2026-03-24", ects(5)),
        ],
      },
      {
        course: "digital",
        order: { seats: 20, paidAt: "2026-01-15" },
        enrolments: [
          ...repeat(3, { status: "active", createdAt: at("2026-01-16") }),
          ...Array.from({ length: 3 }, () => completedIn("2026-01-17", "2026-03-05", us(4), "2026-03-06")),
          // one credential revoked since: it was issued, it counts
          completedIn("2026-02-10", "2026-03-07", us(4), "2026-03-08", true),
          ...Array.from({ length: 7 }, () => completedIn("2026-02-11", "2026-03-09", us(4), "2026-03-10")),
        ],
      },
      {
        course: "community",
        order: { seats: 20, paidAt: "2026-02-10" },
        enrolments: repeat(20, { status: "active", createdAt: at("2026-02-12") }),
      },
      {
        course: "travel",
        order: { seats: 5, paidAt: "2026-02-05" },
        enrolments: [
          ...repeat(2, { status: "active", createdAt: at("2026-02-06") }),
          completedIn("2026-02-07", "2026-03-15", ects(5), "2026-03-16"),
        ],
      },
    ];
  const learners: Array<Awaited<ReturnType<typeof useSeat>>> = [];
  const orderIds: string[] = [];
  let n = 0;
  for (const plan of plans) {
    const order = await paidOrderWithSeats({
      orgId: org.id,
      courseId: courses[plan.course].id,
      seats: plan.order.seats,
      paidAt: at(plan.order.paidAt),
    });
    orderIds.push(order.id);
    for (const [i, e] of plan.enrolments.entries())
      learners.push(await useSeat(order.seatIds[i]!, cohorts[plan.course].id, e, `${plan.course}-${n++}`));
  }
  // What does not count: a pending order, a refunded order with no seat left, another sponsor's seats.
  await paidOrderWithSeats({
    orgId: org.id,
    courseId: courses.travel.id,
    seats: 40,
    paidAt: at("2026-02-20"),
    status: "pending",
  });
  await paidOrderWithSeats({
    orgId: org.id,
    courseId: courses.travel.id,
    seats: 4,
    seatsLeft: 0,
    paidAt: at("2026-02-21"),
    status: "refunded",
  });
  const other = await createOrganisation({ kind: "sponsor" });
  const otherOrder = await paidOrderWithSeats({
    orgId: other.id,
    courseId: courses.bookkeeping.id,
    seats: 12,
    paidAt: at("2026-01-20"),
  });
  for (const [i, seatId] of otherOrder.seatIds.entries())
    learners.push(await useSeat(seatId, cohorts.bookkeeping.id, { status: "active", createdAt: at("2026-01-21") }, `other-${i}`));

  return {
    orgId: org.id,
    otherOrgId: other.id,
    member,
    titles,
    courses,
    orderIds,
    learners,
    expected: {
      byCourse: [
        { title: titles.bookkeeping, bought: 30, allocated: 25, active: 13, completed: 9, credentials: 8, credits: "45 ECTS" },
        { title: titles.community, bought: 20, allocated: 20, active: 20, completed: 0, credentials: 0, credits: "0" },
        { title: titles.digital, bought: 20, allocated: 14, active: 3, completed: 11, credentials: 11, credits: "44 US" },
        { title: titles.travel, bought: 5, allocated: 3, active: 2, completed: 1, credentials: 1, credits: "5 ECTS" },
      ],
      total: { bought: 75, allocated: 62, active: 38, completed: 21, credentials: 20 },
      byMonth: [
        { month: "2026-01", bought: 50, allocated: 20, completed: 0, credentials: 0 },
        { month: "2026-02", bought: 25, allocated: 42, completed: 0, credentials: 0 },
        { month: "2026-03", bought: 0, allocated: 0, completed: 21, credentials: 20 },
      ],
      creditsPerCompletion: new Map([
        [titles.bookkeeping, { amount: 5, unit: "ECTS" }],
        [titles.community, { amount: 5, unit: "ECTS" }],
        [titles.digital, { amount: 4, unit: "US" }],
        [titles.travel, { amount: 5, unit: "ECTS" }],
      ]),
    },
  };
}
