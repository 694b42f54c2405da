// Form parsing for the authoring routes: the course fields (outcomes one per line, prerequisites
// separated by commas) and the lesson editor (quiz questions and rubric rows as numbered inputs).
// The courses module's zod schemas decide what is valid; this file turns form strings into their input
// and maps every issue path (questions.2.answer) back to the input that holds it (q.2.correct).
import { randomBytes } from "node:crypto";
import { data } from "react-router";
import { z } from "zod";
import {
  emptyCriterion,
  emptyQuestion,
  type CriterionState,
  type LessonFormState,
  type QuestionState,
} from "#app/components/authoring/lesson-state.ts";
import { getCourseForAuthor, requireApprovedEducator, type LessonInput } from "#app/modules/courses/authoring.server.ts";
import { LESSON_KINDS, LIMITS, QUESTION_TYPES } from "#app/modules/courses/constants.ts";
import { renderMarkdown } from "#app/modules/courses/markdown.server.ts";
import { AssignmentSchema, CourseFieldsSchema, QuizSchema, SlugSchema, type CourseFields } from "#app/modules/courses/schemas.ts";
import type { PermissionRequest } from "#app/modules/identity/permissions.ts";
import { requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import type { FieldErrors } from "#app/utils/forms.server.ts";

// Long Markdown (a description, a lesson body) must survive a failed save, so the echo limit is the
// largest field's limit and a little more; the 1 MB body limit of the server bounds the whole post.
const ECHO_MAX = LIMITS.lessonBody + 1000;
const KEY_RE = /^[a-z0-9]{1,16}$/;

/** The guard of every authoring loader and action: a logged-in educator, approved and not suspended (else 403). */
export async function requireAuthor(request: Request, permission: PermissionRequest) {
  const user = await requireUser(request);
  requirePermission(user, permission);
  try {
    await requireApprovedEducator(user.id);
  } catch (error) {
    throw toErrorResponse(error);
  }
  return user;
}

/** Runs a module operation; its AppError becomes the 403/404/409 page, anything else stays a 500. */
export async function orErrorPage<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    throw toErrorResponse(error);
  }
}

/** A course the user co-authors, with the revision to show (the open draft, else the published one); 404 otherwise. */
export async function loadAuthoredCourse(userId: string, courseId: string) {
  if (courseId.length > 64) throw toErrorResponse(new AppError("NOT_FOUND"));
  const found = await orErrorPage(getCourseForAuthor({ userId, courseId }));
  const shown = found.draft ?? found.published;
  if (!shown) throw toErrorResponse(new AppError("NOT_FOUND"));
  const state = found.course.archivedAt ? "archived" : found.draft ? found.draft.status : "published";
  // Editing is possible on a draft, and on a published course (the first edit makes a draft copy).
  return { ...found, shown, state, editable: state === "draft" || state === "published" };
}

export function newKey() {
  return randomBytes(6).toString("hex");
}

function str(formData: FormData, name: string): string {
  const v = formData.get(name);
  return typeof v === "string" ? v : "";
}

/** The text values of a post, to put back in the form. */
export function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && key.length <= 40 && value.length <= ECHO_MAX) values[key] = value;
  }
  return values;
}

/** A failed form: field messages and the values to re-render, status 400 unless given. */
export function failure(form: string, errors: FieldErrors, values: Record<string, string>, status = 400) {
  return data({ ok: false as const, form, errors, values }, { status });
}

function message(m: string) {
  // "form.number" reads "Enter a whole number", wrong for credits, points and tolerances.
  if (m === "form.number") return "author.number";
  return /^(form|course|quiz|lesson|assignment|author)\./.test(m) ? m : "form.invalid";
}

