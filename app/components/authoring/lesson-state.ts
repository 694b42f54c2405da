// The lesson editor's form state, as the strings the inputs hold. It round-trips through the action
// (add or remove a question, preview, a failed save), so the editor works without JavaScript and
// nothing typed is lost. Parsing and validation live on the server (app/routes/author/forms.server.ts).

export type QuestionState = {
  /** A stable key per block: React keeps each block's inputs when another block is removed. */
  key: string;
  type: string;
  prompt: string;
  points: string;
  /** single / multiple: one option per line. */
  options: string;
  /** single: an option number; multiple: option numbers separated by commas (1-based, as shown). */
  correct: string;
  /** numeric */
  answer: string;
  tolerance: string;
  /** text: accepted answers, one per line. */
  accepted: string;
  explanation: string;
};

export type CriterionState = { key: string; criterion: string; points: string };

export type LessonFormState = {
  module: string;
  slug: string;
  title: string;
  kind: string;
  contentWarning: string;
  body: string;
  transcript: string;
  durationMinutes: string;
  attemptsAllowed: string;
  questions: QuestionState[];
  rubric: CriterionState[];
  fileTypes: string;
  maxSizeMb: string;
};

export function emptyQuestion(key: string): QuestionState {
  return {
    key,
    type: "single",
    prompt: "",
    points: "1",
    options: "",
    correct: "",
    answer: "",
    tolerance: "0",
    accepted: "",
    explanation: "",
  };
}

export function emptyCriterion(key: string): CriterionState {
  return { key, criterion: "", points: "" };
}

export function emptyLessonState(module: string, keys: { question: string; criterion: string }): LessonFormState {
  return {
    module,
    slug: "",
    title: "",
    kind: "text",
    contentWarning: "",
    body: "",
    transcript: "",
    durationMinutes: "",
    attemptsAllowed: "3",
    questions: [emptyQuestion(keys.question)],
    rubric: [emptyCriterion(keys.criterion)],
    fileTypes: ".pdf",
    maxSizeMb: "5",
  };
}

/** Field errors keyed by input name (`title`, `q.2.correct`, `r.0.points`), values are i18n keys. */
export type EditorErrors = Record<string, string[] | undefined>;
