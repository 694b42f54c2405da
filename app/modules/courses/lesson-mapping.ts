// The one lesson shape and every conversion of it: the editor's form, the content files, the database
// row (write, read, and the copy into a new revision), and the canonical form that content hashes cover.
// Quiz and assignment JSON is validated whenever it is read (parseQuiz / parseAssignment): a value that
// does not fit is null, never cast.
import { Prisma, type Lesson } from "#app/generated/prisma/client.ts";
import { NEW_QUESTION, type LessonKind } from "./constants.ts";
import {
  AssignmentSchema,
  QuizSchema,
  type Assignment,
  type LessonForm,
  type LessonFrontmatter,
  type Question,
  type Quiz,
} from "./schemas.ts";

export function parseQuiz(value: unknown): Quiz | null {
  const result = QuizSchema.safeParse(value);
  return result.success ? result.data : null;
}

export function parseAssignment(value: unknown): Assignment | null {
  const result = AssignmentSchema.safeParse(value);
  return result.success ? result.data : null;
}

/** A lesson's content, whatever it came from. `quiz` is set for quizzes only, `assignment` for assignments only. */
export type LessonContent = {
  kind: LessonKind;
  title: string;
  body: string;
  contentWarning: string | null;
  transcript: string | null;
  durationMinutes: number | null;
  quiz: Quiz | null;
  assignment: Assignment | null;
};

/** The columns that hold a lesson's content (everything but its identity, place and timestamps). */
type ContentColumns = Pick<
  Lesson,
  "kind" | "title" | "body" | "contentWarning" | "transcript" | "durationMinutes" | "quiz" | "assignment"
>;

/** The Prisma select of those columns: what every read that becomes a LessonContent (lessonFromRow) asks for. */
export const LESSON_CONTENT_SELECT = {
  kind: true,
  title: true,
  body: true,
  contentWarning: true,
  transcript: true,
  durationMinutes: true,
  quiz: true,
  assignment: true,
} as const satisfies Record<keyof ContentColumns, true>;

// ---------------------------------------------------------------------------------------------------
// From

/** The editor's valid submission. */
export function lessonFromForm(form: LessonForm): LessonContent {
  return {
    kind: form.kind,
    title: form.title,
    body: form.body,
    contentWarning: form.contentWarning || null,
    transcript: form.kind === "video" ? form.transcript || null : null,
    durationMinutes: form.kind === "video" ? (form.durationMinutes ?? null) : null,
    quiz: form.kind === "quiz" ? form.quiz : null,
    assignment: form.kind === "assignment" ? form.assignment : null,
  };
}

/** A lesson file's frontmatter and the Markdown under it. */
export function lessonFromFrontmatter(fm: LessonFrontmatter, body: string): LessonContent {
  return {
    kind: fm.kind,
    title: fm.title,
    body,
    contentWarning: fm.contentWarning ?? null,
    transcript: fm.kind === "video" ? fm.transcript : null,
    durationMinutes: fm.kind === "video" ? (fm.durationMinutes ?? null) : null,
    quiz: fm.kind === "quiz" ? fm.quiz : null,
    assignment: fm.kind === "assignment" ? fm.assignment : null,
  };
}

/** A stored row; its JSON is validated here (null when it does not fit, e.g. written by an older version). */
export function lessonFromRow(row: ContentColumns): LessonContent {
  return {
    kind: row.kind,
    title: row.title,
    body: row.body,
    contentWarning: row.contentWarning,
    transcript: row.kind === "video" ? row.transcript : null,
    durationMinutes: row.kind === "video" ? row.durationMinutes : null,
    quiz: row.kind === "quiz" ? parseQuiz(row.quiz) : null,
    assignment: row.kind === "assignment" ? parseAssignment(row.assignment) : null,
  };
}

// ---------------------------------------------------------------------------------------------------
// To

const json = (value: Quiz | Assignment | null) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonObject));

/** The columns to write (create or update); inapplicable ones are cleared. */
export function lessonRowData(content: LessonContent) {
  return {
    kind: content.kind,
    title: content.title,
    body: content.body,
    contentWarning: content.contentWarning,
    transcript: content.kind === "video" ? content.transcript : null,
    durationMinutes: content.kind === "video" ? content.durationMinutes : null,
    quiz: json(content.kind === "quiz" ? content.quiz : null),
    assignment: json(content.kind === "assignment" ? content.assignment : null),
  } satisfies Partial<Prisma.LessonUncheckedCreateInput>;
}

