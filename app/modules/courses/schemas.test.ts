// The form schemas' issue paths are the names of the inputs (Conform paths), so no route maps messages;
// the text UIs (one per line, numbers of the correct options, comma lists) convert in the schema.
import { describe, expect, test } from "vitest";
import { parseSubmission } from "#app/utils/forms.server.ts";
import { CourseFieldsFormSchema, LessonFormSchema, NewLessonSchema } from "./schemas.ts";

function submit(schema: Parameters<typeof parseSubmission>[1], fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return parseSubmission(form, schema);
}
const errorsOf = (s: ReturnType<typeof submit>) => s.reply().error ?? {};
const q = (i: number, field: string) => `quiz.questions[${i}].${field}`;

describe("the lesson editor's schema", () => {
  test("every message lands on the input it is about", () => {
    const s = submit(LessonFormSchema, {
      kind: "quiz",
      title: "",
      [q(0, "type")]: "single",
      [q(0, "prompt")]: "Which?",
      [q(0, "points")]: "abc",
      [q(0, "options")]: "only one",
      [q(0, "correct")]: "",
      [q(1, "type")]: "multiple",
      [q(1, "prompt")]: "",
      [q(1, "points")]: "1",
      [q(1, "options")]: "a\nb",
      [q(1, "correct")]: "1, two",
      [q(2, "type")]: "numeric",
      [q(2, "prompt")]: "7 / 2?",
      [q(2, "points")]: "1",
      [q(2, "answer")]: "",
      [q(3, "type")]: "riddle",
    });
    expect(errorsOf(s)).toEqual({
      title: ["form.required"],
      [q(0, "points")]: ["author.number"],
      [q(0, "options")]: ["quiz.two_options"],
      [q(0, "correct")]: ["quiz.answer_required"],
      [q(1, "prompt")]: ["form.required"],
      [q(1, "correct")]: ["quiz.correct_format"],
      [q(2, "answer")]: ["quiz.answer_required"],
      [q(3, "type")]: ["quiz.type_invalid"],
    });
  });

  test("option numbers are 1-based and checked against the options; the value is the stored quiz", () => {
    const fields = { kind: "quiz", title: "Check", [q(0, "type")]: "single", [q(0, "prompt")]: "?", [q(0, "points")]: "1" };
    const withOptions = { ...fields, [q(0, "options")]: "3\n4\n5" };
    expect(errorsOf(submit(LessonFormSchema, { ...withOptions, [q(0, "correct")]: "4" }))).toEqual({
      [q(0, "correct")]: ["quiz.correct_out_of_range"],
    });
    expect(errorsOf(submit(LessonFormSchema, { ...withOptions, [q(0, "correct")]: "1, 2" }))).toEqual({
      [q(0, "correct")]: ["quiz.single_one_answer"],
    });
    const ok = submit(LessonFormSchema, { ...withOptions, [q(0, "correct")]: " 2 " });
    expect(ok.status === "success" && ok.value).toEqual({
      kind: "quiz",
      title: "Check",
      body: "",
      quiz: { attemptsAllowed: 3, questions: [{ type: "single", prompt: "?", points: 1, options: ["3", "4", "5"], answer: 1 }] },
    });
  });

  test("rubric rows and file types report by row; file types are normalised", () => {
    const s = submit(LessonFormSchema, {
      kind: "assignment",
      title: "Task",
      "assignment.rubric[0].criterion": "Runs",
      "assignment.rubric[0].points": "4",
      "assignment.rubric[1].criterion": "",
      "assignment.rubric[1].points": "0",
      "assignment.fileTypes": "PDF, .py, bad type",
      "assignment.maxSizeMb": "5",
    });
    expect(errorsOf(s)).toEqual({
      "assignment.rubric[1].criterion": ["form.required"],
      "assignment.rubric[1].points": ["form.number_range"],
      "assignment.fileTypes[2]": ["assignment.file_type_invalid"],
    });
    const ok = submit(LessonFormSchema, {
      kind: "assignment",
      title: "Task",
      "assignment.rubric[0].criterion": "Runs",
      "assignment.rubric[0].points": "4",
      "assignment.fileTypes": "PDF, .py",
      "assignment.maxSizeMb": "5",
    });
    expect(ok.status === "success" && ok.value).toMatchObject({ assignment: { fileTypes: [".pdf", ".py"] } });
  });

  test("the fields of the other kinds are ignored, not validated", () => {
    const s = submit(NewLessonSchema, { module: "basics", slug: "intro", kind: "text", title: "Intro", [q(0, "prompt")]: "" });
    expect(s.status).toBe("success");
    expect(s.status === "success" && s.value).toEqual({
      module: "basics",
      slug: "intro",
      kind: "text",
      title: "Intro",
      body: "",
    });
  });
});

describe("the course fields' schema", () => {
  test("outcomes one per line and prerequisites with commas; a message about one item names it", () => {
    const fields = {
      title: "T",
      summary: "S",
      subject: "mathematics",
      level: "introductory",
      language: "en",
      credits: "2",
      creditUnit: "ECTS",
      studyHours: "55",
      passMark: "60",
    };
    const bad = submit(CourseFieldsFormSchema, {
      ...fields,
      outcomes: `One\n\n${"x".repeat(301)}`,
      prerequisites: "ok-slug, Not A Slug",
    });
    expect(errorsOf(bad)).toEqual({ "outcomes[1]": ["form.too_long"], "prerequisites[1]": ["course.slug_invalid"] });
    expect(errorsOf(submit(CourseFieldsFormSchema, { ...fields, outcomes: " \n " }))).toEqual({
      outcomes: ["course.outcomes_required"],
    });
    expect(errorsOf(submit(CourseFieldsFormSchema, { ...fields, outcomes: "One", studyHours: "500" }))).toEqual({
      studyHours: ["course.hours_mismatch"],
    });
    const ok = submit(CourseFieldsFormSchema, { ...fields, outcomes: "One\r\n Two \n", prerequisites: "a-b, cd" });
    expect(ok.status === "success" && ok.value).toMatchObject({
      outcomes: ["One", "Two"],
      prerequisites: ["a-b", "cd"],
      credits: 2,
    });
  });
});
