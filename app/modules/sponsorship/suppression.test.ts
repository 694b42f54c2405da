// k-anonymity of the impact report (suppression.ts): the rules one by one, adversarial cases that the
// classic "hide 1-10" rule gets wrong, the simplex behind the audit, and a randomised attack: for random
// reports, an exact integer attacker (tests/impact-attacker.ts, written apart from the simplex) works out
// no hidden count, while the same attacker breaks primary-only suppression of the same reports.
import { describe, expect, test } from "vitest";
import { IntegerAttacker, type IntConstraint } from "#tests/impact-attacker.ts";
import { impactProblem, type ImpactInput, type ReportPlace } from "./impact-tables.ts";
import {
  applyLineRule,
  K,
  protect,
  Simplex,
  type HiddenReason,
  type Problem,
  type ProblemCell,
  type Relation,
} from "./suppression.ts";

const count = (id: string, value: number): ProblemCell => ({ id, value, kind: "count" });
const known = (id: string, value: number): ProblemCell => ({ id, value, kind: "public" });
const external = (id: string, value: number): ProblemCell => ({ id, value, kind: "external" });
/** A line and its equality: Σ cells = total. */
function line(cells: string[], total: string) {
  return {
    line: { cells, total },
    relation: { terms: [...cells.map((c) => [c, 1] as const), [total, -1] as const], op: "=" as const },
  };
}
function problemOf(cells: ProblemCell[], lines: Array<ReturnType<typeof line>>, relations: Relation[] = []): Problem {
  return { cells, lines: lines.map((l) => l.line), relations: [...lines.map((l) => l.relation), ...relations] };
}

/**
 * What the exact attacker works out from a protected problem: the sensitive cells (hidden counts below K,
 * external counts) that take one value in every integer solution. Hidden counts read "<11" (0..10) or
 * "hidden" (11..cap), external ones 1..10; shown and public cells are constants.
 */
function attack(problem: Problem, hidden: Map<string, HiddenReason>, cap = 1000) {
  const vars: string[] = [];
  const domains: Array<[number, number]> = [];
  const truth: number[] = [];
  for (const c of problem.cells) {
    const domain: [number, number] | null =
      c.kind === "external" ? [1, K - 1] : c.kind === "count" && hidden.has(c.id) ? (c.value < K ? [0, K - 1] : [K, cap]) : null;
    if (!domain) continue;
    vars.push(c.id);
    domains.push(domain);
    truth.push(c.value);
  }
  const index = new Map(vars.map((v, i) => [v, i]));
  const value = new Map(problem.cells.map((c) => [c.id, c.value]));
  const constraints: IntConstraint[] = problem.relations.map((r) => {
    let rhs = r.rhs ?? 0;
    const terms: Array<readonly [number, number]> = [];
    for (const [id, a] of r.terms) {
      const at = index.get(id);
      if (at === undefined) rhs -= a * value.get(id)!;
      else terms.push([at, a]);
    }
    return { terms, op: r.op, rhs };
  });
  const sensitive = vars.map((v, i) => i).filter((i) => truth[i]! < K);
  const found = new IntegerAttacker(domains, constraints).recovered(truth, sensitive);
  return new Map([...found].map(([i, v]) => [vars[i]!, v]));
}

const primaryOnly = (problem: Problem) =>
  new Map<string, HiddenReason>(problem.cells.filter((c) => c.kind === "count" && c.value < K).map((c) => [c.id, "primary"]));

describe("primary suppression", () => {
  test("every count from 0 to 10 is hidden, zero included; 11 and more are shown; public cells never hide", () => {
    const cells = [0, 1, 5, 10, 11, 12, 200].map((v) => count(`c${v}`, v));
    const { hidden } = protect({ cells: [...cells, known("bought", 3)], lines: [], relations: [] });
    expect([...hidden].sort()).toEqual(
      [
        ["c0", "primary"],
        ["c1", "primary"],
        ["c10", "primary"],
        ["c5", "primary"],
      ].sort(),
    );
    expect(hidden.has("bought")).toBe(false);
  });
});

