// The sponsor's impact report on a real database (issue 10 item 6): the reads it is built from
// (learning's listSponsoredPlaces, credentials' listIssuedCredentialDates), who may read it, a fixed
// number of queries whatever the data, the fixture's numbers with k-anonymity applied, and no learner
// in what it returns. The pure builder's credit and order rules are tested here too.
import { describe, expect, test } from "vitest";
import { forgetCourseLabels } from "#app/modules/courses/published.server.ts";
import { listIssuedCredentialDates } from "#app/modules/credentials/issued-counts.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { listSponsoredPlaces } from "#app/modules/learning/sponsored-places.server.ts";
import { queryCounter } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import {
  createAdmin,
  createApprovedEducator,
  createLearner,
  createOrganisation,
  createSponsorMember,
  createVerifier,
} from "#tests/factories.ts";
import { impactFixture, paidOrderWithSeats, useSeat } from "#tests/impact-fixtures.ts";
import { createCohort, createCourseOpenForCohorts } from "#tests/learning-factories.ts";
import { getImpactReport } from "./impact-report.server.ts";
import { buildImpactTables, impactProblem, type ReportPlace, type Shown } from "./impact-tables.ts";
import { K } from "./suppression.ts";

async function counted<T>(run: () => Promise<T>) {
  const before = queryCounter.count;
  const value = await run();
  return { value, queries: queryCounter.count - before };
}

async function reason(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "allowed";
  } catch (error) {
    if (error instanceof AppError) return error.reason;
    throw error;
  }
}

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("listSponsoredPlaces (learning)", () => {
  test("one row per seat of the given orders, with its enrolment's status, dates and credits, and no learner", async () => {
    const org = await createOrganisation({ kind: "sponsor" });
    const course = await createCourseOpenForCohorts();
    const cohort = await createCohort({ courseId: course.id });
    const order = await paidOrderWithSeats({ orgId: org.id, courseId: course.id, seats: 3, paidAt: day("2026-01-05") });
    const elsewhere = await paidOrderWithSeats({ orgId: org.id, courseId: course.id, seats: 2, paidAt: day("2026-01-06") });
    const done = await useSeat(
      order.seatIds[0]!,
      cohort.id,
      { status: "completed", createdAt: day("2026-01-07"), completedAt: day("2026-02-01"), credits: { amount: 5, unit: "ECTS" } },
      "places-1",
    );
    await useSeat(order.seatIds[1]!, cohort.id, { status: "paused", createdAt: day("2026-01-08") }, "places-2");

    const { value: rows, queries } = await counted(() => listSponsoredPlaces([order.id]));
    expect(queries).toBe(1);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.orderId === order.id && r.courseId === course.id)).toBe(true);
    const completed = rows.find((r) => r.enrolment?.enrolmentId === done.enrolmentId)!;
    expect(completed).toEqual({
      orderId: order.id,
      courseId: course.id,
      usedAt: day("2026-01-07"),
      enrolment: {
        enrolmentId: done.enrolmentId,
        status: "completed",
        createdAt: day("2026-01-07"),
        completedAt: day("2026-02-01"),
        creditsAwarded: 5,
        creditUnit: "ECTS",
      },
    });
    expect(rows.filter((r) => r.enrolment?.status === "paused")).toHaveLength(1);
    expect(rows.filter((r) => r.enrolment === null && r.usedAt === null)).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(done.learnerId);
    expect(await listSponsoredPlaces([])).toEqual([]);
    // Both orders: still one query.
    const both = await counted(() => listSponsoredPlaces([order.id, elsewhere.id]));
    expect(both.value).toHaveLength(5);
    expect(both.queries).toBe(1);
  });
});

describe("listIssuedCredentialDates (credentials)", () => {
  test("enrolment → issue date, revoked credentials included, in one query", async () => {
    const org = await createOrganisation({ kind: "sponsor" });
    const course = await createCourseOpenForCohorts();
    const cohort = await createCohort({ courseId: course.id });
    const order = await paidOrderWithSeats({ orgId: org.id, courseId: course.id, seats: 3, paidAt: day("2026-01-05") });
    const completed = (credentialAt: string | undefined, revoked = false) => ({
      status: "completed" as const,
      createdAt: day("2026-01-06"),
      completedAt: day("2026-02-01"),
      ...(credentialAt ? { credentialAt: day(credentialAt) } : {}),
      revoked,
    });
    const issued = await useSeat(order.seatIds[0]!, cohort.id, completed("2026-02-02"), "cred-1");
    const revoked = await useSeat(order.seatIds[1]!, cohort.id, completed("2026-02-03", true), "cred-2");
    const none = await useSeat(order.seatIds[2]!, cohort.id, completed(undefined), "cred-3");
    const { value, queries } = await counted(() =>
      listIssuedCredentialDates([issued.enrolmentId, revoked.enrolmentId, none.enrolmentId]),
    );
    expect(queries).toBe(1);
    expect(value).toEqual(
      new Map([
        [issued.enrolmentId, day("2026-02-02")],
        [revoked.enrolmentId, day("2026-02-03")],
      ]),
    );
    expect(await listIssuedCredentialDates([])).toEqual(new Map());
  });
});

