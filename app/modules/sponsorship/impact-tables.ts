// The impact report's numbers, from the sponsor's paid orders and their seats, with k-anonymity applied
// (suppression.ts: the rules). Pure: impact-report.server.ts reads the data; the page and the CSV render
// what this returns, so both show the same cells hidden. Nothing here names or identifies a learner:
// the input has no learner, and the output has counts only, already suppressed.
import { K, protect, type HiddenReason, type Line, type ProblemCell, type Relation } from "./suppression.ts";

export type ReportOrder = {
  id: string;
  courseId: string;
  status: "paid" | "refunded";
  /** When it was paid (its seats count as bought that month). */
  paidAt: Date;
  /** Seats kept by a refund: the refund found no unused seat left, so every seat of the order is in use. */
  seatsKept: number;
};

export type ReportPlace = {
  orderId: string;
  enrolment: null | {
    status: "active" | "paused" | "completed" | "withdrawn";
    createdAt: Date;
    completedAt: Date | null;
    creditsAwarded: number | null;
    creditUnit: string | null;
    /** When its credential was issued (revoked ones count: they were issued), or null. */
    credentialIssuedAt: Date | null;
  };
};

/** A count of learners as shown: a number of at least K, "small" (fewer than K) or "hidden" (protects another). */
export type Shown = number | "small" | "hidden";
/** Credits earned in a row, per unit, or hidden (fewer than K learners behind them, or their completions hidden). */
export type CreditsShown = "hidden" | Array<{ unit: string; amount: number }>;

export type ImpactRow = {
  bought: number;
  allocated: Shown;
  active: Shown;
  completed: Shown;
  credentials: Shown;
  credits: CreditsShown;
};
export type CourseImpactRow = ImpactRow & { courseId: string; title: string };
export type MonthImpactRow = { month: string; bought: number; allocated: Shown; completed: Shown; credentials: Shown };
export type ImpactTables = {
  byCourse: CourseImpactRow[];
  byMonth: MonthImpactRow[];
  /** The total row of both tables, and the headline. */
  total: ImpactRow;
  /** Counts that the order pages give away by themselves (not this report's doing; see suppression.ts). */
  exposedElsewhere: number;
};

export const COURSE_METRICS = ["allocated", "active", "completed", "credentials"] as const;
export const MONTH_METRICS = ["allocated", "completed", "credentials"] as const;
type Metric = (typeof COURSE_METRICS)[number];

/** YYYY-MM of an instant, in UTC (the report's months are UTC months). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

type Counts = { bought: number; allocated: number; active: number; completed: number; credentials: number };
const zero = (): Counts => ({ bought: 0, allocated: 0, active: 0, completed: 0, credentials: 0 });
type Credits = { learners: number; byUnit: Map<string, { learners: number; amount: number }> };

export type ImpactInput = {
  orders: readonly ReportOrder[];
  places: readonly ReportPlace[];
  /** Course id → its title. */
  titles: ReadonlyMap<string, string>;
};

/** The report from the orders, their places and the course titles. */
export function buildImpactTables(input: ImpactInput): ImpactTables {
  const { problem, courses, months, courseIds, monthKeys, total, credits, totalCredits, ids } = impactProblem(input);
  const { cid, mid, tid } = ids;
  const value = new Map(problem.cells.map((c) => [c.id, c.value]));
  const { hidden, exposedElsewhere } = protect(problem);
  const shown = (id: string): Shown => {
    const reason: HiddenReason | undefined = hidden.get(id);
    return reason === "primary" ? "small" : reason === "complementary" ? "hidden" : value.get(id)!;
  };
  const courseCredits = new Map<string, CreditsShown>(
    courseIds.map((id) => [id, creditsShown(credits.get(id), courses.get(id)!.completed, hidden.has(cid(id, "completed")))]),
  );
  const anyCourseHidden = [...courseCredits.values()].some((c) => c === "hidden");
  const row = (counts: Counts, id: (m: Metric) => string, creditCell: CreditsShown): ImpactRow => ({
    bought: counts.bought,
    allocated: shown(id("allocated")),
    active: shown(id("active")),
    completed: shown(id("completed")),
    credentials: shown(id("credentials")),
    credits: creditCell,
  });
  return {
    byCourse: courseIds.map((id) => ({
      courseId: id,
      title: input.titles.get(id) ?? "—",
      ...row(courses.get(id)!, (m) => cid(id, m), courseCredits.get(id)!),
    })),
    byMonth: monthKeys.map((month) => ({
      month,
      bought: months.get(month)!.bought,
      allocated: shown(mid(month, "allocated")),
      completed: shown(mid(month, "completed")),
      credentials: shown(mid(month, "credentials")),
    })),
    total: row(
      total,
      tid,
      anyCourseHidden ? "hidden" : creditsShown(totalCredits, total.completed, hidden.has(tid("completed"))),
    ),
    exposedElsewhere: exposedElsewhere.length,
  };
}

