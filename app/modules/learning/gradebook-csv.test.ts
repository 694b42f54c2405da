// The gradebook CSV (pure): RFC 4180 quoting, the byte order mark, and cells defused against formula
// injection (OWASP "CSV injection"): whatever a learner calls themselves, a spreadsheet runs nothing.
import { describe, expect, test } from "vitest";
import { csvCell, csvRow, gradebookCsv } from "./gradebook-csv.ts";

const LABELS = {
  learner: "Learner",
  lessonsDone: "Lessons done",
  lessonsTotal: "Lessons in the course",
  grade: "Course grade so far",
  final: "Final grade",
  submitted: "Submitted, not graded",
};

describe("a CSV cell", () => {
  test.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", `"'\r=1"`],
  ])("a formula start is defused: %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  test("commas, quotes and line breaks are quoted; plain text, numbers and empty cells are not", () => {
    expect(csvCell("Ana, María")).toBe('"Ana, María"');
    expect(csvCell('Say "hi"')).toBe('"Say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("Noor")).toBe("Noor");
    expect(csvCell("نور")).toBe("نور");
    expect(csvCell(72.5)).toBe("72.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvRow(["a", "b,c", 3])).toBe('a,"b,c",3');
  });
});

describe("the gradebook file", () => {
  test("BOM, header with every assessment, one CRLF row per learner, defused names and titles", () => {
    const csv = gradebookCsv(
      {
        assessments: [{ title: "Quiz 1" }, { title: "=Essay" }],
        rows: [
          {
            displayName: "=cmd|' /C calc'!A0",
            progress: { done: 2, total: 6 },
            cells: [{ kind: "score", percent: 90 }, { kind: "submitted" }],
            grade: { kind: "so_far", percent: 22.5 },
          },
          { displayName: "Bea", progress: { done: 6, total: 6 }, cells: [{ kind: "none" }, { kind: "none" }], grade: null },
          {
            displayName: "Cai",
            progress: { done: 6, total: 6 },
            cells: [
              { kind: "score", percent: 100 },
              { kind: "score", percent: 80 },
            ],
            grade: { kind: "final", percent: 85 },
          },
        ],
      },
      LABELS,
    );
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines).toEqual([
      "Learner,Quiz 1,'=Essay,Lessons done,Lessons in the course,Course grade so far,Final grade",
      `'=cmd|' /C calc'!A0,90.0,"Submitted, not graded",2,6,22.5,`,
      "Bea,,,6,6,,",
      "Cai,100.0,80.0,6,6,,85.0",
      "",
    ]);
    // No cell of the file starts with a formula character.
    for (const line of lines) for (const cell of line.split(",")) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});