describe("getImpactReport", () => {
  test("the fixture's numbers: every count below 11 reads '<11', others are right or hidden to protect one", async () => {
    const f = await impactFixture();
    const report = await getImpactReport(await actorFor(f.member.id), f.orgId);
    expect(report.k).toBe(K);
    expect(report.orders).toBe(5); // four paid, one refunded; the pending one does not count
    const check = (shown: Shown, truth: number, where: string) => {
      if (truth < K) expect({ where, shown }).toEqual({ where, shown: "small" });
      else expect({ where, ok: shown === truth || shown === "hidden" }).toEqual({ where, ok: true });
    };
    expect(report.byCourse.map((r) => r.title)).toEqual(f.expected.byCourse.map((r) => r.title));
    for (const [i, row] of report.byCourse.entries()) {
      const truth = f.expected.byCourse[i]!;
      expect(row.bought).toBe(truth.bought);
      for (const m of ["allocated", "active", "completed", "credentials"] as const)
        check(row[m], truth[m], `${truth.title}.${m}`);
    }
    expect(report.total.bought).toBe(f.expected.total.bought);
    for (const m of ["allocated", "active", "completed", "credentials"] as const)
      check(report.total[m], f.expected.total[m], `total.${m}`);
    expect(report.byMonth.map((r) => r.month)).toEqual(f.expected.byMonth.map((r) => r.month));
    for (const [i, row] of report.byMonth.entries()) {
      const truth = f.expected.byMonth[i]!;
      expect(row.bought).toBe(truth.bought);
      for (const m of ["allocated", "completed", "credentials"] as const) check(row[m], truth[m], `${truth.month}.${m}`);
    }
    // What this fixture shows, and why the rest is hidden (suppression.ts):
    // - the order pages show 25, 20 and 14 seats in use for the big courses (one order each), so a
    //   shown total of 62 would give the fourth course's 3 away: the headline's allocated is hidden;
    // - only the digital course's completions reach 11, but showing them would leave 21 − 11 = 10 for
    //   the others (a group below 11): hidden, and its credits with it;
    // - community health's 20 allocated and 20 active would make its "<11" completed exactly 0.
    const course = (title: string) => report.byCourse.find((r) => r.title === title)!;
    expect(report.total).toMatchObject({ bought: 75, allocated: "hidden", active: 38, completed: 21, credentials: 20 });
    expect(course(f.titles.digital)).toMatchObject({ completed: "hidden", credits: "hidden" });
    expect(course(f.titles.community)).toMatchObject({ completed: "small" });
    expect([course(f.titles.community).allocated, course(f.titles.community).active]).toContain("hidden");
    expect(report.byMonth[1]).toMatchObject({ month: "2026-02", allocated: 42 });
    expect(report.total.credits).toBe("hidden");
    // Nothing of a learner: ids, usernames, display names, enrolment ids.
    const text = JSON.stringify(report);
    for (const l of f.learners) {
      expect(text).not.toContain(l.learnerId);
      expect(text).not.toContain(l.username);
      expect(text).not.toContain(l.enrolmentId);
    }
    expect(text).not.toContain("Quillon");
  });

  test("its members and admins read it; another sponsor, an unknown or non-sponsor id: not found; other roles: refused", async () => {
    const org = await createOrganisation({ kind: "sponsor" });
    const member = await actorFor((await createSponsorMember({ orgId: org.id })).id);
    const stranger = await actorFor((await createSponsorMember()).id);
    const admin = await actorFor((await createAdmin()).id);
    const ngo = await createOrganisation({ kind: "ngo" });

    expect(await reason(() => getImpactReport(member, org.id))).toBe("allowed");
    expect(await reason(() => getImpactReport(admin, org.id))).toBe("allowed");
    expect(await reason(() => getImpactReport(stranger, org.id))).toBe("not_found");
    expect(await reason(() => getImpactReport(member, "c0000000000000000000unknown"))).toBe("not_found");
    expect(await reason(() => getImpactReport(admin, "c0000000000000000000unknown"))).toBe("not_found");
    expect(await reason(() => getImpactReport(admin, ngo.id))).toBe("not_found");
    // A verifier is a member of its institution, and still has no impact report.
    const verifier = await createVerifier();
    const verifierActor = await actorFor(verifier.id);
    expect(await reason(() => getImpactReport(verifierActor, verifier.orgId))).toBe("permission.denied");
    const learner = await actorFor((await createLearner()).id);
    expect(await reason(() => getImpactReport(learner, org.id))).toBe("permission.denied");
    const educator = await actorFor((await createApprovedEducator()).id);
    expect(await reason(() => getImpactReport(educator, org.id))).toBe("permission.denied");
    // An empty report is still a report.
    const empty = await getImpactReport(member, org.id);
    expect(empty).toMatchObject({ orders: 0, byCourse: [], byMonth: [], total: { bought: 0, allocated: "small" } });
  });

  test("a fixed number of queries whatever the number of orders, seats, enrolments and credentials", async () => {
    const org = await createOrganisation({ kind: "sponsor" });
    const actor = await actorFor((await createSponsorMember({ orgId: org.id })).id);
    const course = await createCourseOpenForCohorts();
    const cohort = await createCohort({ courseId: course.id });
    const first = await paidOrderWithSeats({ orgId: org.id, courseId: course.id, seats: 2, paidAt: day("2026-01-05") });
    await useSeat(first.seatIds[0]!, cohort.id, { status: "active", createdAt: day("2026-01-06") }, "count-0");
    forgetCourseLabels();
    const small = await counted(() => getImpactReport(actor, org.id));

    for (let o = 0; o < 3; o++) {
      const other = await createCourseOpenForCohorts();
      const otherCohort = await createCohort({ courseId: other.id });
      const order = await paidOrderWithSeats({ orgId: org.id, courseId: other.id, seats: 6, paidAt: day(`2026-0${o + 2}-05`) });
      for (const [i, seatId] of order.seatIds.slice(0, 4).entries())
        await useSeat(
          seatId,
          otherCohort.id,
          {
            status: "completed",
            createdAt: day(`2026-0${o + 2}-06`),
            completedAt: day(`2026-0${o + 3}-01`),
            credits: { amount: 5, unit: "ECTS" },
            credentialAt: day(`2026-0${o + 3}-02`),
          },
          `count-${o}-${i}`,
        );
    }
    forgetCourseLabels();
    const large = await counted(() => getImpactReport(actor, org.id));
    expect(large.value.byCourse).toHaveLength(4);
    expect(large.queries).toBe(small.queries);
    expect(small.queries).toBeLessThanOrEqual(5);
  });
});

