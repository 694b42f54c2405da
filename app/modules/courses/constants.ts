// Course vocabularies shared by forms, schemas and pages (no zod here: pages import it). Field limits are
// not here: they live in the schemas (schemas.ts) and reach the browser through getConstraints.
export { STEM_SUBJECTS } from "#app/modules/educators/subjects.ts";

export const LEVELS = ["introductory", "intermediate", "advanced"] as const;
export const CREDIT_UNITS = ["ECTS", "US"] as const;
export const LESSON_KINDS = ["text", "video", "quiz", "assignment"] as const;
export const QUESTION_TYPES = ["single", "multiple", "numeric", "text"] as const;
export const COURSE_LANGUAGES = ["en", "es", "ar"] as const;

export type LessonKind = (typeof LESSON_KINDS)[number];
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Study hours one credit stands for: 1 ECTS = 25–30 hours; 1 US credit hour ≈ 45 hours (15 contact + 30 study). */
export const HOURS_PER_CREDIT = { ECTS: [25, 30], US: [37.5, 52.5] } as const;

/** What a new quiz question and a new rubric row start with (the "Add" buttons' Conform insert intent). */
/** Grading rules of quizzes (issue 8, ADR 018); the first of each list is the default. */
export const TOLERANCE_KINDS = ["absolute", "relative", "exact"] as const;
export const PARTIAL_CREDIT_RULES = ["all_or_nothing", "per_option"] as const;
export const KEEP_POLICIES = ["highest", "latest"] as const;
export const SHOW_ANSWERS = ["immediately", "after_due"] as const;
export const NEW_QUESTION = { type: "single", points: "1", tolerance: "0" } as const satisfies Record<string, string>;
export const NEW_CRITERION = {} as const satisfies Record<string, string>;