function add(errors: FieldErrors, field: string, m: string) {
  const list = (errors[field] ??= []);
  const msg = message(m);
  if (!list.includes(msg)) list.push(msg);
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const commaList = (s: string) =>
  s
    .split(",")
    .map((l) => l.trim())
    .filter(Boolean);
/** An empty number input is "no value", not 0 (Number("") is 0). */
const num = (s: string) => (s.trim() === "" ? undefined : s.trim());

// ---------------------------------------------------------------------------------------------------
// Course fields

export const COURSE_FIELD_NAMES = [
  "title",
  "summary",
  "description",
  "subject",
  "level",
  "language",
  "outcomes",
  "credits",
  "creditUnit",
  "studyHours",
  "passMark",
  "prerequisites",
  "translationOf",
] as const;

export function parseCourseFields(formData: FormData): { ok: true; data: CourseFields } | { ok: false; errors: FieldErrors } {
  const translationOf = str(formData, "translationOf").trim();
  const raw = {
    title: str(formData, "title"),
    summary: str(formData, "summary"),
    description: str(formData, "description"),
    subject: str(formData, "subject"),
    level: str(formData, "level"),
    language: str(formData, "language"),
    outcomes: lines(str(formData, "outcomes")),
    credits: num(str(formData, "credits")),
    creditUnit: str(formData, "creditUnit"),
    studyHours: num(str(formData, "studyHours")),
    passMark: num(str(formData, "passMark")),
    prerequisites: commaList(str(formData, "prerequisites")),
    translationOf: translationOf || undefined,
  };
  const result = CourseFieldsSchema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    add(errors, (COURSE_FIELD_NAMES as readonly string[]).includes(field) ? field : "form", issue.message);
  }
  return { ok: false, errors };
}

export function parseSlug(formData: FormData, name = "slug") {
  return SlugSchema.safeParse(str(formData, name));
}

/** A revision's course fields as the strings of the form. */
export function courseFormValues(r: {
  title: string;
  summary: string;
  description: string;
  subject: string;
  level: string;
  language: string;
  outcomes: string[];
  credits: number;
  creditUnit: string;
  studyHours: number;
  passMark: number;
  prerequisites: string[];
  translationOf: string | null;
}): Record<string, string> {
  return {
    title: r.title,
    summary: r.summary,
    description: r.description,
    subject: r.subject,
    level: r.level,
    language: r.language,
    outcomes: r.outcomes.join("\n"),
    credits: String(r.credits),
    creditUnit: r.creditUnit,
    studyHours: String(r.studyHours),
    passMark: String(r.passMark),
    prerequisites: r.prerequisites.join(", "),
    translationOf: r.translationOf ?? "",
  };
}

// ---------------------------------------------------------------------------------------------------
// Lesson editor

export type EditorIntent =
  | { kind: "save" }
  | { kind: "preview" }
  | { kind: "refresh" }
  | { kind: "add-question" }
  | { kind: "remove-question"; index: number }
  | { kind: "add-criterion" }
  | { kind: "remove-criterion"; index: number }
  | { kind: "delete" };

export function parseEditorIntent(formData: FormData): EditorIntent | null {
  const intent = str(formData, "intent") || "save";
  const remove = /^remove-(question|criterion)-(\d{1,3})$/.exec(intent);
  if (remove) return { kind: remove[1] === "question" ? "remove-question" : "remove-criterion", index: Number(remove[2]) };
  if (["save", "preview", "refresh", "add-question", "add-criterion", "delete"].includes(intent))
    return { kind: intent } as EditorIntent;
  return null;
}

// More blocks than the schemas allow are cut here, before any work; the schema then reports the limit.
const MAX_BLOCKS = Math.max(LIMITS.questions, LIMITS.criteria) + 1;

