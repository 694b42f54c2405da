// zod schemas of the courses module. Two families, built from the same pieces so they cannot drift:
//   - the domain shapes (content files, the stored JSON of quizzes and assignments): QuizSchema, …;
//   - the forms, whose field names are Conform paths (`quiz.questions[0].prompt`): every issue lands on
//     the input it is about, with no mapping code. Where the editor keeps a text UI ("Options, one per
//     line", "Number of the correct option", outcomes one per line, prerequisites separated by commas),
//     the schema does the conversion (preprocess / transform), and its output is the domain shape.
// Messages are i18n keys. Limits live here only; pages get them through getConstraints.
import { z } from "zod";
import { ConfirmField, EmailSchema } from "#app/modules/identity/schemas.ts";
import { stripControlCharacters } from "#app/utils/input.ts";
import {
  COURSE_LANGUAGES,
  CREDIT_UNITS,
  HOURS_PER_CREDIT,
  KEEP_POLICIES,
  LEVELS,
  PARTIAL_CREDIT_RULES,
  SHOW_ANSWERS,
  STEM_SUBJECTS,
  TOLERANCE_KINDS,
} from "./constants.ts";

export const LIMITS = {
  title: 120,
  summary: 300,
  description: 20_000,
  outcome: 300,
  outcomes: 12,
  lessonBody: 60_000,
  transcript: 60_000,
  contentWarning: 300,
  prompt: 2_000,
  option: 500,
  options: 10,
  questions: 50,
  criterion: 500,
  criteria: 20,
  modules: 30,
  lessonsPerModule: 40,
  note: 1_000,
  reason: 2_000,
} as const;

// ---------------------------------------------------------------------------------------------------
// Pieces

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const SlugSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(2, "course.slug_invalid")
  .max(80, "form.too_long")
  .regex(SLUG, "course.slug_invalid");

const text = (max: number) => z.string({ error: "form.required" }).trim().min(1, "form.required").max(max, "form.too_long");
const optionalText = (max: number) => z.string().trim().max(max, "form.too_long").optional();
/** A decimal number ("form.number" says "a whole number"). */
const decimal = () => z.coerce.number({ error: "author.number" }).refine(Number.isFinite, "author.number");
const whole = () => z.coerce.number({ error: "form.number" }).int("form.number");

/** A textarea with one item per line → the list of its non-empty lines. */
function lines(value: unknown) {
  return typeof value === "string"
    ? value
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : value;
}
/** A text input with items separated by commas → the list of its non-empty items. */
function commaList(value: unknown) {
  return typeof value === "string"
    ? value
        .split(",")
        .map((l) => l.trim())
        .filter(Boolean)
    : value;
}

// ---------------------------------------------------------------------------------------------------
// Course fields

const outcomesList = z.array(text(LIMITS.outcome)).min(1, "course.outcomes_required").max(LIMITS.outcomes, "form.too_long");
const prerequisitesList = z.array(SlugSchema).max(10, "form.too_long").default([]);

const courseFieldsShape = {
  title: text(LIMITS.title),
  summary: text(LIMITS.summary),
  description: z.string().max(LIMITS.description, "form.too_long").default(""),
  subject: z.enum(STEM_SUBJECTS, { error: "form.choose_option" }),
  level: z.enum(LEVELS, { error: "form.choose_option" }),
  language: z.enum(COURSE_LANGUAGES, { error: "form.choose_option" }),
  outcomes: outcomesList,
  credits: decimal().positive("form.number_range").max(60, "form.number_range"),
  creditUnit: z.enum(CREDIT_UNITS, { error: "form.choose_option" }),
  studyHours: whole().min(1, "form.number_range").max(2000, "form.number_range"),
  passMark: whole().min(1, "form.number_range").max(100, "form.number_range"),
  prerequisites: prerequisitesList,
  translationOf: SlugSchema.optional(),
};

/** The form version: outcomes one per line, prerequisites separated by commas. */
const courseFieldsFormShape = {
  ...courseFieldsShape,
  outcomes: z.preprocess(lines, outcomesList),
  prerequisites: z.preprocess(commaList, prerequisitesList),
};

function hoursFitCredits(c: { credits: number; creditUnit: "ECTS" | "US"; studyHours: number }, ctx: z.RefinementCtx) {
  const [lo, hi] = HOURS_PER_CREDIT[c.creditUnit];
  if (c.studyHours < c.credits * lo || c.studyHours > c.credits * hi) {
    ctx.addIssue({ code: "custom", path: ["studyHours"], message: "course.hours_mismatch" });
  }
}

