// k-anonymity for what sponsors read about the learners of their seats (issue 10 item 6, the impact
// report). Pure: no database, no I/O; impact-report.server.ts builds the problem from the data.
//
// THE RULES
//
// 1. Who is protected. A cell that counts learners (seats allocated, active, completed, credentials,
//    and credits earned, which counts the learners who earned them) is shown only when it counts at
//    least K = 11 learners. Every count from 0 to 10 is hidden ("primary" suppression) - zero included:
//    a shown 0 makes every "<11" mean "1 to 10", and next to a small number the sponsor knows anyway
//    (1 seat bought, "allocated 15 / active 14") that turns "<11" into an exact 1. A 0 about a small
//    group is itself a disclosure ("none of the 3 learners of course X completed"). So a learner count
//    reads either as a number of at least 11 or as "<11".
// 2. Public cells. Seats bought are not learners: the sponsor knows them from its own orders. They are
//    always shown, and an attacker uses them (allocated ≤ bought). The report never shows "seats not yet
//    allocated" (allocated = bought − unallocated would undo every hidden allocated cell).
// 3. Lines (complementary suppression, the classic rule). A line is a column of a table with its total
//    (the by-course and the by-month tables share the same total row, which is also the headline). When
//    the total is shown and some cells of the line are hidden, at least two must be hidden and the hidden
//    ones must add up to at least K: then "total − visible cells" is an aggregate of at least K learners
//    spread over at least two unknown cells. Otherwise the smallest shown cell of the line is hidden too
//    (marked "hidden", not "<11", since it holds 11 or more), and when no cell is left, the total.
// 4. No exact recovery, from anything shown together. Beyond lines, an attacker combines every relation
//    that holds between the numbers on the page, the CSV and the sponsor's order pages:
//      - the two tables are two partitions of the same totals (by course and by month);
//      - in a row: active + completed ≤ allocated ≤ bought, credentials ≤ completed;
//      - over months (events happen in order): allocated up to a month ≤ seats bought up to it,
//        completed up to a month ≤ allocated up to it, credentials up to a month ≤ completed up to it;
//      - an order page shows its seats and how many are in use (that page hides 1–10 but shows 0), and a
//        course's allocated seats are the sum of its orders' seats in use; an order refunded in full
//        (or with seats kept) has no unused seat left, so its seats in use are its seats.
//    The attacker is given MORE than the page says: for every hidden cell it knows whether it is a
//    primary one (0..10) or a complementary one (≥ 11). For each hidden learner count below K, and each
//    count an order page hides, the audit works out the smallest and largest value that all these
//    relations allow (a linear programme, solved below by the simplex method). If both are within one of
//    the true value, the cell is recoverable: a further shown cell, the nearest to it through the
//    relations and the smallest of those, is hidden, until no hidden count is recoverable. Hiding more
//    only widens what the attacker must consider, so cells found safe stay safe.
//    A count that is recoverable from the order pages and bought seats alone, before this report shows
//    anything, is not the report's to fix: it is listed as `exposedElsewhere` (the order pages' problem).
// 5. Credits earned follow the completed cell of their row: a course's credits are its completions times
//    the credits of its revision, which the catalogue publishes, so they are hidden whenever the row's
//    completed cell is hidden or fewer than K learners earned them, and a unit's total is hidden when any
//    course of that unit has its credits hidden (else "total − visible" gives that course's credits).
//    Hidden credit cells tell nothing more than the hidden completed cells they follow.
//
// LIMITS (said plainly): the audit is the real-valued relaxation: a count whose range is at least 1 wide
// over the reals is taken as unrecoverable (the relations here are sums and chains with coefficients
// ±1, where the two agree in practice; the attack test checks integers exactly on its fixture). It does
// not model an attacker who also knows the order in which this algorithm picks complementary cells, nor
// homogeneity ("all 12 learners of course X are active" is shown, since the group has at least K).

/** The smallest group of learners a sponsor may see counted. */
export const K = 11;

export type CellKind =
  /** A count of learners in this report: hidden when below K, or to protect another. */
  | "count"
  /** Known to the reader anyway (seats bought, a count an order page shows): never hidden here. */
  | "public"
  /** A count another page hides (an order's seats in use, 1..10): the report can neither show nor hide it. */
  | "external";