describe("the line rule (complementary suppression)", () => {
  test("one hidden cell under a shown total: the smallest shown cell is hidden too, so total − visible is no single cell", () => {
    const p = problemOf([count("a", 3), count("b", 25), count("c", 14), count("t", 42)], [line(["a", "b", "c"], "t")]);
    // Primary only, the attacker reads a = 42 − 25 − 14 = 3.
    expect(attack(p, primaryOnly(p))).toEqual(new Map([["a", 3]]));
    const { hidden } = protect(p);
    expect(hidden.get("a")).toBe("primary");
    expect(hidden.get("c")).toBe("complementary"); // 14 is smaller than 25
    expect(hidden.has("b")).toBe(false);
    expect(hidden.has("t")).toBe(false);
    expect(attack(p, hidden)).toEqual(new Map());
  });

  test("two hidden cells adding up to less than K: a third is hidden (their sum is itself a small group)", () => {
    const p = problemOf(
      [count("a", 2), count("b", 3), count("c", 30), count("d", 12), count("t", 47)],
      [line(["a", "b", "c", "d"], "t")],
    );
    const { hidden } = protect(p);
    expect(hidden.get("d")).toBe("complementary");
    expect(hidden.has("c")).toBe(false);
    const inLine = ["a", "b", "c", "d"].filter((id) => hidden.has(id));
    expect(inLine.length).toBeGreaterThanOrEqual(2);
    expect(inLine.reduce((s, id) => s + p.cells.find((c) => c.id === id)!.value, 0)).toBeGreaterThanOrEqual(K);
  });

  test("ties are broken by id, so the same data always hides the same cells", () => {
    const p = problemOf([count("a", 1), count("y", 20), count("x", 20), count("t", 41)], [line(["a", "y", "x"], "t")]);
    expect(protect(p).hidden.get("x")).toBe("complementary");
    expect(protect(p).hidden.has("y")).toBe(false);
  });

  test("a line with no shown cell left hides its total", () => {
    const cells = new Map([count("only", 30), count("t", 30)].map((c) => [c.id, c]));
    const hidden = new Map<string, HiddenReason>([["only", "complementary"]]);
    applyLineRule({ cells: [...cells.values()], lines: [{ cells: ["only"], total: "t" }], relations: [] }, cells, hidden);
    expect(hidden.get("t")).toBe("complementary");
  });

  test("a hidden total leaves its lines alone (nothing to subtract from)", () => {
    const cells = new Map([count("a", 3), count("b", 30), count("t", 33)].map((c) => [c.id, c]));
    const hidden = new Map<string, HiddenReason>([
      ["a", "primary"],
      ["t", "complementary"],
    ]);
    applyLineRule({ cells: [...cells.values()], lines: [{ cells: ["a", "b"], total: "t" }], relations: [] }, cells, hidden);
    expect(hidden.has("b")).toBe(false);
  });
});

