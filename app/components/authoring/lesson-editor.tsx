// The lesson editor. Without JavaScript everything is a form post: "Add question", "Remove question N",
// "Preview" and "Show the fields for this kind" send the whole form and the action renders it again
// (nothing typed is lost). With JavaScript the kind and question-type selects switch the visible fields
// at once; the server still validates everything.
import { useEffect, useState } from "react";
import { Form } from "react-router";
import { Field, FieldErrors, SelectField, TextAreaField } from "#app/components/forms.tsx";
import { LESSON_KINDS, LIMITS, QUESTION_TYPES } from "#app/modules/courses/constants.ts";
import { useT } from "#app/utils/use-t.ts";
import type { CriterionState, EditorErrors, LessonFormState, QuestionState } from "./lesson-state.ts";

type ModuleOption = { slug: string; title: string };

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const FIELD_LABELS: Record<string, string> = {
  module: "lesson.field_module",
  slug: "lesson.field_slug",
  title: "lesson.field_title",
  kind: "lesson.field_kind",
  contentWarning: "lesson.field_content_warning",
  body: "lesson.field_body",
  transcript: "lesson.field_transcript",
  durationMinutes: "lesson.field_duration",
  attemptsAllowed: "quiz.field_attempts",
  questions: "quiz.heading",
  rubric: "assignment.heading",
  fileTypes: "assignment.field_file_types",
  maxSizeMb: "assignment.field_max_size",
};
const QUESTION_LABELS: Record<string, string> = {
  type: "quiz.field_type",
  prompt: "quiz.field_prompt",
  points: "quiz.field_points",
  options: "quiz.field_options",
  correct: "quiz.field_correct_single",
  answer: "quiz.field_numeric_answer",
  tolerance: "quiz.field_tolerance",
  accepted: "quiz.field_accepted",
  explanation: "quiz.field_explanation",
};
const CRITERION_LABELS: Record<string, string> = { criterion: "assignment.field_criterion", points: "assignment.field_points" };
const ANCHORS: Record<string, string> = { questions: "quiz-heading", rubric: "assignment-heading" };

