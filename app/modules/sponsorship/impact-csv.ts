// The impact report as a CSV file (pure: the numbers come from getImpactReport, already suppressed, so
// the file hides exactly what the page hides). The gradebook's CSV style (learning/gradebook-csv.ts):
// RFC 4180, CRLF, a UTF-8 byte order mark, every cell defused against formulas (a course title typed by
// a person could start with = + - @). One table: a column says which of the page's two tables a row is
// from. A count of fewer than 11 learners is written "<11"; a count hidden to protect another is
// written as the page's word for it ("hidden"); a column that does not apply to a row is empty.
import { csvRow } from "#app/modules/learning/gradebook-csv.ts";
import type { CreditsShown, ImpactTables, Shown } from "./impact-tables.ts";

export type ImpactCsvLabels = {
  table: string;
  row: string;
  byCourse: string;
  byMonth: string;
  total: string;
  bought: string;
  allocated: string;
  active: string;
  completed: string;
  credentials: string;
  credits: string;
  small: string;
  hidden: string;
};

export function impactCsv(report: Pick<ImpactTables, "byCourse" | "byMonth" | "total">, labels: ImpactCsvLabels): string {
  const count = (cell: Shown) => (cell === "small" ? labels.small : cell === "hidden" ? labels.hidden : cell);
  const credits = (cell: CreditsShown) =>
    cell === "hidden" ? labels.hidden : cell.length === 0 ? 0 : cell.map((c) => `${c.amount} ${c.unit}`).join("; ");
  const { total } = report;
  const lines = [
    csvRow([
      labels.table,
      labels.row,
      labels.bought,
      labels.allocated,
      labels.active,
      labels.completed,
      labels.credentials,
      labels.credits,
    ]),
    ...[...report.byCourse.map((r) => ({ ...r, label: r.title })), { ...total, label: labels.total }].map((r) =>
      csvRow([
        labels.byCourse,
        r.label,
        r.bought,
        count(r.allocated),
        count(r.active),
        count(r.completed),
        count(r.credentials),
        credits(r.credits),
      ]),
    ),
    ...[...report.byMonth.map((r) => ({ ...r, label: r.month })), { ...total, label: labels.total }].map((r) =>
      csvRow([labels.byMonth, r.label, r.bought, count(r.allocated), "", count(r.completed), count(r.credentials), ""]),
    ),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
