// An attacker for the impact report's k-anonymity tests, written apart from the code it attacks
// (app/modules/sponsorship/suppression.ts solves real-valued linear programmes; this one searches
// integers exactly). It is given what a sponsor sees (numbers, "<11", "hidden") and relations between
// them, and works out every hidden count that can take one value only.
//
// Exact: bounds propagation over linear constraints, then branching, until a solution is found or the
// domain is empty. A budget on search nodes makes an inconclusive search fail loudly, never pass.

export type IntConstraint = { terms: ReadonlyArray<readonly [number, number]>; op: "=" | "<="; rhs: number };

export class IntegerAttacker {
  private nodes = 0;
  constructor(
    private readonly domains: ReadonlyArray<readonly [number, number]>,
    private readonly constraints: readonly IntConstraint[],
    private readonly budget = 2_000_000,
  ) {}

  /** True when a solution exists with variable `k` inside [lo, hi]. */
  canTake(k: number, lo: number, hi: number): boolean {
    const dom = this.domains.map(([a, b]) => [a, b] as [number, number]);
    dom[k] = [Math.max(lo, dom[k]![0]), Math.min(hi, dom[k]![1])];
    return this.search(dom);
  }

  /** One solution (the attacker does not know the true values: it finds values that fit), or null. */
  solve(): number[] | null {
    const dom = this.domains.map(([a, b]) => [a, b] as [number, number]);
    const found: { solution: number[] | null } = { solution: null };
    return this.search(dom, found) ? found.solution : null;
  }

  /**
   * The variables (of `among`) whose value is the same in every solution, with that value. The reference
   * solution is `truth` when given (the tests know it, which saves a search) or one the attacker finds.
   */
  recovered(truth: readonly number[] | null, among: readonly number[]): Map<number, number> {
    const reference = truth ?? this.solve();
    if (!reference) throw new Error("IntegerAttacker: what it was given has no solution");
    const out = new Map<number, number>();
    for (const k of among) {
      const v = reference[k]!;
      if (!this.canTake(k, Number.NEGATIVE_INFINITY, v - 1) && !this.canTake(k, v + 1, Number.POSITIVE_INFINITY)) out.set(k, v);
    }
    return out;
  }

  private search(dom: Array<[number, number]>, found?: { solution: number[] | null }): boolean {
    if (++this.nodes > this.budget) throw new Error("IntegerAttacker: search budget spent (inconclusive)");
    if (!this.propagate(dom)) return false;
    let pick = -1;
    let width = Number.POSITIVE_INFINITY;
    for (let i = 0; i < dom.length; i++) {
      const w = dom[i]![1] - dom[i]![0];
      if (w > 0 && w < width) {
        width = w;
        pick = i;
      }
    }
    if (pick < 0) {
      const ok = this.constraints.every((c) => holds(c, dom));
      if (ok && found) found.solution = dom.map(([v]) => v);
      return ok;
    }
    const [lo, hi] = dom[pick]!;
    const mid = Math.floor((lo + hi) / 2);
    const left = dom.map((d) => [...d] as [number, number]);
    left[pick] = [lo, mid];
    if (this.search(left, found)) return true;
    const right = dom.map((d) => [...d] as [number, number]);
    right[pick] = [mid + 1, hi];
    return this.search(right, found);
  }

  /** Tightens every domain against every constraint until nothing moves; false when one empties. */
  private propagate(dom: Array<[number, number]>): boolean {
    for (let round = 0; round < 1000; round++) {
      let changed = false;
      for (const c of this.constraints) {
        const sides: Array<ReadonlyArray<readonly [number, number]>> =
          c.op === "=" ? [c.terms, c.terms.map(([j, a]) => [j, -a] as const)] : [c.terms];
        const rhss = c.op === "=" ? [c.rhs, -c.rhs] : [c.rhs];
        for (let s = 0; s < sides.length; s++) {
          const terms = sides[s]!;
          const rhs = rhss[s]!;
          // Σ a x ≤ rhs: each term is at most rhs minus the others' smallest.
          let minSum = 0;
          for (const [j, a] of terms) minSum += a > 0 ? a * dom[j]![0] : a * dom[j]![1];
          if (minSum > rhs) return false;
          for (const [j, a] of terms) {
            const own = a > 0 ? a * dom[j]![0] : a * dom[j]![1];
            const room = rhs - (minSum - own);
            if (a > 0) {
              const hi = Math.floor(room / a + 1e-9);
              if (hi < dom[j]![1]) {
                dom[j]![1] = hi;
                changed = true;
              }
            } else {
              const lo = Math.ceil(room / a - 1e-9);
              if (lo > dom[j]![0]) {
                dom[j]![0] = lo;
                changed = true;
              }
            }
            if (dom[j]![0] > dom[j]![1]) return false;
            minSum = 0;
            for (const [i, b] of terms) minSum += b > 0 ? b * dom[i]![0] : b * dom[i]![1];
          }
        }
      }
      if (!changed) return true;
    }
    return true;
  }
}

