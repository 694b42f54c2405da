// Course vocabularies shared by forms, schemas and pages (no zod here: pages import it).
export { STEM_SUBJECTS } from "#app/modules/educators/subjects.ts";

export const LEVELS = ["introductory", "intermediate", "advanced"] as const;
export const CREDIT_UNITS = ["ECTS", "US"] as const;
export const LESSON_KINDS = ["text", "video", "quiz", "assignment"] as const;
export const QUESTION_TYPES = ["single", "multiple", "numeric", "text"] as const;
export const COURSE_LANGUAGES = ["en", "es", "ar"] as const;

/** Study hours one credit stands for: 1 ECTS = 25–30 hours; 1 US credit hour ≈ 45 hours (15 contact + 30 study). */
export const HOURS_PER_CREDIT = { ECTS: [25, 30], US: [37.5, 52.5] } as const;

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
} as const;