/** The list of problems at the top of a long form, each linked to its input (the editor can be many screens long). */
function ErrorSummary({ errors }: { errors?: EditorErrors }) {
  const t = useT();
  const entries = Object.entries(errors ?? {}).filter((e): e is [string, string[]] => Boolean(e[1]?.length));
  if (entries.length === 0) return null;
  function label(key: string) {
    const block = /^([qr])\.(\d+)\.(\w+)$/.exec(key);
    if (block) {
      const n = Number(block[2]) + 1;
      return block[1] === "q"
        ? `${t("quiz.question_n", { n })}: ${t(QUESTION_LABELS[block[3]!] ?? "quiz.field_type")}`
        : `${t("assignment.criterion_n", { n })}: ${t(CRITERION_LABELS[block[3]!] ?? "assignment.field_criterion")}`;
    }
    return FIELD_LABELS[key] ? t(FIELD_LABELS[key]) : null;
  }
  return (
    <div className="alert alert-error" role="alert" id="error-summary" tabIndex={-1}>
      {entries.some(([key]) => key !== "form") ? <p>{t("form.fix_errors")}</p> : null}
      <ul>
        {entries.map(([key, messages]) => {
          const name = label(key);
          return (
            <li key={key}>
              {name ? <a href={`#${ANCHORS[key] ?? `f-${key}`}`}>{name}</a> : null}
              {name ? ": " : null}
              {messages.map((m) => t(m)).join(" ")}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function LessonEditor({
  state,
  errors,
  preview,
  focus,
  isNew,
  editable,
  modules,
}: {
  state: LessonFormState;
  errors?: EditorErrors;
  preview: string | null;
  /** The id of the element to focus after the action answered (JavaScript only). */
  focus?: string | null;
  isNew: boolean;
  editable: boolean;
  modules: ModuleOption[];
}) {
  const t = useT();
  const hydrated = useHydrated();
  const [kind, setKind] = useState(state.kind);
  const e = (name: string) => errors?.[name];
  useEffect(() => {
    if (focus) document.getElementById(focus)?.focus();
  }, [focus, state]);
  return (
    <>
      <ErrorSummary errors={errors} />
      {preview !== null ? (
        <p className="alert alert-info" role="status">
          {t("lesson.preview_ready")} <a href="#preview">{t("lesson.preview_go")}</a>
        </p>
      ) : null}
      <Form method="post" className="form lesson-editor" noValidate>
        {/* Enter in a text field submits with the form's first button: make that "Save", never "Remove question 1". */}
        <button type="submit" name="intent" value="save" hidden tabIndex={-1}>
          {t("lesson.save")}
        </button>
        <fieldset className="plain-fieldset" disabled={!editable}>
          <legend className="visually-hidden">{t("lesson.editor_legend")}</legend>
          <div className="form">
            {isNew ? (
              <>
                <SelectField name="module" label={t("lesson.field_module")} defaultValue={state.module} errors={e("module")}>
                  <option value="">{t("form.choose")}</option>
                  {modules.map((m) => (
                    <option key={m.slug} value={m.slug}>
                      {m.title}
                    </option>
                  ))}
                </SelectField>
                <Field
                  name="slug"
                  label={t("lesson.field_slug")}
                  hint={t("lesson.field_slug_hint")}
                  required
                  maxLength={80}
                  autoComplete="off"
                  spellCheck={false}
                  defaultValue={state.slug}
                  errors={e("slug")}
                />
              </>
            ) : (
              <input type="hidden" name="module" value={state.module} />
            )}
            <Field
              name="title"
              dir="auto"
              label={t("lesson.field_title")}
              required
              maxLength={LIMITS.title}
              defaultValue={state.title}
              errors={e("title")}
            />
            <div className="kind-row">
              <SelectField
                name="kind"
                label={t("lesson.field_kind")}
                defaultValue={state.kind}
                onChange={(ev) => setKind(ev.currentTarget.value)}
                errors={e("kind")}
              >
                {LESSON_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`lesson.kind_${k}`)}
                  </option>
                ))}
              </SelectField>
              <button type="submit" name="intent" value="refresh" className="button-small" hidden={hydrated}>
                {t("lesson.show_kind_fields")}
              </button>
            </div>
            <TextAreaField
              name="contentWarning"
              dir="auto"
              label={t("lesson.field_content_warning")}
              hint={t("lesson.field_content_warning_hint")}
              rows={2}
              maxLength={LIMITS.contentWarning}
              defaultValue={state.contentWarning}
              errors={e("contentWarning")}
            />
            <div className={preview !== null ? "body-editor with-preview" : "body-editor"}>
              <div className="form">
                <TextAreaField
                  name="body"
                  dir="auto"
                  label={
                    kind === "quiz"
                      ? t("lesson.field_body_quiz")
                      : kind === "assignment"
                        ? t("lesson.field_body_assignment")
                        : kind === "video"
                          ? t("lesson.field_body_video")
                          : t("lesson.field_body")
                  }
                  hint={t("author.markdown_hint")}
                  rows={kind === "text" || kind === "assignment" ? 16 : 6}
                  className="markdown-input"
                  defaultValue={state.body}
                  errors={e("body")}
                />
                <div className="actions">
                  <button type="submit" name="intent" value="preview" className="button button-secondary">
                    {t("lesson.preview")}
                    <span className="visually-hidden"> {t("lesson.preview_what")}</span>
                  </button>
                </div>
              </div>
              {preview !== null ? (
                <section id="preview" className="preview" aria-labelledby="preview-heading" tabIndex={-1}>
                  <h2 id="preview-heading">{t("lesson.preview_heading")}</h2>
                  <p className="hint">{t("lesson.preview_hint")}</p>
                  {state.contentWarning.trim() ? (
                    <div className="content-warning">
                      <p>
                        <strong>{t("lesson.content_warning_label")}</strong> {state.contentWarning}
                      </p>
                    </div>
                  ) : null}
                  <div className="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: preview }} />
                </section>
              ) : null}
            </div>

            <section className="kind-section" hidden={kind !== "video"} aria-labelledby="video-heading">
              <h2 id="video-heading">{t("lesson.video_heading")}</h2>
              <TextAreaField
                name="transcript"
                dir="auto"
                label={t("lesson.field_transcript")}
                hint={t("lesson.field_transcript_hint")}
                rows={8}
                defaultValue={state.transcript}
                errors={e("transcript")}
              />
              <Field
                name="durationMinutes"
                label={t("lesson.field_duration")}
                hint={t("form.optional")}
                type="number"
                inputMode="numeric"
                min={1}
                max={600}
                defaultValue={state.durationMinutes}
                errors={e("durationMinutes")}
              />
            </section>

            <section className="kind-section" hidden={kind !== "quiz"} aria-labelledby="quiz-heading">
              <h2 id="quiz-heading" tabIndex={-1}>
                {t("quiz.heading")}
              </h2>
              <p className="hint">{t("quiz.intro")}</p>
              <Field
                name="attemptsAllowed"
                label={t("quiz.field_attempts")}
                type="number"
                inputMode="numeric"
                min={1}
                max={20}
                defaultValue={state.attemptsAllowed}
                errors={e("attemptsAllowed")}
              />
              <FieldErrors id="f-questions-error" errors={e("questions")} />
              <ol className="block-list">
                {state.questions.map((q, i) => (
                  <li key={q.key}>
                    <QuestionBlock q={q} index={i} errors={errors} hydrated={hydrated} canRemove={state.questions.length > 1} />
                  </li>
                ))}
              </ol>
              <button
                type="submit"
                name="intent"
                value="add-question"
                className="button button-secondary"
                disabled={state.questions.length >= LIMITS.questions}
              >
                {t("quiz.add_question")}
              </button>
            </section>

            <section className="kind-section" hidden={kind !== "assignment"} aria-labelledby="assignment-heading">
              <h2 id="assignment-heading" tabIndex={-1}>
                {t("assignment.heading")}
              </h2>
              <p className="hint">{t("assignment.intro")}</p>
              <FieldErrors id="f-rubric-error" errors={e("rubric")} />
              <ol className="block-list">
                {state.rubric.map((r, i) => (
                  <li key={r.key}>
                    <CriterionBlock r={r} index={i} errors={errors} canRemove={state.rubric.length > 1} />
                  </li>
                ))}
              </ol>
              <button
                type="submit"
                name="intent"
                value="add-criterion"
                className="button button-secondary"
                disabled={state.rubric.length >= LIMITS.criteria}
              >
                {t("assignment.add_criterion")}
              </button>
              <div className="author-grid">
                <Field
                  name="fileTypes"
                  label={t("assignment.field_file_types")}
                  hint={t("assignment.field_file_types_hint")}
                  maxLength={200}
                  autoComplete="off"
                  spellCheck={false}
                  defaultValue={state.fileTypes}
                  errors={e("fileTypes")}
                />
                <Field
                  name="maxSizeMb"
                  label={t("assignment.field_max_size")}
                  type="number"
                  inputMode="decimal"
                  step="any"
                  min={0}
                  max={100}
                  defaultValue={state.maxSizeMb}
                  errors={e("maxSizeMb")}
                />
              </div>
            </section>

            <div className="actions save-row">
              <button type="submit" name="intent" value="save" className="button">
                {isNew ? t("lesson.create") : t("lesson.save")}
              </button>
            </div>
          </div>
        </fieldset>
      </Form>
    </>
  );
}

function QuestionBlock({
  q,
  index,
  errors,
  hydrated,
  canRemove,
}: {
  q: QuestionState;
  index: number;
  errors?: EditorErrors;
  hydrated: boolean;
  canRemove: boolean;
}) {
  const t = useT();
  const [type, setType] = useState(q.type);
  const n = index + 1;
  const name = (field: string) => `q.${index}.${field}`;
  const e = (field: string) => errors?.[name(field)];
  const choice = type === "single" || type === "multiple";
  return (
    <fieldset className="block">
      <legend>{t("quiz.question_n", { n })}</legend>
      <input type="hidden" name={name("key")} value={q.key} />
      <div className="kind-row">
        <SelectField
          name={name("type")}
          label={t("quiz.field_type")}
          defaultValue={q.type}
          onChange={(ev) => setType(ev.currentTarget.value)}
          errors={e("type")}
        >
          {QUESTION_TYPES.map((qt) => (
            <option key={qt} value={qt}>
              {t(`quiz.type_${qt}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" name="intent" value="refresh" className="button-small" hidden={hydrated}>
          {t("quiz.show_type_fields")}
          <span className="visually-hidden"> {t("quiz.question_n", { n })}</span>
        </button>
      </div>
      <TextAreaField
        name={name("prompt")}
        dir="auto"
        label={t("quiz.field_prompt")}
        hint={t("quiz.field_prompt_hint")}
        rows={3}
        maxLength={LIMITS.prompt}
        defaultValue={q.prompt}
        errors={e("prompt")}
      />
      <Field
        name={name("points")}
        label={t("quiz.field_points")}
        type="number"
        inputMode="decimal"
        step="any"
        min={0}
        max={100}
        defaultValue={q.points}
        errors={e("points")}
      />
      <div className="type-fields" hidden={!choice}>
        <TextAreaField
          name={name("options")}
          dir="auto"
          label={t("quiz.field_options")}
          hint={t("quiz.field_options_hint")}
          rows={4}
          defaultValue={q.options}
          errors={e("options")}
        />
        <Field
          name={name("correct")}
          label={type === "multiple" ? t("quiz.field_correct_multiple") : t("quiz.field_correct_single")}
          hint={type === "multiple" ? t("quiz.field_correct_multiple_hint") : t("quiz.field_correct_single_hint")}
          inputMode="numeric"
          maxLength={60}
          autoComplete="off"
          defaultValue={q.correct}
          errors={e("correct")}
        />
      </div>
      <div className="type-fields author-grid" hidden={type !== "numeric"}>
        <Field
          name={name("answer")}
          label={t("quiz.field_numeric_answer")}
          inputMode="decimal"
          maxLength={40}
          autoComplete="off"
          defaultValue={q.answer}
          errors={e("answer")}
        />
        <Field
          name={name("tolerance")}
          label={t("quiz.field_tolerance")}
          hint={t("quiz.field_tolerance_hint")}
          inputMode="decimal"
          maxLength={40}
          autoComplete="off"
          defaultValue={q.tolerance}
          errors={e("tolerance")}
        />
      </div>
      <div className="type-fields" hidden={type !== "text"}>
        <TextAreaField
          name={name("accepted")}
          dir="auto"
          label={t("quiz.field_accepted")}
          hint={t("quiz.field_accepted_hint")}
          rows={3}
          defaultValue={q.accepted}
          errors={e("accepted")}
        />
      </div>
      <TextAreaField
        name={name("explanation")}
        dir="auto"
        label={t("quiz.field_explanation")}
        hint={t("quiz.field_explanation_hint")}
        rows={2}
        maxLength={LIMITS.prompt}
        defaultValue={q.explanation}
        errors={e("explanation")}
      />
      {canRemove ? (
        <div className="actions">
          <button type="submit" name="intent" value={`remove-question-${index}`} className="button-small button-danger">
            {t("quiz.remove_question", { n })}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

function CriterionBlock({
  r,
  index,
  errors,
  canRemove,
}: {
  r: CriterionState;
  index: number;
  errors?: EditorErrors;
  canRemove: boolean;
}) {
  const t = useT();
  const n = index + 1;
  const name = (field: string) => `r.${index}.${field}`;
  return (
    <fieldset className="block criterion">
      <legend>{t("assignment.criterion_n", { n })}</legend>
      <input type="hidden" name={name("key")} value={r.key} />
      <div className="criterion-row">
        <TextAreaField
          name={name("criterion")}
          dir="auto"
          label={t("assignment.field_criterion")}
          rows={2}
          maxLength={LIMITS.criterion}
          defaultValue={r.criterion}
          errors={errors?.[name("criterion")]}
        />
        <Field
          name={name("points")}
          label={t("assignment.field_points")}
          type="number"
          inputMode="decimal"
          step="any"
          min={0}
          max={100}
          defaultValue={r.points}
          errors={errors?.[name("points")]}
        />
      </div>
      {canRemove ? (
        <div className="actions">
          <button type="submit" name="intent" value={`remove-criterion-${index}`} className="button-small button-danger">
            {t("assignment.remove_criterion", { n })}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