const jsonCopy = (value: Prisma.JsonValue) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/**
 * A lesson copied into another revision and module: every column but its identity and timestamps, by
 * rest-spread, so a column added to Lesson is copied without anyone listing it here (a test compares every
 * column of Prisma.LessonScalarFieldEnum).
 */
export function copyLessonRow(row: Lesson, to: { revisionId: string; moduleId: string }): Prisma.LessonCreateManyInput {
  const { id: _id, revisionId: _r, moduleId: _m, createdAt: _c, updatedAt: _u, quiz, assignment, ...columns } = row;
  return { ...columns, quiz: jsonCopy(quiz), assignment: jsonCopy(assignment), ...to };
}

/** A lesson file's frontmatter (the body goes under it). */
export function lessonFrontmatter(content: LessonContent, moduleSlug: string): Record<string, unknown> {
  return {
    title: content.title,
    module: moduleSlug,
    kind: content.kind,
    ...(content.contentWarning ? { contentWarning: content.contentWarning } : {}),
    ...(content.kind === "video"
      ? { transcript: content.transcript ?? "", ...(content.durationMinutes ? { durationMinutes: content.durationMinutes } : {}) }
      : {}),
    ...(content.kind === "quiz" && content.quiz ? { quiz: content.quiz } : {}),
    ...(content.kind === "assignment" && content.assignment ? { assignment: content.assignment } : {}),
  };
}

/** What content hashes cover: the content only, in a fixed shape (keys are sorted when hashed). */
export function lessonCanonical(slug: string, content: LessonContent) {
  return { slug, ...content };
}

// ---------------------------------------------------------------------------------------------------
// The editor's values (the form's input shape: strings, option numbers from 1, one item per line)

const str = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v));

function questionValues(q: Question): Record<string, string> {
  // The grading selects show their default when the stored field is absent (schemas.ts, ADR 018).
  const base = {
    type: q.type,
    prompt: q.prompt,
    points: str(q.points),
    explanation: q.explanation ?? "",
    toleranceKind: "absolute",
    partialCredit: "all_or_nothing",
  };
  switch (q.type) {
    case "single":
      return { ...base, options: q.options.join("\n"), correct: String(q.answer + 1), tolerance: "0" };
    case "multiple":
      return {
        ...base,
        options: q.options.join("\n"),
        correct: q.answers.map((a) => a + 1).join(", "),
        tolerance: "0",
        partialCredit: q.partialCredit ?? "all_or_nothing",
      };
    case "numeric":
      return {
        ...base,
        answer: str(q.answer),
        tolerance: str(q.tolerance),
        toleranceKind: q.toleranceKind ?? "absolute",
      };
    case "text":
      return { ...base, accepted: q.accepted.join("\n"), tolerance: "0" };
  }
}

/**
 * The editor's defaults for a lesson (or a new one). Every kind's fields are filled, so that switching
 * the kind shows a quiz with one question and a rubric with one row.
 */
export function lessonFormValues(content: LessonContent | null, extra: Record<string, string> = {}) {
  const quiz = content?.quiz;
  const assignment = content?.assignment;
  return {
    ...extra,
    kind: content?.kind ?? "text",
    title: content?.title ?? "",
    contentWarning: content?.contentWarning ?? "",
    body: content?.body ?? "",
    transcript: content?.transcript ?? "",
    durationMinutes: str(content?.durationMinutes),
    quiz: {
      attemptsAllowed: str(quiz?.attemptsAllowed ?? 3),
      keep: quiz?.keep ?? "highest",
      showAnswers: quiz?.showAnswers ?? "immediately",
      weight: str(quiz?.weight),
      dueDays: str(quiz?.dueDays),
      questions: quiz?.questions.length ? quiz.questions.map(questionValues) : [{ ...NEW_QUESTION }],
    },
    assignment: {
      rubric: assignment?.rubric.length
        ? assignment.rubric.map((r) => ({ criterion: r.criterion, points: str(r.points) }))
        : [{}],
      fileTypes: assignment?.fileTypes.join(", ") ?? ".pdf",
      maxSizeMb: str(assignment?.maxSizeMb ?? 5),
      weight: str(assignment?.weight),
      dueDays: str(assignment?.dueDays),
      ...(assignment?.allowResubmission ? { allowResubmission: "on" } : {}),
    },
  };
}
