// Lists shared by forms and schemas. Kept apart from schemas.ts so pages can use them without
// shipping zod to the browser (docs/decisions/005-i18n-and-javascript-budget.md).

/** The STEM subjects educators teach (labels in app/locales: `subject.<id>`). */
export const STEM_SUBJECTS = [
  "mathematics",
  "statistics",
  "computer-science",
  "data-science",
  "physics",
  "chemistry",
  "biology",
  "engineering",
  "environmental-science",
  "health-sciences",
] as const;

export const QUALIFICATIONS = ["bachelor", "master", "doctorate", "professional"] as const;

/** Languages an educator can teach in (labels: `language.<code>`). */
export const TEACHING_LANGUAGES = ["en", "es", "ar", "fr", "pt", "fa", "sw", "uk"] as const;