describe("the report's numbers (pure)", () => {
  const paid = (id: string, courseId: string, paidAt = "2026-01-01") => ({
    id,
    courseId,
    status: "paid" as const,
    paidAt: day(paidAt),
    seatsKept: 0,
  });
  const completions = (orderId: string, n: number, credits: { amount: number; unit: string } | null): ReportPlace[] =>
    Array.from({ length: n }, () => ({
      orderId,
      enrolment: {
        status: "completed" as const,
        createdAt: day("2026-01-02"),
        completedAt: day("2026-02-01"),
        creditsAwarded: credits?.amount ?? null,
        creditUnit: credits?.unit ?? null,
        credentialIssuedAt: day("2026-02-02"),
      },
    }));

  // Learners still at it, so that "allocated = completed" does not give "active: 0" away.
  const active = (orderId: string, n: number): ReportPlace[] =>
    Array.from({ length: n }, () => ({
      orderId,
      enrolment: {
        status: "active" as const,
        createdAt: day("2026-01-02"),
        completedAt: null,
        creditsAwarded: null,
        creditUnit: null,
        credentialIssuedAt: null,
      },
    }));

  test("all allocated learners completed: 'active <11' would be exactly 0, so more is hidden", () => {
    const done = buildImpactTables({
      orders: [paid("o1", "a")],
      places: completions("o1", 12, { amount: 5, unit: "ECTS" }),
      titles: new Map([["a", "A"]]),
    });
    expect(done.byCourse[0]!.active).toBe("small");
    expect([done.byCourse[0]!.allocated, done.byCourse[0]!.completed]).toContain("hidden");
  });

  test("credits follow the completed cell: shown beside a shown count, hidden with it, the total only if none is hidden", () => {
    const titles = new Map([
      ["a", "A"],
      ["b", "B"],
    ]);
    const both = buildImpactTables({
      orders: [paid("o1", "a"), paid("o2", "b")],
      places: [
        ...completions("o1", 12, { amount: 5, unit: "ECTS" }),
        ...active("o1", 12),
        ...completions("o2", 15, { amount: 4, unit: "US" }),
        ...active("o2", 12),
      ],
      titles,
    });
    expect(both.byCourse.map((r) => [r.completed, r.credits])).toEqual([
      [12, [{ unit: "ECTS", amount: 60 }]],
      [15, [{ unit: "US", amount: 60 }]],
    ]);
    expect(both.total.credits).toEqual([
      { unit: "ECTS", amount: 60 },
      { unit: "US", amount: 60 },
    ]);

    // B has 3 completions: hidden, its credits too, and every unit's total (else ECTS total − A's = B's).
    const oneSmall = buildImpactTables({
      orders: [paid("o1", "a"), paid("o2", "b")],
      places: [
        ...completions("o1", 12, { amount: 5, unit: "ECTS" }),
        ...active("o1", 12),
        ...completions("o2", 3, { amount: 5, unit: "ECTS" }),
        ...active("o2", 12),
      ],
      titles,
    });
    expect(oneSmall.byCourse[1]).toMatchObject({ completed: "small", credits: "hidden" });
    expect(oneSmall.total.credits).toBe("hidden");
  });

  test("a small group inside a shown completed count keeps the credits hidden (mixed units, completions without credits)", () => {
    const titles = new Map([["a", "A"]]);
    const mixed = buildImpactTables({
      orders: [paid("o1", "a")],
      places: [
        ...completions("o1", 12, { amount: 5, unit: "ECTS" }),
        ...completions("o1", 2, { amount: 4, unit: "US" }),
        ...active("o1", 12),
      ],
      titles,
    });
    expect(mixed.byCourse[0]).toMatchObject({ completed: 14, credits: "hidden" });
    const withoutCredits = buildImpactTables({
      orders: [paid("o1", "a")],
      places: [...completions("o1", 12, { amount: 5, unit: "ECTS" }), ...completions("o1", 3, null), ...active("o1", 12)],
      titles,
    });
    expect(withoutCredits.byCourse[0]).toMatchObject({ completed: 15, credits: "hidden" });
  });

  test("events count in their own month (UTC); a refunded order's kept seats count as bought, and its page gives its use away", () => {
    const places: ReportPlace[] = [
      { orderId: "o1", enrolment: null },
      {
        orderId: "o1",
        enrolment: {
          status: "completed",
          createdAt: new Date("2026-01-31T23:30:00Z"),
          completedAt: new Date("2026-03-01T00:10:00Z"),
          creditsAwarded: 5,
          creditUnit: "ECTS",
          credentialIssuedAt: new Date("2026-04-02T00:00:00Z"),
        },
      },
      ...Array.from({ length: 2 }, () => ({
        orderId: "o2",
        enrolment: {
          status: "active" as const,
          createdAt: day("2026-02-10"),
          completedAt: null,
          creditsAwarded: null,
          creditUnit: null,
          credentialIssuedAt: null,
        },
      })),
    ];
    const orders = [
      paid("o1", "a", "2025-12-31"),
      { ...paid("o2", "a", "2026-02-01"), status: "refunded" as const, seatsKept: 2 },
    ];
    const { months, problem } = impactProblem({ orders, places, titles: new Map([["a", "A"]]) });
    expect(Object.fromEntries([...months].map(([m, c]) => [m, [c.bought, c.allocated, c.completed, c.credentials]]))).toEqual({
      "2025-12": [2, 0, 0, 0],
      "2026-01": [0, 1, 0, 0],
      "2026-02": [2, 2, 0, 0],
      "2026-03": [0, 0, 1, 0],
      "2026-04": [0, 0, 0, 1],
    });
    // The refunded order's page shows its 2 seats, all in use: a constant, not something the report hides.
    expect(problem.cells.find((c) => c.id === "o|o2|used")).toEqual({ id: "o|o2|used", value: 2, kind: "public" });
    expect(problem.cells.find((c) => c.id === "o|o1|used")).toEqual({ id: "o|o1|used", value: 1, kind: "external" });
  });
});
