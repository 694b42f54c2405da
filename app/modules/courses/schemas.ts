// zod schemas of the courses module: the same rules for content files, the authoring forms and the
// stored JSON of quizzes and assignments. Messages are i18n keys.
import { z } from "zod";
import { COURSE_LANGUAGES, CREDIT_UNITS, HOURS_PER_CREDIT, LEVELS, LIMITS, STEM_SUBJECTS } from "./constants.ts";

export const SlugSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(2, "course.slug_invalid")
  .max(80, "form.too_long")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "course.slug_invalid");

const text = (max: number) => z.string({ error: "form.required" }).trim().min(1, "form.required").max(max, "form.too_long");

export const CourseFieldsSchema = z
  .object({
    title: text(LIMITS.title),
    summary: text(LIMITS.summary),
    description: z.string().max(LIMITS.description, "form.too_long").default(""),
    subject: z.enum(STEM_SUBJECTS, { error: "form.choose_option" }),
    level: z.enum(LEVELS, { error: "form.choose_option" }),
    language: z.enum(COURSE_LANGUAGES, { error: "form.choose_option" }),
    outcomes: z.array(text(LIMITS.outcome)).min(1, "course.outcomes_required").max(LIMITS.outcomes, "form.too_long"),
    credits: z.coerce.number({ error: "form.number" }).positive("form.number_range").max(60, "form.number_range"),
    creditUnit: z.enum(CREDIT_UNITS, { error: "form.choose_option" }),
    studyHours: z.coerce
      .number({ error: "form.number" })
      .int("form.number")
      .min(1, "form.number_range")
      .max(2000, "form.number_range"),
    passMark: z.coerce
      .number({ error: "form.number" })
      .int("form.number")
      .min(1, "form.number_range")
      .max(100, "form.number_range"),
    prerequisites: z.array(SlugSchema).max(10).default([]),
    translationOf: SlugSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const [lo, hi] = HOURS_PER_CREDIT[c.creditUnit];
    if (c.studyHours < c.credits * lo || c.studyHours > c.credits * hi) {
      ctx.addIssue({ code: "custom", path: ["studyHours"], message: "course.hours_mismatch" });
    }
  });
export type CourseFields = z.output<typeof CourseFieldsSchema>;

const points = z.coerce.number({ error: "form.number" }).positive("form.number_range").max(100, "form.number_range");
const prompt = text(LIMITS.prompt);
const options = z.array(text(LIMITS.option)).min(2, "quiz.two_options").max(LIMITS.options, "form.too_long");
const explanation = z.string().trim().max(LIMITS.prompt, "form.too_long").optional();

export const QuestionSchema = z.discriminatedUnion(
  "type",
  [
    z
      .object({
        type: z.literal("single"),
        prompt,
        points,
        options,
        answer: z.coerce.number().int("quiz.answer_required"),
        explanation,
      })
      .refine((q) => q.answer >= 0 && q.answer < q.options.length, { path: ["answer"], message: "quiz.answer_required" }),
    z
      .object({
        type: z.literal("multiple"),
        prompt,
        points,
        options,
        answers: z.array(z.coerce.number().int()).min(1, "quiz.answer_required"),
        explanation,
      })
      .refine((q) => q.answers.every((a) => a >= 0 && a < q.options.length) && new Set(q.answers).size === q.answers.length, {
        path: ["answers"],
        message: "quiz.answer_required",
      }),
    z.object({
      type: z.literal("numeric"),
      prompt,
      points,
      answer: z.coerce.number({ error: "quiz.answer_required" }).refine(Number.isFinite, "quiz.answer_required"),
      tolerance: z.coerce.number({ error: "form.number" }).min(0, "form.number_range").default(0),
      explanation,
    }),
    z.object({
      type: z.literal("text"),
      prompt,
      points,
      accepted: z.array(text(200)).min(1, "quiz.answer_required").max(20, "form.too_long"),
      explanation,
    }),
  ],
  { error: "quiz.type_invalid" },
);
export type Question = z.output<typeof QuestionSchema>;

export const QuizSchema = z.object({
  attemptsAllowed: z.coerce
    .number({ error: "form.number" })
    .int("form.number")
    .min(1, "form.number_range")
    .max(20, "form.number_range")
    .default(3),
  questions: z.array(QuestionSchema).min(1, "quiz.questions_required").max(LIMITS.questions, "form.too_long"),
});
export type Quiz = z.output<typeof QuizSchema>;

export const RubricCriterionSchema = z.object({ criterion: text(LIMITS.criterion), points });

export const AssignmentSchema = z.object({
  rubric: z.array(RubricCriterionSchema).min(1, "assignment.rubric_required").max(LIMITS.criteria, "form.too_long"),
  fileTypes: z
    .array(
      z
        .string()
        .trim()
        .regex(/^\.[a-z0-9]{1,8}$/, "assignment.file_type_invalid"),
    )
    .min(1, "assignment.file_types_required")
    .max(20, "form.too_long"),
  maxSizeMb: z.coerce.number({ error: "form.number" }).positive("form.number_range").max(100, "form.number_range"),
});
export type Assignment = z.output<typeof AssignmentSchema>;

export const ModuleFieldsSchema = z.object({
  slug: SlugSchema,
  title: text(LIMITS.title),
  summary: z.string().trim().max(LIMITS.summary, "form.too_long").default(""),
});

const lessonBase = {
  title: text(LIMITS.title),
  module: SlugSchema,
  contentWarning: z.string().trim().max(LIMITS.contentWarning, "form.too_long").optional(),
};

/** Frontmatter of lessons/NN-slug.md, by kind. */
export const LessonFrontmatterSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("text"), ...lessonBase }),
    z.object({
      kind: z.literal("video"),
      ...lessonBase,
      transcript: z
        .string({ error: "lesson.transcript_required" })
        .trim()
        .min(1, "lesson.transcript_required")
        .max(LIMITS.transcript, "form.too_long"),
      durationMinutes: z.coerce.number().int().positive().max(600).optional(),
    }),
    z.object({ kind: z.literal("quiz"), ...lessonBase, quiz: QuizSchema }),
    z.object({ kind: z.literal("assignment"), ...lessonBase, assignment: AssignmentSchema }),
  ],
  { error: "lesson.kind_invalid" },
);
export type LessonFrontmatter = z.output<typeof LessonFrontmatterSchema>;

/** Frontmatter of course.md. */
export const CourseFrontmatterSchema = z
  .object({
    slug: SlugSchema,
    modules: z.array(ModuleFieldsSchema).min(1, "course.modules_required").max(LIMITS.modules, "form.too_long"),
  })
  .and(CourseFieldsSchema);
