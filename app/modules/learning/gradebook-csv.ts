// The gradebook as a CSV file for spreadsheet apps (pure: the data comes from getCohortGradebook).
// RFC 4180 (comma separated, CRLF, fields with a comma, quote or line break quoted, quotes doubled), with
// a UTF-8 byte order mark so that spreadsheet apps read accents and Arabic right. Cells are defused
// against formula injection (OWASP "CSV injection"): a cell starting with = + - @ or a tab or carriage
// return would be run as a formula, so it gets a leading ' (display names and lesson titles are typed by
// people). Numbers we write are plain decimals and never start with a sign.
import type { GradebookCell } from "./gradebook.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: defused against formulas, then quoted when it needs to be. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvCell).join(",");
}

/** A percent as the CSV writes it: one decimal with a point (spreadsheets read it as a number). */
const percentText = (percent: number) => percent.toFixed(1);

export type GradebookForCsv = {
  assessments: ReadonlyArray<{ title: string }>;
  rows: ReadonlyArray<{
    displayName: string;
    progress: { done: number; total: number };
    cells: readonly GradebookCell[];
    grade: { kind: "final" | "so_far"; percent: number } | null;
  }>;
};

export type CsvLabels = {
  learner: string;
  lessonsDone: string;
  lessonsTotal: string;
  grade: string;
  submitted: string;
  final: string;
};

/**
 * The whole file: BOM, a header row (learner, each assessment, lessons done, lessons in all, grade so far,
 * final grade), one row per learner. Empty cells: nothing yet.
 */
export function gradebookCsv(gradebook: GradebookForCsv, labels: CsvLabels): string {
  const lines = [
    csvRow([
      labels.learner,
      ...gradebook.assessments.map((a) => a.title),
      labels.lessonsDone,
      labels.lessonsTotal,
      labels.grade,
      labels.final,
    ]),
    ...gradebook.rows.map((r) =>
      csvRow([
        r.displayName,
        ...r.cells.map((c) => (c.kind === "score" ? percentText(c.percent) : c.kind === "submitted" ? labels.submitted : "")),
        r.progress.done,
        r.progress.total,
        r.grade?.kind === "so_far" ? percentText(r.grade.percent) : "",
        r.grade?.kind === "final" ? percentText(r.grade.percent) : "",
      ]),
    ),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