export const CourseFieldsSchema = z.object(courseFieldsShape).superRefine(hoursFitCredits);
export type CourseFields = z.output<typeof CourseFieldsSchema>;

/** "Course details" on the course page. */
export const CourseFieldsFormSchema = z.object(courseFieldsFormShape).superRefine(hoursFitCredits);
export type UpdateCourseFieldsInput = z.output<typeof CourseFieldsFormSchema> & { courseId: string };

/** "Start a new course": a slug, then the same fields. */
export const CreateCourseSchema = z.object({ slug: SlugSchema, ...courseFieldsFormShape }).superRefine(hoursFitCredits);
export type CreateCourseInput = z.output<typeof CreateCourseSchema>;

// ---------------------------------------------------------------------------------------------------
// Quizzes and assignments (the stored JSON and the content files)

const points = decimal().positive("form.number_range").max(100, "form.number_range");
const prompt = text(LIMITS.prompt);
const optionsList = z.array(text(LIMITS.option)).min(2, "quiz.two_options").max(LIMITS.options, "form.too_long");
const explanation = optionalText(LIMITS.prompt);
const acceptedList = z.array(text(200)).min(1, "quiz.answer_required").max(20, "form.too_long");
const attemptsAllowed = whole().min(1, "form.number_range").max(20, "form.number_range").default(3);
const tolerance = decimal().min(0, "form.number_range").default(0);
// Grading rules added by issue 8 (app/modules/learning/grading.ts applies them). All optional with no
// default in the output, so every stored quiz, content file and content hash stays exactly as it was:
// an absent field means the rule that applied before (docs/decisions/018-quiz-grading-rules.md).
/** How `tolerance` is read; absent: 0 is exact, more is absolute (the meaning before issue 8). */
const toleranceKind = z.enum(TOLERANCE_KINDS, { error: "form.choose_option" }).optional();
/** Absent: all or nothing. */
const partialCredit = z.enum(PARTIAL_CREDIT_RULES, { error: "form.choose_option" }).optional();
// Shared by quizzes and assignments (issue 8), optional with no default for the same reason.
const assessmentShape = {
  /** The assessment's weight in the course grade; absent: 1 (every assessment counts the same). 0: not graded. */
  weight: decimal().min(0, "form.number_range").max(100, "form.number_range").optional(),
  /** Due so many days after the cohort starts; absent: the cohort's end date (or no due date). */
  dueDays: whole().min(0, "form.number_range").max(730, "form.number_range").optional(),
};
const quizRulesShape = {
  ...assessmentShape,
  /** Which attempt's score counts; absent: the highest. */
  keep: z.enum(KEEP_POLICIES, { error: "form.choose_option" }).optional(),
  /** When the learner sees which answers were right; absent: immediately. */
  showAnswers: z.enum(SHOW_ANSWERS, { error: "form.choose_option" }).optional(),
};
/** A relative tolerance is a fraction of the answer (0.05 = 5 %), at most 1. */
function relativeAtMostOne(q: { tolerance: number; toleranceKind?: string }, ctx: z.RefinementCtx) {
  if (q.toleranceKind === "relative" && q.tolerance > 1) {
    ctx.addIssue({ code: "custom", path: ["tolerance"], message: "form.number_range" });
  }
}

export const QuestionSchema = z.discriminatedUnion(
  "type",
  [
    z
      .object({
        type: z.literal("single"),
        prompt,
        points,
        options: optionsList,
        answer: z.coerce.number().int("quiz.answer_required"),
        explanation,
      })
      .refine((q) => q.answer >= 0 && q.answer < q.options.length, { path: ["answer"], message: "quiz.answer_required" }),
    z
      .object({
        type: z.literal("multiple"),
        prompt,
        points,
        options: optionsList,
        answers: z.array(z.coerce.number().int()).min(1, "quiz.answer_required"),
        partialCredit,
        explanation,
      })
      .refine((q) => q.answers.every((a) => a >= 0 && a < q.options.length) && new Set(q.answers).size === q.answers.length, {
        path: ["answers"],
        message: "quiz.answer_required",
      }),
    z
      .object({
        type: z.literal("numeric"),
        prompt,
        points,
        answer: z.coerce.number({ error: "quiz.answer_required" }).refine(Number.isFinite, "quiz.answer_required"),
        tolerance,
        toleranceKind,
        explanation,
      })
      .superRefine(relativeAtMostOne),
    z.object({ type: z.literal("text"), prompt, points, accepted: acceptedList, explanation }),
  ],
  { error: "quiz.type_invalid" },
);
export type Question = z.output<typeof QuestionSchema>;

