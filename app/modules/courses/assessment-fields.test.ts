// The editor's issue-8 fields of quizzes and assignments (weight, dueDays, allowResubmission; ADR 023):
// filled ones round-trip, empty ones stay ABSENT (so stored content and its hash do not change), and
// out-of-range values are refused on their field.
import { describe, expect, test } from "vitest";
import { parseSubmission } from "#app/utils/forms.server.ts";
import { lessonFormValues, lessonFromForm, type LessonContent } from "./lesson-mapping.ts";
import { contentHash } from "./revision-content.server.ts";
import { LessonFormSchema } from "./schemas.ts";

const base = { body: "", contentWarning: null, transcript: null, durationMinutes: null, quiz: null, assignment: null };
const quizLesson = (extra: Record<string, unknown> = {}): LessonContent => ({
  ...base,
  kind: "quiz",
  title: "Check",
  quiz: {
    attemptsAllowed: 2,
    ...extra,
    questions: [{ type: "single", prompt: "One?", points: 1, options: ["a", "b"], answer: 1 }],
  },
});
const assignmentLesson = (extra: Record<string, unknown> = {}): LessonContent => ({
  ...base,
  kind: "assignment",
  title: "Task",
  assignment: { rubric: [{ criterion: "Clear.", points: 4 }], fileTypes: [".pdf"], maxSizeMb: 5, ...extra },
});

function formFields(value: unknown, prefix = ""): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => formFields(v, `${prefix}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => formFields(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, String(value ?? "")]];
}

function submit(values: Record<string, unknown>) {
  const form = new FormData();
  for (const [name, value] of formFields(values)) form.append(name, value);
  return parseSubmission(form, LessonFormSchema);
}

function roundTrip(content: LessonContent) {
  const submission = submit(lessonFormValues(content));
  expect(submission.status, JSON.stringify(submission.reply().error)).toBe("success");
  return submission.status === "success" ? lessonFromForm(submission.value) : null;
}

describe("weight, due days and resubmission in the lesson editor", () => {
  test.each([
    ["quiz with weight and due days", quizLesson({ weight: 2.5, dueDays: 14 })],
    ["quiz with weight 0", quizLesson({ weight: 0 })],
    ["assignment with all three", assignmentLesson({ weight: 3, dueDays: 0, allowResubmission: true })],
    ["quiz without them", quizLesson()],
    ["assignment without them", assignmentLesson()],
  ])("%s parses back to the same content", (_name, content) => {
    expect(roundTrip(content)).toEqual(content);
  });

  test("empty fields stay absent: the content and its hash are what they were", () => {
    for (const content of [quizLesson(), assignmentLesson()]) {
      const values = lessonFormValues(content) as unknown as Record<string, Record<string, unknown>>;
      const key = content.kind === "quiz" ? "quiz" : "assignment";
      expect(values[key]).toMatchObject({ weight: "", dueDays: "" });
      expect(values[key]).not.toHaveProperty("allowResubmission");
      const back = roundTrip(content)!;
      // As stored (JSON): no key at all.
      const json = JSON.parse(JSON.stringify(back.quiz ?? back.assignment)) as Record<string, unknown>;
      expect(Object.keys(json)).not.toContain("weight");
      expect(Object.keys(json)).not.toContain("dueDays");
      expect(Object.keys(json)).not.toContain("allowResubmission");
      expect(json).toEqual(content.quiz ?? content.assignment);
      const hashOf = (c: LessonContent) =>
        contentHash({
          fields: {} as never,
          modules: [{ slug: "m", title: "M", summary: "", lessons: [{ slug: "l", ...c }] }],
        } as never);
      expect(hashOf(back)).toBe(hashOf(content));
    }
  });

  test("an unticked resubmission box is absent, never false", () => {
    const values = lessonFormValues(assignmentLesson({ allowResubmission: true })) as unknown as {
      assignment: Record<string, unknown>;
    };
    const { allowResubmission: _ticked, ...rest } = values.assignment;
    const submission = submit({ ...values, assignment: rest });
    expect(submission.status).toBe("success");
    if (submission.status === "success")
      expect(lessonFromForm(submission.value).assignment).not.toHaveProperty("allowResubmission");
  });

  test.each([
    ["quiz.weight", "-1"],
    ["quiz.weight", "101"],
    ["quiz.dueDays", "1.5"],
    ["quiz.dueDays", "731"],
  ])("%s = %s is refused on its field", (field, value) => {
    const values = lessonFormValues(quizLesson()) as unknown as { quiz: Record<string, unknown> };
    const submission = submit({ ...values, quiz: { ...values.quiz, [field.split(".")[1]!]: value } });
    expect(submission.status).toBe("error");
    expect(Object.keys(submission.reply().error ?? {})).toContain(field);
  });

  test("an assignment's weight and due days are checked the same way", () => {
    const values = lessonFormValues(assignmentLesson()) as unknown as { assignment: Record<string, unknown> };
    const submission = submit({ ...values, assignment: { ...values.assignment, weight: "-2", dueDays: "x" } });
    expect(submission.status).toBe("error");
    expect(Object.keys(submission.reply().error ?? {})).toEqual(
      expect.arrayContaining(["assignment.weight", "assignment.dueDays"]),
    );
  });
});