function holds(c: IntConstraint, dom: Array<[number, number]>): boolean {
  const lhs = c.terms.reduce((s, [j, a]) => s + a * dom[j]![0], 0);
  return c.op === "=" ? lhs === c.rhs : lhs <= c.rhs;
}

// ---------------------------------------------------------------------------------------------------
// What a sponsor reads: the report's two tables, as the page or the CSV shows them.

/** A cell as read: a number, "<11" (0 to 10) or "hidden" (hidden to protect another, so 11 or more). */
export type ReadCell = number | "small" | "hidden";
export type ReadTables = {
  byCourse: Array<{
    label: string;
    bought: number;
    allocated: ReadCell;
    active: ReadCell;
    completed: ReadCell;
    credentials: ReadCell;
    credits: string;
  }>;
  byMonth: Array<{ label: string; bought: number; allocated: ReadCell; completed: ReadCell; credentials: ReadCell }>;
};

/**
 * Every relation a sponsor knows between the numbers it reads (see suppression.ts rule 4), over the
 * hidden cells; `creditsPerCompletion` is what the catalogue says each course awards. Returns the
 * attacker and, for each hidden cell, its name and its variable.
 */
export function attackerFor(
  tables: ReadTables,
  options: { creditsPerCompletion?: ReadonlyMap<string, { amount: number; unit: string }> } = {},
) {
  const names: string[] = [];
  const domains: Array<[number, number]> = [];
  const courseRows = tables.byCourse.filter((r) => r.label !== "Total");
  const courseTotal = tables.byCourse.find((r) => r.label === "Total")!;
  const monthRows = tables.byMonth.filter((r) => r.label !== "Total");
  const monthTotal = tables.byMonth.find((r) => r.label === "Total")!;
  const cap = courseTotal.bought; // no count of learners exceeds the seats bought
  // A term is a variable (hidden cell) or a constant.
  type Term = { v: number } | { c: number };
  const term = (name: string, cell: ReadCell): Term => {
    if (typeof cell === "number") return { c: cell };
    const existing = names.indexOf(name);
    if (existing >= 0) return { v: existing };
    names.push(name);
    domains.push(cell === "small" ? [0, 10] : [11, cap]);
    return { v: names.length - 1 };
  };
  const constraints: IntConstraint[] = [];
  const add = (terms: Array<[Term, number]>, op: "=" | "<=", rhs = 0) => {
    const vars: Array<readonly [number, number]> = [];
    let constant = rhs;
    for (const [t, a] of terms) {
      if ("v" in t) vars.push([t.v, a]);
      else constant -= a * t.c;
    }
    constraints.push({ terms: vars, op, rhs: constant });
  };
  // Both tables' total rows are the same cells (the headline too): the by-course total names them.
  const total = (m: "allocated" | "active" | "completed" | "credentials") => term(`total.${m}`, courseTotal[m]);
  for (const m of ["allocated", "completed", "credentials"] as const) {
    if (JSON.stringify(monthTotal[m]) !== JSON.stringify(courseTotal[m])) throw new Error(`the two totals of ${m} differ`);
  }
  const course = (r: (typeof courseRows)[number], m: "allocated" | "active" | "completed" | "credentials") =>
    term(`course ${r.label}.${m}`, r[m]);
  const month = (r: (typeof monthRows)[number], m: "allocated" | "completed" | "credentials") =>
    term(`month ${r.label}.${m}`, r[m]);

  // Column sums, in both tables, to the shared totals.
  for (const m of ["allocated", "active", "completed", "credentials"] as const)
    add([...courseRows.map((r) => [course(r, m), 1] as [Term, number]), [total(m), -1]], "=");
  for (const m of ["allocated", "completed", "credentials"] as const)
    add([...monthRows.map((r) => [month(r, m), 1] as [Term, number]), [total(m), -1]], "=");
  // Rows: active + completed ≤ allocated ≤ bought; credentials ≤ completed (the total row too).
  for (const r of [
    ...courseRows.map((r) => ({
      get: (m: "allocated" | "active" | "completed" | "credentials") => course(r, m),
      bought: r.bought,
    })),
    { get: total, bought: courseTotal.bought },
  ]) {
    add(
      [
        [r.get("active"), 1],
        [r.get("completed"), 1],
        [r.get("allocated"), -1],
      ],
      "<=",
    );
    add([[r.get("allocated"), 1]], "<=", r.bought);
    add(
      [
        [r.get("credentials"), 1],
        [r.get("completed"), -1],
      ],
      "<=",
    );
  }
  // Months: events in order (bought, then allocated, then completed, then the credential).
  for (let i = 0; i < monthRows.length; i++) {
    const upTo = monthRows.slice(0, i + 1);
    const bought = upTo.reduce((s, r) => s + r.bought, 0);
    add(
      upTo.map((r) => [month(r, "allocated"), 1] as [Term, number]),
      "<=",
      bought,
    );
    add(
      upTo.flatMap(
        (r) =>
          [
            [month(r, "completed"), 1],
            [month(r, "allocated"), -1],
          ] as Array<[Term, number]>,
      ),
      "<=",
    );
    add(
      upTo.flatMap(
        (r) =>
          [
            [month(r, "credentials"), 1],
            [month(r, "completed"), -1],
          ] as Array<[Term, number]>,
      ),
      "<=",
    );
  }
  // Credits: a shown credits cell is the course's completions times what each completion awards; a
  // shown unit total is the sum over that unit's courses.
  const per = options.creditsPerCompletion;
  if (per) {
    for (const r of courseRows) {
      const k = per.get(r.label);
      const shown = parseCredits(r.credits);
      if (k && shown) add([[course(r, "completed"), k.amount]], "=", shown.get(k.unit) ?? 0);
    }
    const totals = parseCredits(courseTotal.credits);
    if (totals) {
      for (const [unit, amount] of totals) {
        add(
          courseRows.flatMap((r) => {
            const k = per.get(r.label);
            return k && k.unit === unit ? [[course(r, "completed"), k.amount] as [Term, number]] : [];
          }),
          "=",
          amount,
        );
      }
    }
  }
  return { names, domains, constraints, attacker: new IntegerAttacker(domains, constraints) };
}