/**
 * The suppression problem of a report (suppression.ts): its cells, lines and the relations that hold,
 * with the counts behind them. Exported for the tests, which attack exactly what `protect` was given.
 */
export function impactProblem(input: ImpactInput) {
  const orderOf = new Map(input.orders.map((o) => [o.id, o]));
  const courses = new Map<string, Counts>();
  const months = new Map<string, Counts>();
  const orderUse = new Map<string, { seats: number; used: number }>();
  const credits = new Map<string, Credits>();
  const total = zero();
  const totalCredits: Credits = { learners: 0, byUnit: new Map() };
  const at = <K2>(map: Map<K2, Counts>, key: K2) => map.get(key) ?? (map.set(key, zero()), map.get(key)!);

  for (const order of input.orders) orderUse.set(order.id, { seats: 0, used: 0 });
  for (const place of input.places) {
    const order = orderOf.get(place.orderId);
    if (!order) continue;
    const course = at(courses, order.courseId);
    const use = orderUse.get(order.id)!;
    course.bought++;
    total.bought++;
    use.seats++;
    at(months, monthOf(order.paidAt)).bought++;
    const e = place.enrolment;
    if (!e) continue;
    use.used++;
    course.allocated++;
    total.allocated++;
    at(months, monthOf(e.createdAt)).allocated++;
    if (e.status === "active" || e.status === "paused") {
      course.active++;
      total.active++;
    }
    if (e.status === "completed" && e.completedAt) {
      course.completed++;
      total.completed++;
      at(months, monthOf(e.completedAt)).completed++;
      if (e.creditsAwarded !== null && e.creditUnit) {
        for (const c of [credits.get(order.courseId) ?? newCredits(credits, order.courseId), totalCredits]) {
          c.learners++;
          const unit = c.byUnit.get(e.creditUnit) ?? { learners: 0, amount: 0 };
          unit.learners++;
          unit.amount += e.creditsAwarded;
          c.byUnit.set(e.creditUnit, unit);
        }
      }
    }
    if (e.credentialIssuedAt) {
      course.credentials++;
      total.credentials++;
      at(months, monthOf(e.credentialIssuedAt)).credentials++;
    }
  }

  const courseIds = [...courses.keys()].sort((a, b) => {
    const ta = input.titles.get(a) ?? "";
    const tb = input.titles.get(b) ?? "";
    return ta.localeCompare(tb) || (a < b ? -1 : 1);
  });
  const monthKeys = [...months.keys()].sort();

  // ---- the problem: cells, lines, relations (suppression.ts, rules 2-4)
  const cells: ProblemCell[] = [];
  const count = (id: string, value: number) => cells.push({ id, value, kind: "count" });
  const known = (id: string, value: number) => cells.push({ id, value, kind: "public" });
  const cid = (courseId: string, m: string) => `c|${courseId}|${m}`;
  const mid = (month: string, m: string) => `m|${month}|${m}`;
  const tid = (m: string) => `t|${m}`;

  known(tid("bought"), total.bought);
  for (const m of COURSE_METRICS) count(tid(m), total[m]);
  for (const id of courseIds) {
    const c = courses.get(id)!;
    known(cid(id, "bought"), c.bought);
    for (const m of COURSE_METRICS) count(cid(id, m), c[m]);
  }
  for (const month of monthKeys) {
    const c = months.get(month)!;
    known(mid(month, "bought"), c.bought);
    for (const m of MONTH_METRICS) count(mid(month, m), c[m]);
  }
  // The order pages: each order's seats, and its seats in use (shown there as 0 or ≥ K, else hidden).
  for (const order of input.orders) {
    const use = orderUse.get(order.id)!;
    known(`o|${order.id}|seats`, use.seats);
    // A full refund, or seats kept by one, leaves no unused seat: the order's seats are its seats in use.
    const givenAway = order.status === "refunded" || order.seatsKept > 0;
    cells.push({
      id: `o|${order.id}|used`,
      value: use.used,
      kind: use.used === 0 || use.used >= K || givenAway ? "public" : "external",
    });
  }

  const lines: Line[] = [
    ...COURSE_METRICS.map((m) => ({ cells: courseIds.map((id) => cid(id, m)), total: tid(m) })),
    ...MONTH_METRICS.map((m) => ({ cells: monthKeys.map((month) => mid(month, m)), total: tid(m) })),
  ];
  const relations: Relation[] = lines.map((line) => ({
    terms: [...line.cells.map((id) => [id, 1] as const), [line.total, -1] as const],
    op: "=" as const,
  }));
  // In a row: active + completed ≤ allocated ≤ bought, credentials ≤ completed.
  for (const of of [...courseIds.map((id) => (m: string) => cid(id, m)), tid]) {
    relations.push(
      {
        terms: [
          [of("active"), 1],
          [of("completed"), 1],
          [of("allocated"), -1],
        ],
        op: "<=",
      },
      {
        terms: [
          [of("allocated"), 1],
          [of("bought"), -1],
        ],
        op: "<=",
      },
      {
        terms: [
          [of("credentials"), 1],
          [of("completed"), -1],
        ],
        op: "<=",
      },
    );
  }
  // Over months, events come in order: seat bought, then allocated, then completed, then the credential.
  for (let i = 0; i < monthKeys.length; i++) {
    const upTo = monthKeys.slice(0, i + 1);
    const pair = (a: string, b: string): Relation => ({
      terms: upTo.flatMap((month) => [[mid(month, a), 1] as const, [mid(month, b), -1] as const]),
      op: "<=",
    });
    relations.push(pair("allocated", "bought"), pair("completed", "allocated"), pair("credentials", "completed"));
  }
  // A course's allocated seats are the seats in use of its orders; an order's seats in use ≤ its seats.
  for (const id of courseIds) {
    const own = input.orders.filter((o) => o.courseId === id);
    relations.push({ terms: [...own.map((o) => [`o|${o.id}|used`, 1] as const), [cid(id, "allocated"), -1] as const], op: "=" });
    for (const o of own)
      relations.push({
        terms: [
          [`o|${o.id}|used`, 1],
          [`o|${o.id}|seats`, -1],
        ],
        op: "<=",
      });
  }
  const value = new Map(cells.map((c) => [c.id, c.value]));
  // Only what holds is something an attacker can use (events out of order would make a relation false).
  const holding = relations.filter((r) => {
    const lhs = r.terms.reduce((s, [id, coef]) => s + coef * value.get(id)!, 0);
    return r.op === "=" ? lhs === 0 : lhs <= 0;
  });

  const cellIds = { cid, mid, tid };
  return {
    problem: { cells, lines, relations: holding },
    courses,
    months,
    courseIds,
    monthKeys,
    total,
    credits,
    totalCredits,
    ids: cellIds,
  };
}

function newCredits(map: Map<string, Credits>, key: string): Credits {
  const c: Credits = { learners: 0, byUnit: new Map() };
  map.set(key, c);
  return c;
}

/**
 * Rule 5 of suppression.ts: a row's credits are shown only with its completed cell, when each unit's
 * credits come from at least K learners and the completions without credits are none or at least K
 * (else the split would count a small group). A unit total is shown only when no course's is hidden.
 */
function creditsShown(credits: Credits | undefined, completed: number, completedHidden: boolean): CreditsShown {
  if (completedHidden) return "hidden";
  const units = [...(credits?.byUnit ?? new Map<string, { learners: number; amount: number }>())].sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  const without = completed - (credits?.learners ?? 0);
  if (units.some(([, u]) => u.learners < K) || (without > 0 && without < K)) return "hidden";
  return units.map(([unit, u]) => ({ unit, amount: Math.round(u.amount * 10) / 10 }));
}