export const QuizSchema = z.object({
  /** The attempt limit (maxAttempts): 1 to 20, 3 when absent. */
  attemptsAllowed,
  ...quizRulesShape,
  questions: z.array(QuestionSchema).min(1, "quiz.questions_required").max(LIMITS.questions, "form.too_long"),
});
export type Quiz = z.output<typeof QuizSchema>;

export const RubricCriterionSchema = z.object({ criterion: text(LIMITS.criterion), points });

const fileTypesList = z
  .array(
    z
      .string()
      .trim()
      .regex(/^\.[a-z0-9]{1,8}$/, "assignment.file_type_invalid"),
  )
  .min(1, "assignment.file_types_required")
  .max(20, "form.too_long");
const maxSizeMb = decimal().positive("form.number_range").max(100, "form.number_range");

export const AssignmentSchema = z.object({
  rubric: z.array(RubricCriterionSchema).min(1, "assignment.rubric_required").max(LIMITS.criteria, "form.too_long"),
  fileTypes: fileTypesList,
  maxSizeMb,
  ...assessmentShape,
  /** Whether the learner may submit again until it is graded; absent: no. */
  allowResubmission: z.boolean().optional(),
});
export type Assignment = z.output<typeof AssignmentSchema>;

// ---------------------------------------------------------------------------------------------------
// The lesson editor: names are Conform paths, the output is the domain shape.

/** "Number of the correct option": one number (single) or numbers separated by commas (multiple), 1-based. */
const correctNumbers = z
  .string({ error: "quiz.answer_required" })
  .trim()
  .max(60, "form.too_long")
  .regex(/^\d{1,3}(?:\s*,\s*\d{1,3})*$/, "quiz.correct_format");

function optionIndexes(correct: string, optionCount: number, ctx: z.RefinementCtx, single: boolean): number[] {
  const numbers = [...new Set(correct.split(",").map((p) => Number(p.trim())))];
  if (single && numbers.length > 1) {
    ctx.addIssue({ code: "custom", path: ["correct"], message: "quiz.single_one_answer" });
    return [];
  }
  if (numbers.some((n) => n < 1 || n > optionCount)) {
    ctx.addIssue({ code: "custom", path: ["correct"], message: "quiz.correct_out_of_range" });
    return [];
  }
  return numbers.map((n) => n - 1);
}

const QuestionFormSchema = z.discriminatedUnion(
  "type",
  [
    z
      .object({
        type: z.literal("single"),
        prompt,
        points,
        options: z.preprocess(lines, optionsList),
        correct: correctNumbers,
        explanation,
      })
      .transform(({ correct, ...q }, ctx): Question => {
        const [answer = -1] = optionIndexes(correct, q.options.length, ctx, true);
        return { ...q, answer };
      }),
    z
      .object({
        type: z.literal("multiple"),
        prompt,
        points,
        options: z.preprocess(lines, optionsList),
        correct: correctNumbers,
        partialCredit,
        explanation,
      })
      .transform(({ correct, partialCredit, ...q }, ctx): Question => ({
        ...q,
        answers: optionIndexes(correct, q.options.length, ctx, false),
        // The default is stored as an absent field (stored quizzes keep their content hash).
        ...(partialCredit && partialCredit !== "all_or_nothing" ? { partialCredit } : {}),
      })),
    z
      .object({
        type: z.literal("numeric"),
        prompt,
        points,
        answer: z.coerce.number({ error: "quiz.answer_required" }).refine(Number.isFinite, "quiz.answer_required"),
        tolerance,
        toleranceKind,
        explanation,
      })
      .superRefine(relativeAtMostOne)
      .transform(({ toleranceKind, ...q }): Question => {
        // Absolute is what an absent kind means (an absolute 0 is exact), so it is stored as absent.
        const legacy = !toleranceKind || toleranceKind === "absolute" || (toleranceKind === "exact" && q.tolerance === 0);
        return { ...q, ...(legacy ? {} : { toleranceKind }) };
      }),
    z.object({ type: z.literal("text"), prompt, points, accepted: z.preprocess(lines, acceptedList), explanation }),
  ],
  { error: "quiz.type_invalid" },
);