export type ProblemCell = { id: string; value: number; kind: CellKind };
/** Σ coefficient × cell, compared with `rhs` (public cells are constants in it). */
export type Relation = { terms: ReadonlyArray<readonly [string, number]>; op: "=" | "<="; rhs?: number };
/** A column of a table and its total: Σ cells = total. */
export type Line = { cells: readonly string[]; total: string };
export type Problem = { cells: readonly ProblemCell[]; lines: readonly Line[]; relations: readonly Relation[] };

export type HiddenReason = "primary" | "complementary";
export type Protection = {
  /** Every hidden report cell and why. Cells not in it are shown. */
  hidden: Map<string, HiddenReason>;
  /** Counts (external or the report's) that order pages and seats bought give away alone. */
  exposedElsewhere: string[];
};

/** What an attacker knows of a hidden cell of each kind. */
const EXTERNAL_DOMAIN: readonly [number, number] = [1, K - 1];
const PRIMARY_DOMAIN: readonly [number, number] = [0, K - 1];
const COMPLEMENTARY_DOMAIN: readonly [number, number] = [K, Number.POSITIVE_INFINITY];

/** The cells to hide so that no count of fewer than K learners can be seen or worked out (rules above). */
export function protect(problem: Problem): Protection {
  const cells = indexCells(problem.cells);
  const hidden = new Map<string, HiddenReason>();
  for (const cell of problem.cells) if (cell.kind === "count" && cell.value < K) hidden.set(cell.id, "primary");

  applyLineRule(problem, cells, hidden);

  const audit = new Audit(problem, cells);
  if (!audit.consistent()) {
    // The data breaks a relation the report assumes (it never should): show no learner count at all.
    for (const cell of problem.cells) if (cell.kind === "count" && !hidden.has(cell.id)) hidden.set(cell.id, "complementary");
    return { hidden, exposedElsewhere: [] };
  }
  // Counts that the public cells and the order pages give away, with every report count hidden.
  const everything = new Map(hidden);
  for (const cell of problem.cells)
    if (cell.kind === "count" && !everything.has(cell.id)) everything.set(cell.id, "complementary");
  const exposedElsewhere = audit.recoverable(audit.sensitive(everything), everything);
  const exempt = new Set(exposedElsewhere);

  let pending = audit.recoverable(
    audit.sensitive(hidden).filter((id) => !exempt.has(id)),
    hidden,
  );
  while (pending.length > 0) {
    const target = pending[0]!;
    const next = audit.nearestShown(target, hidden);
    if (!next) {
      // Nothing shown is related to it any more: only what the report cannot change gives it away.
      exempt.add(target);
      exposedElsewhere.push(target);
    } else {
      hidden.set(next, "complementary");
      // A newly hidden count may break a line's rule: lines first, then the remaining recoverable cells.
      applyLineRule(problem, cells, hidden);
    }
    pending = audit.recoverable(
      pending.filter((id) => !exempt.has(id)),
      hidden,
    );
  }
  return { hidden, exposedElsewhere };
}

function indexCells(list: readonly ProblemCell[]): Map<string, ProblemCell> {
  const cells = new Map<string, ProblemCell>();
  for (const cell of list) {
    if (cells.has(cell.id)) throw new Error(`suppression: cell ${cell.id} is given twice`);
    if (!Number.isFinite(cell.value) || cell.value < 0) throw new Error(`suppression: cell ${cell.id} has no count`);
    cells.set(cell.id, cell);
  }
  return cells;
}

/** Rule 3, to a fixed point: each line with a shown total hides none, or ≥ 2 cells adding up to ≥ K. */
export function applyLineRule(problem: Problem, cells: Map<string, ProblemCell>, hidden: Map<string, HiddenReason>) {
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of problem.lines) {
      if (hidden.has(line.total)) continue;
      const inLine = line.cells.filter((id) => hidden.has(id));
      if (inLine.length === 0) continue;
      const sum = inLine.reduce((s, id) => s + cells.get(id)!.value, 0);
      if (inLine.length >= 2 && sum >= K) continue;
      const shown = line.cells
        .filter((id) => !hidden.has(id) && cells.get(id)?.kind === "count")
        .sort((a, b) => cells.get(a)!.value - cells.get(b)!.value || (a < b ? -1 : a > b ? 1 : 0));
      hidden.set(shown[0] ?? line.total, "complementary");
      changed = true;
    }
  }
}