function indexed(formData: FormData, prefix: "q" | "r"): Map<number, Record<string, string>> {
  const blocks = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix}\\.(\\d{1,3})\\.([a-zA-Z]{1,20})$`);
  for (const [name, value] of formData) {
    const m = re.exec(name);
    if (!m || typeof value !== "string") continue;
    const i = Number(m[1]);
    if (!blocks.has(i) && blocks.size >= MAX_BLOCKS) continue;
    const block = blocks.get(i) ?? {};
    block[m[2]!] = value;
    blocks.set(i, block);
  }
  return new Map([...blocks.entries()].sort((a, b) => a[0] - b[0]));
}

function blockKey(v: string | undefined) {
  return v && KEY_RE.test(v) ? v : newKey();
}

/** The editor's state from a post (whatever the intent), so that it can be shown again as typed. */
export function readLessonState(formData: FormData): LessonFormState {
  const questions: QuestionState[] = [...indexed(formData, "q").values()].map((b) => ({
    ...emptyQuestion(blockKey(b.key)),
    type: b.type ?? "single",
    prompt: b.prompt ?? "",
    points: b.points ?? "",
    options: b.options ?? "",
    correct: b.correct ?? "",
    answer: b.answer ?? "",
    tolerance: b.tolerance ?? "",
    accepted: b.accepted ?? "",
    explanation: b.explanation ?? "",
  }));
  const rubric: CriterionState[] = [...indexed(formData, "r").values()].map((b) => ({
    key: blockKey(b.key),
    criterion: b.criterion ?? "",
    points: b.points ?? "",
  }));
  return {
    module: str(formData, "module"),
    slug: str(formData, "slug"),
    title: str(formData, "title"),
    kind: str(formData, "kind"),
    contentWarning: str(formData, "contentWarning"),
    body: str(formData, "body"),
    transcript: str(formData, "transcript"),
    durationMinutes: str(formData, "durationMinutes"),
    attemptsAllowed: str(formData, "attemptsAllowed"),
    questions,
    rubric,
    fileTypes: str(formData, "fileTypes"),
    maxSizeMb: str(formData, "maxSizeMb"),
  };
}

/** Add or remove a question block or a rubric row; other intents leave the state as it is. */
export function applyEditorIntent(state: LessonFormState, intent: EditorIntent): LessonFormState {
  switch (intent.kind) {
    case "add-question":
      if (state.questions.length >= LIMITS.questions) return state;
      return { ...state, questions: [...state.questions, emptyQuestion(newKey())] };
    case "remove-question":
      return { ...state, questions: state.questions.filter((_, i) => i !== intent.index) };
    case "add-criterion":
      if (state.rubric.length >= LIMITS.criteria) return state;
      return { ...state, rubric: [...state.rubric, emptyCriterion(newKey())] };
    case "remove-criterion":
      return { ...state, rubric: state.rubric.filter((_, i) => i !== intent.index) };
    default:
      return state;
  }
}

type StoredLesson = {
  slug: string;
  title: string;
  kind: string;
  body: string;
  contentWarning: string | null;
  transcript: string | null;
  durationMinutes: number | null;
  quiz: unknown;
  assignment: unknown;
  module: { slug: string };
};

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asText = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** A stored lesson as the editor's strings. Stored JSON is read defensively: old or imported data may not fit. */
export function lessonStateFromLesson(lesson: StoredLesson): LessonFormState {
  const quiz = asRecord(lesson.quiz);
  const assignment = asRecord(lesson.assignment);
  const questions: QuestionState[] = asArray(quiz.questions).map((raw) => {
    const q = asRecord(raw);
    const type = asText(q.type);
    const options = asArray(q.options).map(asText);
    const oneBased = (v: unknown) => (typeof v === "number" ? String(v + 1) : "");
    return {
      ...emptyQuestion(newKey()),
      type,
      prompt: asText(q.prompt),
      points: asText(q.points),
      options: options.join("\n"),
      correct: type === "single" ? oneBased(q.answer) : type === "multiple" ? asArray(q.answers).map(oneBased).join(", ") : "",
      answer: type === "numeric" ? asText(q.answer) : "",
      tolerance: type === "numeric" ? asText(q.tolerance ?? 0) : "0",
      accepted: asArray(q.accepted).map(asText).join("\n"),
      explanation: asText(q.explanation),
    };
  });
  const rubric: CriterionState[] = asArray(assignment.rubric).map((raw) => {
    const c = asRecord(raw);
    return { key: newKey(), criterion: asText(c.criterion), points: asText(c.points) };
  });
  const fileTypes = asArray(assignment.fileTypes).map(asText);
  return {
    module: lesson.module.slug,
    slug: lesson.slug,
    title: lesson.title,
    kind: lesson.kind,
    contentWarning: lesson.contentWarning ?? "",
    body: lesson.body,
    transcript: lesson.transcript ?? "",
    durationMinutes: lesson.durationMinutes == null ? "" : String(lesson.durationMinutes),
    attemptsAllowed: asText(quiz.attemptsAllowed) || "3",
    questions: questions.length ? questions : [emptyQuestion(newKey())],
    rubric: rubric.length ? rubric : [emptyCriterion(newKey())],
    fileTypes: fileTypes.length ? fileTypes.join(", ") : ".pdf",
    maxSizeMb: asText(assignment.maxSizeMb) || "5",
  };
}

const LessonFieldsSchema = z.object({
  title: z.string().trim().min(1, "form.required").max(LIMITS.title, "form.too_long"),
  kind: z.enum(LESSON_KINDS, { error: "lesson.kind_invalid" }),
  contentWarning: z.string().trim().max(LIMITS.contentWarning, "form.too_long"),
  body: z.string().max(LIMITS.lessonBody, "form.too_long"),
  // Saved drafts may lack a transcript; the publication checklist requires it (lesson.transcript_required).
  transcript: z.string().trim().max(LIMITS.transcript, "form.too_long"),
  durationMinutes: z.coerce
    .number({ error: "author.number" })
    .int("form.number")
    .min(1, "form.number_range")
    .max(600, "form.number_range")
    .optional(),
});

/** Option numbers as typed ("1, 3") to 0-based indexes, or an error key. */
function optionIndexes(q: QuestionState, optionCount: number): number[] | string {
  const parts = commaList(q.correct);
  if (parts.length === 0) return "quiz.answer_required";
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return "quiz.correct_format";
  const numbers = [...new Set(parts.map(Number))];
  if (numbers.some((n) => n < 1 || n > optionCount)) return "quiz.correct_out_of_range";
  if (q.type === "single" && numbers.length > 1) return "quiz.single_one_answer";
  return numbers.map((n) => n - 1);
}

/** Where a QuizSchema issue belongs in the editor. */
function quizField(path: PropertyKey[], questions: QuestionState[]): string {
  if (path[0] === "attemptsAllowed") return "attemptsAllowed";
  if (path[0] !== "questions") return "questions";
  if (typeof path[1] !== "number") return "questions";
  const i = path[1];
  const field = path[2];
  const type = questions[i]?.type;
  if (field === undefined || field === "type") return `q.${i}.type`;
  if (field === "answers") return `q.${i}.correct`;
  if (field === "answer") return type === "numeric" ? `q.${i}.answer` : `q.${i}.correct`;
  if (["prompt", "points", "options", "tolerance", "accepted", "explanation"].includes(String(field)))
    return `q.${i}.${String(field)}`;
  return `q.${i}.type`;
}

function quizFromState(state: LessonFormState, errors: FieldErrors): unknown {
  const questions = state.questions.map((q, i) => {
    const base = { type: q.type, prompt: q.prompt, points: num(q.points), explanation: q.explanation.trim() || undefined };
    if (!(QUESTION_TYPES as readonly string[]).includes(q.type)) {
      add(errors, `q.${i}.type`, "quiz.type_invalid");
      return base;
    }
    if (q.type === "single" || q.type === "multiple") {
      const options = lines(q.options);
      const picked = optionIndexes(q, options.length);
      if (typeof picked === "string") add(errors, `q.${i}.correct`, picked);
      const indexes = typeof picked === "string" ? [] : picked;
      // An unusable answer is reported above; -1 keeps the schema from adding a second message.
      return q.type === "single"
        ? { ...base, options, answer: indexes[0] ?? -1 }
        : { ...base, options, answers: indexes.length ? indexes : [-1] };
    }
    if (q.type === "numeric") return { ...base, answer: num(q.answer), tolerance: num(q.tolerance) };
    return { ...base, accepted: lines(q.accepted) };
  });
  return { attemptsAllowed: num(state.attemptsAllowed), questions };
}

function normaliseFileType(t: string) {
  const lower = t.toLowerCase();
  return lower.startsWith(".") ? lower : `.${lower}`;
}

export type ValidLesson = { slug: string; module: string; lesson: LessonInput };

/** Validates the whole editor; every message is placed on the input it is about. */
export function validateLessonState(
  state: LessonFormState,
  options: { isNew: boolean },
): { ok: true; data: ValidLesson } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let slug = state.slug;
  if (options.isNew) {
    const s = SlugSchema.safeParse(state.slug);
    if (s.success) slug = s.data;
    else for (const issue of s.error.issues) add(errors, "slug", issue.message);
    if (!state.module) add(errors, "module", "form.choose_option");
  }
  const fields = LessonFieldsSchema.safeParse({
    ...state,
    durationMinutes: state.kind === "video" ? num(state.durationMinutes) : undefined,
  });
  if (!fields.success) for (const issue of fields.error.issues) add(errors, String(issue.path[0] ?? "form"), issue.message);

  let quiz: unknown;
  let assignment: unknown;
  if (state.kind === "quiz") {
    const raw = quizFromState(state, errors);
    const parsed = QuizSchema.safeParse(raw);
    if (parsed.success) quiz = parsed.data;
    else for (const issue of parsed.error.issues) add(errors, quizField(issue.path, state.questions), issue.message);
  }
  if (state.kind === "assignment") {
    const raw = {
      rubric: state.rubric.map((r) => ({ criterion: r.criterion, points: num(r.points) })),
      fileTypes: commaList(state.fileTypes).map(normaliseFileType),
      maxSizeMb: num(state.maxSizeMb),
    };
    const parsed = AssignmentSchema.safeParse(raw);
    if (parsed.success) assignment = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        const [top, i, field] = issue.path;
        const name =
          top === "rubric" && typeof i === "number" && (field === "criterion" || field === "points")
            ? `r.${i}.${field}`
            : String(top ?? "form");
        add(errors, name, issue.message);
      }
    }
  }
  if (Object.keys(errors).length || !fields.success) return { ok: false, errors };
  const f = fields.data;
  return {
    ok: true,
    data: {
      slug,
      module: state.module,
      lesson: {
        title: f.title,
        kind: f.kind,
        body: f.body,
        contentWarning: f.contentWarning || null,
        transcript: f.kind === "video" ? f.transcript || null : null,
        durationMinutes: f.kind === "video" ? (f.durationMinutes ?? null) : null,
        quiz,
        assignment,
      },
    },
  };
}

/** The action's answer that re-renders the editor: its state, field messages, the preview, and where focus goes. */
export function editorResponse(
  state: LessonFormState,
  options: { errors?: FieldErrors; preview?: string | null; status?: number; focus?: string } = {},
) {
  return data(
    {
      ok: !options.errors,
      state,
      errors: options.errors,
      preview: options.preview ?? null,
      focus: options.focus ?? (options.errors ? "error-summary" : null),
    },
    { status: options.status ?? (options.errors ? 400 : 200) },
  );
}

/**
 * The intents that only re-render the editor (add or remove a block, preview, show another kind's
 * fields): nothing is saved. Returns null for "save" and "delete", which the route handles.
 */
export function roundTrip(intent: EditorIntent, state: LessonFormState) {
  switch (intent.kind) {
    case "save":
    case "delete":
      return null;
    case "preview":
      if (state.body.length > LIMITS.lessonBody) return editorResponse(state, { errors: { body: ["form.too_long"] } });
      return editorResponse(state, { preview: renderMarkdown(state.body), focus: "preview" });
    case "refresh":
      return editorResponse(state);
    default: {
      const next = applyEditorIntent(state, intent);
      // With JavaScript, focus follows the change: the new block's first field, or the list's heading.
      const focus =
        intent.kind === "add-question"
          ? `f-q.${next.questions.length - 1}.type`
          : intent.kind === "add-criterion"
            ? `f-r.${next.rubric.length - 1}.criterion`
            : intent.kind === "remove-question"
              ? "quiz-heading"
              : "assignment-heading";
      return editorResponse(next, { focus });
    }
  }
}