const QuizFormSchema = z
  .object({
    attemptsAllowed,
    ...quizRulesShape,
    questions: z.array(QuestionFormSchema).min(1, "quiz.questions_required").max(LIMITS.questions, "form.too_long"),
  })
  .transform(({ keep, showAnswers, ...quiz }): Quiz => ({
    ...quiz,
    ...(keep && keep !== "highest" ? { keep } : {}),
    ...(showAnswers && showAnswers !== "immediately" ? { showAnswers } : {}),
  }));

/** ".PDF, docx" → [".pdf", ".docx"]. */
function fileTypes(value: unknown) {
  const list = commaList(value);
  return Array.isArray(list)
    ? list.map((t) => (typeof t === "string" ? (t.startsWith(".") ? t : `.${t}`).toLowerCase() : t))
    : list;
}

/** A checkbox: ticked is true; unticked is absent (never false), so stored content keeps its hash. */
const tickedOrAbsent = z.preprocess((v) => (v === "on" || v === true ? true : undefined), z.boolean().optional());

const AssignmentFormSchema = z.object({
  rubric: z.array(RubricCriterionSchema).min(1, "assignment.rubric_required").max(LIMITS.criteria, "form.too_long"),
  fileTypes: z.preprocess(fileTypes, fileTypesList),
  maxSizeMb,
  // Issue 8: empty fields stay absent (weight 1, the cohort's end date, no resubmission).
  ...assessmentShape,
  allowResubmission: tickedOrAbsent,
});

const lessonFields = {
  title: text(LIMITS.title),
  contentWarning: optionalText(LIMITS.contentWarning),
  body: z.string().max(LIMITS.lessonBody, "form.too_long").default(""),
};

function lessonForm<Extra extends z.ZodRawShape>(extra: Extra) {
  return z.discriminatedUnion(
    "kind",
    [
      z.object({ ...extra, kind: z.literal("text"), ...lessonFields }),
      z.object({
        ...extra,
        kind: z.literal("video"),
        ...lessonFields,
        // A draft may lack its transcript; the publication checklist requires it.
        transcript: optionalText(LIMITS.transcript),
        durationMinutes: whole().min(1, "form.number_range").max(600, "form.number_range").optional(),
      }),
      z.object({ ...extra, kind: z.literal("quiz"), ...lessonFields, quiz: QuizFormSchema }),
      z.object({ ...extra, kind: z.literal("assignment"), ...lessonFields, assignment: AssignmentFormSchema }),
    ],
    { error: "lesson.kind_invalid" },
  );
}

/** The lesson editor of an existing lesson (its slug and module do not change). */
export const LessonFormSchema = lessonForm({});
export type LessonForm = z.output<typeof LessonFormSchema>;
export type UpdateLessonInput = LessonForm & { courseId: string; lessonSlug: string };

/** The editor of a new lesson: also its module and slug. */
export const NewLessonSchema = lessonForm({
  module: z.string({ error: "form.choose_option" }).regex(SLUG, "form.choose_option").max(80, "form.choose_option"),
  slug: SlugSchema,
});
export type AddLessonInput = z.output<typeof NewLessonSchema> & { courseId: string };

export const DeleteLessonSchema = z.object({});
export type DeleteLessonInput = { courseId: string; lessonSlug: string };

// ---------------------------------------------------------------------------------------------------
// Modules, order, co-authors, submission

export const ModuleFieldsSchema = z.object({
  slug: SlugSchema,
  title: text(LIMITS.title),
  summary: z.string().trim().max(LIMITS.summary, "form.too_long").default(""),
});
export const AddModuleSchema = ModuleFieldsSchema;
export type AddModuleInput = z.output<typeof AddModuleSchema> & { courseId: string };

export const MoveItemSchema = z.object({
  item: z.enum(["module", "lesson"], { error: "request.invalid" }),
  slug: SlugSchema,
  direction: z.enum(["up", "down"], { error: "request.invalid" }),
});
export type MoveItemInput = z.output<typeof MoveItemSchema> & { courseId: string };

export const AddCoAuthorSchema = z.object({ email: EmailSchema });
export type AddCoAuthorInput = z.output<typeof AddCoAuthorSchema> & { courseId: string };

export const SubmitCourseSchema = z.object({ note: optionalText(LIMITS.note) });
export type SubmitCourseInput = z.output<typeof SubmitCourseSchema> & { courseId: string };