describe("adversarial cases beyond the line rule", () => {
  test("two hidden tens under a shown total: the attacker knows each is at most 10, so both are 10", () => {
    const p = problemOf([count("a", 10), count("b", 10), count("c", 40), count("t", 60)], [line(["a", "b", "c"], "t")]);
    // The line rule is satisfied (two cells, 20 ≥ 11) and still gives both away.
    expect(attack(p, primaryOnly(p))).toEqual(
      new Map([
        ["a", 10],
        ["b", 10],
      ]),
    );
    const { hidden } = protect(p);
    expect(hidden.get("c")).toBe("complementary");
    expect(attack(p, hidden)).toEqual(new Map());
  });

  test("a zero next to equal shown numbers in a row: active = allocated makes completed exactly 0", () => {
    // Row: active + completed ≤ allocated. Shown 15 and 15 leave no room: completed = 0, withdrawn = 0.
    const p = problemOf(
      [count("allocated", 15), count("active", 15), count("completed", 0)],
      [],
      [
        {
          terms: [
            ["active", 1],
            ["completed", 1],
            ["allocated", -1],
          ],
          op: "<=",
        },
      ],
    );
    expect(attack(p, primaryOnly(p))).toEqual(new Map([["completed", 0]]));
    const { hidden } = protect(p);
    expect(hidden.size).toBeGreaterThan(1);
    expect(attack(p, hidden)).toEqual(new Map());
  });

  test("seats bought cap allocations: one seat bought and '<11' allocated would be exactly 1 if zeros were shown", () => {
    // Zero is hidden too, so "<11" with one seat bought still means 0 or 1.
    const p = problemOf(
      [known("bought", 1), count("allocated", 1)],
      [],
      [
        {
          terms: [
            ["allocated", 1],
            ["bought", -1],
          ],
          op: "<=",
        },
      ],
    );
    const { hidden } = protect(p);
    expect(hidden.get("allocated")).toBe("primary");
    expect(attack(p, hidden)).toEqual(new Map());
  });

  test("the two tables share their totals: the by-month table cannot give back a cell the by-course table hides", () => {
    // By course: 3 (hidden) + 25 + 14 = 42; by month: 20 + 22 = 42, all shown.
    const p = problemOf(
      [count("c1", 3), count("c2", 25), count("c3", 14), count("m1", 20), count("m2", 22), count("t", 42)],
      [line(["c1", "c2", "c3"], "t"), line(["m1", "m2"], "t")],
    );
    const { hidden } = protect(p);
    expect(hidden.has("t")).toBe(false);
    expect(attack(p, hidden)).toEqual(new Map());
    // Hiding the total instead would not help: 42 = 20 + 22 from the month table.
    const totalOnly = new Map<string, HiddenReason>([
      ["c1", "primary"],
      ["t", "complementary"],
    ]);
    expect(attack(p, totalOnly)).toEqual(new Map([["c1", 3]]));
  });

  test("a course total minus its orders' seats in use (shown on the order pages) gives the order hidden there", () => {
    // Order pages: order 1 shows 15 in use, order 2 "<11" (3). The course's allocated 18 would give 3.
    const cells = [count("allocated", 18), known("used1", 15), external("used2", 3), known("seats2", 5)];
    const p = problemOf(
      cells,
      [],
      [
        {
          terms: [
            ["used1", 1],
            ["used2", 1],
            ["allocated", -1],
          ],
          op: "=",
        },
        {
          terms: [
            ["used2", 1],
            ["seats2", -1],
          ],
          op: "<=",
        },
      ],
    );
    expect(attack(p, new Map())).toEqual(new Map([["used2", 3]]));
    const { hidden, exposedElsewhere } = protect(p);
    expect(hidden.get("allocated")).toBe("complementary");
    expect(exposedElsewhere).toEqual([]);
    expect(attack(p, hidden)).toEqual(new Map());
  });

  test("a count the order pages give away by themselves is reported as exposed elsewhere, and the loop ends", () => {
    // A one-seat order whose page reads "<11" in use (that page shows 0) is exactly 1 in use.
    const cells = [count("allocated", 1), external("used", 1), known("seats", 1)];
    const p = problemOf(
      cells,
      [],
      [
        {
          terms: [
            ["used", 1],
            ["allocated", -1],
          ],
          op: "=",
        },
        {
          terms: [
            ["used", 1],
            ["seats", -1],
          ],
          op: "<=",
        },
      ],
    );
    const { hidden, exposedElsewhere } = protect(p);
    expect(exposedElsewhere.sort()).toEqual(["allocated", "used"]);
    expect(hidden.get("allocated")).toBe("primary");
  });

  test("data that breaks a relation the report assumes: no learner count is shown at all", () => {
    const p = problemOf(
      [count("a", 20), count("b", 30)],
      [],
      [
        {
          terms: [
            ["b", 1],
            ["a", -1],
          ],
          op: "<=",
        },
      ],
    );
    const { hidden } = protect(p);
    expect(hidden.get("a")).toBe("complementary");
    expect(hidden.get("b")).toBe("complementary");
  });
});