/** The attacker's view of a hidden set: a linear programme over the hidden cells, and range queries on it. */
class Audit {
  private readonly byCell = new Map<string, number[]>();

  constructor(
    private readonly problem: Problem,
    private readonly cells: Map<string, ProblemCell>,
  ) {
    problem.relations.forEach((relation, index) => {
      for (const [id] of relation.terms) {
        if (!cells.has(id)) throw new Error(`suppression: a relation names an unknown cell ${id}`);
        const list = this.byCell.get(id) ?? [];
        list.push(index);
        this.byCell.set(id, list);
      }
    });
    for (const line of problem.lines)
      for (const id of [...line.cells, line.total])
        if (!cells.has(id)) throw new Error(`suppression: a line names an unknown cell ${id}`);
  }

  /** The cells whose exact value must not be worked out: hidden counts below K and external counts. */
  sensitive(hidden: Map<string, HiddenReason>): string[] {
    return this.problem.cells
      .filter((c) => (c.kind === "external" ? true : c.kind === "count" && hidden.has(c.id) && c.value < K))
      .map((c) => c.id);
  }

  /** Whether the true values satisfy every relation (else the audit cannot be trusted). */
  consistent(): boolean {
    return this.problem.relations.every((r) => {
      const lhs = r.terms.reduce((s, [id, coef]) => s + coef * this.cells.get(id)!.value, 0);
      const rhs = r.rhs ?? 0;
      return r.op === "=" ? Math.abs(lhs - rhs) < 1e-9 : lhs <= rhs + 1e-9;
    });
  }

  private domainOf(cell: ProblemCell, hidden: Map<string, HiddenReason>): readonly [number, number] | null {
    if (cell.kind === "external") return EXTERNAL_DOMAIN;
    if (cell.kind === "count" && hidden.has(cell.id)) return cell.value < K ? PRIMARY_DOMAIN : COMPLEMENTARY_DOMAIN;
    return null; // shown: a constant
  }

  /**
   * Those of `ids` whose every value allowed by the relations lies within 1 of the true value. One linear
   * programme per connected group of hidden cells (the rest of the problem does not constrain them).
   */
  recoverable(ids: readonly string[], hidden: Map<string, HiddenReason>): string[] {
    const found: string[] = [];
    const done = new Set<string>();
    for (const id of ids) {
      if (done.has(id)) continue;
      const component = this.component(id, hidden);
      const variables = [...component.cells];
      const index = new Map(variables.map((v, i) => [v, i]));
      const lo: number[] = [];
      const hi: number[] = [];
      for (const v of variables) {
        const domain = this.domainOf(this.cells.get(v)!, hidden)!;
        lo.push(domain[0]);
        hi.push(domain[1]);
      }
      const rows: LinearRow[] = [];
      for (const r of component.relations) {
        const relation = this.problem.relations[r]!;
        const coefs = new Map<number, number>();
        let rhs = relation.rhs ?? 0;
        for (const [cellId, coef] of relation.terms) {
          const at = index.get(cellId);
          if (at === undefined) rhs -= coef * this.cells.get(cellId)!.value;
          else coefs.set(at, (coefs.get(at) ?? 0) + coef);
        }
        rows.push({ coefs, op: relation.op, rhs });
      }
      const lp = new Simplex(variables.length, rows, lo, hi);
      for (const other of ids) {
        const k = index.get(other);
        if (k === undefined || done.has(other)) continue;
        done.add(other);
        const truth = this.cells.get(other)!.value;
        // Infeasible cannot happen with consistent data; counted as recoverable to stay on the safe side.
        if (!lp.feasible || (!lp.reaches(k, truth - 1, "min") && !lp.reaches(k, truth + 1, "max"))) found.push(other);
      }
    }
    return found;
  }