export const WithdrawSubmissionSchema = z.object({});
export type WithdrawSubmissionInput = { courseId: string };

// ---------------------------------------------------------------------------------------------------
// Review decisions (admins)

export const IdSchema = z
  .string({ error: "request.invalid" })
  .regex(/^[a-z0-9]{1,64}$/i, "request.invalid")
  .max(64, "request.invalid");
const ContentHashSchema = z.string({ error: "request.invalid" }).regex(/^[a-f0-9]{64}$/, "request.invalid");
const requiredReason = text(LIMITS.reason);
const optionalReason = z.string().trim().max(LIMITS.reason, "form.too_long").default("");

/** "Publish": carries the revision the admin read and the hash of its content, so a changed course is not published unseen. */
export const PublishCourseSchema = z.object({
  revisionId: IdSchema,
  contentHash: ContentHashSchema,
  publishReason: optionalReason,
  /** Publishing and archiving are confirmed first (docs/decisions/015-confirmed-admin-actions.md). */
  confirm: ConfirmField,
});
export type PublishCourseInput = z.output<typeof PublishCourseSchema> & { courseId: string };

export const ReturnCourseSchema = z.object({ revisionId: IdSchema, returnReason: requiredReason });
export type ReturnCourseInput = z.output<typeof ReturnCourseSchema> & { courseId: string };

export const ArchiveCourseSchema = z.object({ archiveReason: requiredReason, confirm: ConfirmField });
export type ArchiveCourseInput = z.output<typeof ArchiveCourseSchema> & { courseId: string };

// ---------------------------------------------------------------------------------------------------
// Content files (docs/content-format.md)

const lessonFrontmatterBase = {
  title: text(LIMITS.title),
  module: SlugSchema,
  contentWarning: optionalText(LIMITS.contentWarning),
};

/** Frontmatter of lessons/NN-slug.md, by kind. */
export const LessonFrontmatterSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("text"), ...lessonFrontmatterBase }),
    z.object({
      kind: z.literal("video"),
      ...lessonFrontmatterBase,
      transcript: z
        .string({ error: "lesson.transcript_required" })
        .trim()
        .min(1, "lesson.transcript_required")
        .max(LIMITS.transcript, "form.too_long"),
      durationMinutes: z.coerce.number().int().positive().max(600).optional(),
    }),
    z.object({ kind: z.literal("quiz"), ...lessonFrontmatterBase, quiz: QuizSchema }),
    z.object({ kind: z.literal("assignment"), ...lessonFrontmatterBase, assignment: AssignmentSchema }),
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

// ---------------------------------------------------------------------------------------------------
// The catalog query (GET /courses)

const credit = z.coerce.number().finite().min(0).max(60);
/** Each filter is validated on its own: a bad value is dropped (and reported), the rest still apply. */
const CATALOG_QUERY_FIELDS = {
  q: z.string().trim().max(100),
  subject: z.enum(STEM_SUBJECTS),
  level: z.enum(LEVELS),
  language: z.enum(COURSE_LANGUAGES),
  minCredits: credit,
  maxCredits: credit,
} as const;

export type CatalogFilters = {
  q?: string;
  subject?: (typeof STEM_SUBJECTS)[number];
  level?: (typeof LEVELS)[number];
  language?: (typeof COURSE_LANGUAGES)[number];
  minCredits?: number;
  maxCredits?: number;
};

/**
 * The filters of a catalog URL; empty values mean "any", invalid ones are listed in `ignored`. Control
 * characters are stripped first (harmless in a search, and PostgreSQL text cannot hold NUL).
 */
export function parseCatalogQuery(params: URLSearchParams): { filters: CatalogFilters; ignored: string[] } {
  const filters: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, schema] of Object.entries(CATALOG_QUERY_FIELDS)) {
    const raw = stripControlCharacters(params.get(name) ?? "").trim();
    if (!raw) continue;
    const result = schema.safeParse(raw);
    if (result.success) filters[name] = result.data;
    else ignored.push(name);
  }
  const parsed = filters as CatalogFilters;
  if (parsed.minCredits !== undefined && parsed.maxCredits !== undefined && parsed.minCredits > parsed.maxCredits) {
    delete parsed.minCredits;
    delete parsed.maxCredits;
    ignored.push("minCredits", "maxCredits");
  }
  return { filters: parsed, ignored };
}