describe("the simplex behind the audit", () => {
  test("ranges of a small programme, an infeasible one and an unbounded one", () => {
    // x + y = 10, x ≤ 3, 0 ≤ x, y: y ∈ [7, 10].
    const lp = new Simplex(
      2,
      [
        {
          coefs: new Map([
            [0, 1],
            [1, 1],
          ]),
          op: "=",
          rhs: 10,
        },
        { coefs: new Map([[0, 1]]), op: "<=", rhs: 3 },
      ],
      [0, 0],
      [Infinity, Infinity],
    );
    expect(lp.feasible).toBe(true);
    expect(lp.reaches(1, 7, "min")).toBe(true);
    expect(lp.reaches(1, 6.5, "min")).toBe(false);
    expect(lp.reaches(1, 10, "max")).toBe(true);
    expect(lp.reaches(1, 10.5, "max")).toBe(false);
    // Queries leave the programme as it was.
    expect(lp.reaches(1, 7, "min")).toBe(true);

    const none = new Simplex(1, [{ coefs: new Map([[0, 1]]), op: "=", rhs: 12 }], [0], [10]);
    expect(none.feasible).toBe(false);

    const open = new Simplex(
      2,
      [
        {
          coefs: new Map([
            [0, 1],
            [1, -1],
          ]),
          op: "=",
          rhs: 0,
        },
      ],
      [11, 11],
      [Infinity, Infinity],
    );
    expect(open.reaches(0, 1e6, "max")).toBe(true);
    expect(open.reaches(0, 10, "min")).toBe(false);
  });

  test("equalities with negative right-hand sides and lower bounds above zero", () => {
    // x − y = −4 with x ∈ [1, 10], y ∈ [11, 20]: x ∈ [7, 10].
    const lp = new Simplex(
      2,
      [
        {
          coefs: new Map([
            [0, 1],
            [1, -1],
          ]),
          op: "=",
          rhs: -4,
        },
      ],
      [1, 11],
      [10, 20],
    );
    expect(lp.reaches(0, 7, "min")).toBe(true);
    expect(lp.reaches(0, 6, "min")).toBe(false);
    expect(lp.reaches(0, 10, "max")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// Random reports: the exact attacker against protect(), and against primary-only suppression.

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomReport(seed: number): ImpactInput {
  const r = random(seed);
  const day = 86_400_000;
  const start = Date.UTC(2026, 0, 1);
  const months = 2 + Math.floor(r() * 3);
  const courses = 1 + Math.floor(r() * 3);
  const orders: ImpactInput["orders"][number][] = [];
  const places: ReportPlace[] = [];
  for (let c = 0; c < courses; c++) {
    const n = 1 + Math.floor(r() * 2);
    for (let o = 0; o < n; o++) {
      const paid = start + Math.floor(r() * months * 28) * day;
      const id = `o${c}${o}`;
      const refunded = r() < 0.1;
      orders.push({ id, courseId: `c${c}`, status: refunded ? "refunded" : "paid", paidAt: new Date(paid), seatsKept: 0 });
      const seats = 1 + Math.floor(r() * (r() < 0.5 ? 8 : 30));
      for (let i = 0; i < seats; i++) {
        if (!refunded && r() < 0.25) {
          places.push({ orderId: id, enrolment: null });
          continue;
        }
        const created = paid + Math.floor(r() * 40) * day;
        const x = r();
        const status = x < 0.35 ? "active" : x < 0.45 ? "paused" : x < 0.85 ? "completed" : "withdrawn";
        const completedAt = status === "completed" ? new Date(created + Math.floor(r() * 40) * day) : null;
        places.push({
          orderId: id,
          enrolment: {
            status,
            createdAt: new Date(created),
            completedAt,
            creditsAwarded: completedAt ? 5 : null,
            creditUnit: completedAt ? "ECTS" : null,
            credentialIssuedAt: completedAt && r() < 0.85 ? new Date(completedAt.getTime() + Math.floor(r() * 20) * day) : null,
          },
        });
      }
    }
  }
  return { orders, places, titles: new Map(Array.from({ length: courses }, (_, i) => [`c${i}`, `Course ${i}`])) };
}

describe("random reports against an exact attacker", () => {
  const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i * 7919);

  test("protect() leaves nothing recoverable but what the order pages give away; primary-only suppression leaks", () => {
    let naiveLeaks = 0;
    for (const seed of SEEDS) {
      const { problem, total } = impactProblem(randomReport(seed));
      const { hidden, exposedElsewhere } = protect(problem);
      const found = attack(problem, hidden, total.bought);
      const exempt = new Set(exposedElsewhere);
      expect({ seed, recovered: [...found.keys()].filter((id) => !exempt.has(id)) }).toEqual({ seed, recovered: [] });
      // Every count below K is hidden, and hidden cells are report counts only.
      for (const c of problem.cells) {
        if (c.kind === "count" && c.value < K) expect(hidden.get(c.id)).toBe("primary");
        if (c.kind !== "count") expect(hidden.has(c.id)).toBe(false);
      }
      const naive = attack(problem, primaryOnly(problem), total.bought);
      if ([...naive.keys()].some((id) => !exempt.has(id))) naiveLeaks++;
    }
    // The attacker is real: the classic rule alone gives counts away in most of these reports.
    expect(naiveLeaks).toBeGreaterThan(SEEDS.length / 2);
  });

  test("the line rule holds in every line of every protected report", () => {
    for (const seed of SEEDS.slice(0, 20)) {
      const { problem } = impactProblem(randomReport(seed));
      const { hidden } = protect(problem);
      const value = new Map(problem.cells.map((c) => [c.id, c.value]));
      for (const l of problem.lines) {
        if (hidden.has(l.total)) continue;
        const inLine = l.cells.filter((id) => hidden.has(id));
        if (inLine.length === 0) continue;
        expect(inLine.length).toBeGreaterThanOrEqual(2);
        expect(inLine.reduce((s, id) => s + value.get(id)!, 0)).toBeGreaterThanOrEqual(K);
      }
    }
  });

  test("a large sponsor's report is protected in well under a second", () => {
    const r = random(99);
    const day = 86_400_000;
    const orders: ImpactInput["orders"][number][] = [];
    const places: ReportPlace[] = [];
    for (let c = 0; c < 10; c++) {
      for (let o = 0; o < 6; o++) {
        const paid = Date.UTC(2025, 0, 1) + Math.floor(r() * 36 * 30) * day;
        const id = `o${c}-${o}`;
        orders.push({ id, courseId: `c${c}`, status: "paid", paidAt: new Date(paid), seatsKept: 0 });
        for (let i = 0; i < 1 + Math.floor(r() * 25); i++) {
          const created = paid + Math.floor(r() * 60) * day;
          const done = r() < 0.4;
          places.push({
            orderId: id,
            enrolment:
              r() < 0.3
                ? null
                : {
                    status: done ? "completed" : "active",
                    createdAt: new Date(created),
                    completedAt: done ? new Date(created + 30 * day) : null,
                    creditsAwarded: done ? 5 : null,
                    creditUnit: done ? "ECTS" : null,
                    credentialIssuedAt: done ? new Date(created + 31 * day) : null,
                  },
          });
        }
      }
    }
    const { problem } = impactProblem({ orders, places, titles: new Map() });
    const started = performance.now();
    protect(problem);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