  /** The hidden and external cells connected to `id` through relations, and those relations. */
  private component(id: string, hidden: Map<string, HiddenReason>) {
    const cellsSeen = new Set<string>([id]);
    const relationsSeen = new Set<number>();
    const queue = [id];
    while (queue.length > 0) {
      const current = queue.pop()!;
      for (const r of this.byCell.get(current) ?? []) {
        if (relationsSeen.has(r)) continue;
        relationsSeen.add(r);
        for (const [other] of this.problem.relations[r]!.terms) {
          if (cellsSeen.has(other) || !this.domainOf(this.cells.get(other)!, hidden)) continue;
          cellsSeen.add(other);
          queue.push(other);
        }
      }
    }
    return { cells: cellsSeen, relations: [...relationsSeen].sort((a, b) => a - b) };
  }

  /** The shown count nearest to `id` through the relations (smallest value among the nearest), if any. */
  nearestShown(id: string, hidden: Map<string, HiddenReason>): string | null {
    const seen = new Set<string>([id]);
    let frontier = [id];
    while (frontier.length > 0) {
      const found: string[] = [];
      const next: string[] = [];
      for (const current of frontier) {
        for (const r of this.byCell.get(current) ?? []) {
          for (const [other] of this.problem.relations[r]!.terms) {
            if (seen.has(other)) continue;
            seen.add(other);
            const cell = this.cells.get(other)!;
            if (cell.kind === "count" && !hidden.has(other)) found.push(other);
            else if (this.domainOf(cell, hidden)) next.push(other);
          }
        }
      }
      if (found.length > 0) {
        found.sort((a, b) => this.cells.get(a)!.value - this.cells.get(b)!.value || (a < b ? -1 : a > b ? 1 : 0));
        return found[0]!;
      }
      frontier = next;
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// A small dense simplex: bounds lo ≤ x ≤ hi, rows Σ a·x (= | ≤) b. Phase 1 finds a feasible basis once;
// each range query then runs phase 2 from a copy of it, and stops as soon as the bound it asks about is
// reached (primal simplex improves the objective at every step, so reaching it early is final).

export type LinearRow = { coefs: Map<number, number>; op: "=" | "<="; rhs: number };
const EPS = 1e-9;

export class Simplex {
  readonly feasible: boolean;
  private readonly n: number;
  private readonly lo: number[];
  private tableau: Float64Array[] = [];
  private basis: number[] = [];
  private columns = 0;
  private allowed: boolean[] = [];

  constructor(n: number, rows: readonly LinearRow[], lo: readonly number[], hi: readonly number[]) {
    this.n = n;
    this.lo = [...lo];
    // y = x − lo ≥ 0; a finite upper bound is a row y ≤ hi − lo.
    const all: LinearRow[] = rows.map((r) => {
      let rhs = r.rhs;
      for (const [j, a] of r.coefs) rhs -= a * lo[j]!;
      return { coefs: r.coefs, op: r.op, rhs };
    });
    for (let j = 0; j < n; j++)
      if (Number.isFinite(hi[j]!)) all.push({ coefs: new Map([[j, 1]]), op: "<=", rhs: hi[j]! - lo[j]! });
    const m = all.length;
    const slacks = all.filter((r) => r.op === "<=").length;
    // Columns: n structural, then one slack per ≤ row, then one artificial per row that needs one.
    const needsArtificial = all.map((r) => r.op === "=" || r.rhs < 0);
    const artificials = needsArtificial.filter(Boolean).length;
    this.columns = n + slacks + artificials;
    const width = this.columns + 1;
    let slack = n;
    let artificial = n + slacks;
    for (let i = 0; i < m; i++) {
      const r = all[i]!;
      const row = new Float64Array(width);
      const sign = r.rhs < 0 ? -1 : 1;
      for (const [j, a] of r.coefs) row[j] = sign * a;
      row[width - 1] = sign * r.rhs;
      if (r.op === "<=") row[slack] = sign;
      if (needsArtificial[i]) {
        row[artificial] = 1;
        this.basis.push(artificial++);
      } else {
        this.basis.push(slack);
      }
      if (r.op === "<=") slack++;
      this.tableau.push(row);
    }
    this.allowed = Array.from({ length: this.columns }, () => true);
    if (artificials === 0) {
      this.feasible = true;
      return;
    }
    // Phase 1: minimise the sum of the artificials.
    const cost = new Float64Array(this.columns);
    for (let j = n + slacks; j < this.columns; j++) cost[j] = 1;
    this.optimise(cost, () => false);
    const infeasibility = this.basis.reduce((s, b, i) => (b >= n + slacks ? s + this.tableau[i]![width - 1]! : s), 0);
    this.feasible = infeasibility < 1e-7;
    // Artificials leave the basis (or their row, redundant, goes) and never come back.
    for (let j = n + slacks; j < this.columns; j++) this.allowed[j] = false;
    for (let i = this.tableau.length - 1; i >= 0; i--) {
      if (this.basis[i]! < n + slacks) continue;
      const row = this.tableau[i]!;
      let pivotCol = -1;
      for (let j = 0; j < n + slacks; j++) if (Math.abs(row[j]!) > EPS) pivotCol = j;
      if (pivotCol >= 0) this.pivot(i, pivotCol);
      else {
        this.tableau.splice(i, 1);
        this.basis.splice(i, 1);
      }
    }
  }

  /** Whether x_k can reach `bound` (≤ it for "min", ≥ it for "max") within the constraints. */
  reaches(k: number, bound: number, sense: "min" | "max"): boolean {
    const saved = { tableau: this.tableau.map((r) => r.slice()), basis: [...this.basis] };
    try {
      const cost = new Float64Array(this.columns);
      cost[k] = sense === "min" ? 1 : -1;
      const reached = () => {
        const x = this.value(k);
        return sense === "min" ? x <= bound + 1e-7 : x >= bound - 1e-7;
      };
      if (reached()) return true;
      return this.optimise(cost, reached) !== "optimal" || reached();
    } finally {
      this.tableau = saved.tableau;
      this.basis = saved.basis;
    }
  }

  private value(k: number): number {
    const at = this.basis.indexOf(k);
    const width = this.columns + 1;
    return this.lo[k]! + (at >= 0 ? this.tableau[at]![width - 1]! : 0);
  }

  /**
   * Minimises cost·y from the current basis; stops early when `done()` holds. Reduced costs are kept up
   * to date at each pivot. Dantzig's rule (the most negative reduced cost) while the objective moves;
   * Bland's (the lowest index, which never cycles) after a run of degenerate pivots.
   */
  private optimise(cost: Float64Array, done: () => boolean): "optimal" | "unbounded" | "stopped" {
    const width = this.columns + 1;
    const reduced = new Float64Array(this.columns);
    for (let j = 0; j < this.columns; j++) {
      let d = cost[j]!;
      for (let i = 0; i < this.tableau.length; i++) {
        const c = cost[this.basis[i]!]!;
        if (c !== 0) d -= c * this.tableau[i]![j]!;
      }
      reduced[j] = d;
    }
    const limit = 50 * (this.columns + this.tableau.length) + 1000;
    let degenerate = 0;
    for (let iteration = 0; iteration < limit; iteration++) {
      let entering = -1;
      let most = -EPS;
      const bland = degenerate > 20;
      for (let j = 0; j < this.columns; j++) {
        if (!this.allowed[j] || reduced[j]! >= most) continue;
        entering = j;
        if (bland) break;
        most = reduced[j]!;
      }
      if (entering < 0) return "optimal";
      let leaving = -1;
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.tableau.length; i++) {
        const a = this.tableau[i]![entering]!;
        if (a <= EPS) continue;
        const ratio = this.tableau[i]![width - 1]! / a;
        if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && this.basis[i]! < this.basis[leaving]!)) {
          best = ratio;
          leaving = i;
        }
      }
      if (leaving < 0) return "unbounded";
      degenerate = best <= EPS ? degenerate + 1 : 0;
      this.pivot(leaving, entering);
      const p = this.tableau[leaving]!;
      const d = reduced[entering]!;
      for (let j = 0; j < this.columns; j++) reduced[j] = reduced[j]! - d * p[j]!;
      if (done()) return "stopped";
    }
    throw new Error("suppression: the simplex did not finish");
  }

  private pivot(row: number, col: number) {
    const width = this.columns + 1;
    const p = this.tableau[row]!;
    const factor = p[col]!;
    for (let j = 0; j < width; j++) p[j] = p[j]! / factor;
    for (let i = 0; i < this.tableau.length; i++) {
      if (i === row) continue;
      const r = this.tableau[i]!;
      const a = r[col]!;
      if (Math.abs(a) <= 1e-15) continue;
      for (let j = 0; j < width; j++) r[j] = r[j]! - a * p[j]!;
    }
    this.basis[row] = col;
  }
}