/** "60 ECTS · 44 US" (or "60 ECTS; 44 US") → unit → amount; null when hidden or not a number. */
export function parseCredits(text: string): Map<string, number> | null {
  const parts = text
    .split(/[·;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out = new Map<string, number>();
  for (const part of parts) {
    const m = /^([\d.,]+)(?:\s+(\w+))?$/.exec(part);
    if (!m) return null;
    out.set(m[2] ?? "", Number(m[1]!.replace(/,/g, "")));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reading the page and the CSV, as a person or a script would.

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** The visible text of a cell: tags and visually hidden text removed, bidi isolates dropped. */
function visibleText(html: string): string {
  return decode(
    html
      .replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, "")
      .replace(/<[^>]+>/g, "")
      .replace(/[\u2066-\u2069]/g, ""),
  )
    .replace(/\s+/g, " ")
    .trim();
}

export function readCell(text: string): ReadCell {
  if (text === "<11") return "small";
  if (text === "hidden") return "hidden";
  const n = Number(text.replace(/,/g, ""));
  if (!Number.isFinite(n) || text === "") throw new Error(`not a count: "${text}"`);
  return n;
}

/** The rows (header cell, then data cells) of the page's table with this caption. */
function tableRows(html: string, caption: string): string[][] {
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1]!);
  const table = tables.find((t) => visibleText(/<caption>([\s\S]*?)<\/caption>/.exec(t)?.[1] ?? "") === caption);
  if (!table) throw new Error(`no table "${caption}"`);
  return [...table.replace(/<thead>[\s\S]*?<\/thead>/, "").matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => visibleText(c[1]!)),
  );
}

/** The two tables as the page shows them (English). */
export function readPage(html: string): ReadTables {
  const course = tableRows(html, "Seats and learners by course, with the total");
  const month = tableRows(html, "Seats and learners by month (UTC), with the total");
  return {
    byCourse: course.map(([label, bought, allocated, active, completed, credentials, credits]) => ({
      label: label!,
      bought: Number(bought!.replace(/,/g, "")),
      allocated: readCell(allocated!),
      active: readCell(active!),
      completed: readCell(completed!),
      credentials: readCell(credentials!),
      credits: credits!,
    })),
    byMonth: month.map(([label, bought, allocated, completed, credentials]) => ({
      label: label!,
      bought: Number(bought!.replace(/,/g, "")),
      allocated: readCell(allocated!),
      completed: readCell(completed!),
      credentials: readCell(credentials!),
    })),
  };
}

/** RFC 4180 fields (quotes doubled), CRLF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = "";
  let row: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && body[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The two tables as the CSV gives them (English). */
export function readCsv(text: string): ReadTables {
  const [, ...rows] = parseCsv(text);
  return {
    byCourse: rows
      .filter((r) => r[0] === "By course")
      .map(([, label, bought, allocated, active, completed, credentials, credits]) => ({
        label: label!,
        bought: Number(bought),
        allocated: readCell(allocated!),
        active: readCell(active!),
        completed: readCell(completed!),
        credentials: readCell(credentials!),
        credits: credits!,
      })),
    byMonth: rows
      .filter((r) => r[0] === "By month")
      .map(([, label, bought, allocated, , completed, credentials]) => ({
        label: label!,
        bought: Number(bought),
        allocated: readCell(allocated!),
        completed: readCell(completed!),
        credentials: readCell(credentials!),
      })),
  };
}
