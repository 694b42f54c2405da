// The lesson editor. Field names are Conform paths (`quiz.questions[0].prompt`, `assignment.rubric[1].points`),
// validated on the server by LessonFormSchema / NewLessonSchema. Without JavaScript everything is a form
// post: "Add a question", "Remove question N", "Preview" and "Show the fields for this kind" are Conform
// intents (buttons named __intent__) that the action answers by rendering the form again with nothing
// saved and nothing lost. With JavaScript the kind and question-type selects switch the visible fields at
// once; the server still validates everything.
import { useEffect, useState } from "react";
import { Form } from "react-router";
import { Field, FieldErrors, fieldId, SelectField, TextAreaField, type FormState } from "#app/components/forms.tsx";
import {
  KEEP_POLICIES,
  LESSON_KINDS,
  NEW_CRITERION,
  NEW_QUESTION,
  PARTIAL_CREDIT_RULES,
  QUESTION_TYPES,
  SHOW_ANSWERS,
  TOLERANCE_KINDS,
} from "#app/modules/courses/constants.ts";
import { useT } from "#app/utils/use-t.ts";

type ModuleOption = { slug: string; title: string };

/** The Conform intent a button sends (see @conform-to/dom: insert, remove, validate). */
type Intent =
  | { type: "validate"; payload: { name: string } }
  | { type: "insert"; payload: { name: string; defaultValue: Record<string, string> } }
  | { type: "remove"; payload: { name: string; index: number } };
const intent = (value: Intent) => ({ name: "__intent__", value: JSON.stringify(value) });

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
  "quiz.attemptsAllowed": "quiz.field_attempts",
  "quiz.keep": "grading.field_keep",
  "quiz.showAnswers": "grading.field_show_answers",
  "quiz.weight": "lesson.field_weight",
  "quiz.dueDays": "lesson.field_due_days",
  "assignment.weight": "lesson.field_weight",
  "assignment.dueDays": "lesson.field_due_days",
  "assignment.allowResubmission": "lesson.field_allow_resubmission",
  "quiz.questions": "quiz.heading",
  "assignment.rubric": "assignment.heading",
  "assignment.fileTypes": "assignment.field_file_types",
  "assignment.maxSizeMb": "assignment.field_max_size",
};
const QUESTION_LABELS: Record<string, string> = {
  type: "quiz.field_type",
  prompt: "quiz.field_prompt",
  points: "quiz.field_points",
  options: "quiz.field_options",
  correct: "quiz.field_correct_single",
  answer: "quiz.field_numeric_answer",
  tolerance: "quiz.field_tolerance",
  toleranceKind: "grading.field_tolerance_kind",
  partialCredit: "grading.field_partial_credit",
  accepted: "quiz.field_accepted",
  explanation: "quiz.field_explanation",
};
const CRITERION_LABELS: Record<string, string> = { criterion: "assignment.field_criterion", points: "assignment.field_points" };
const ANCHORS: Record<string, string> = { "quiz.questions": "quiz-heading", "assignment.rubric": "assignment-heading" };

/** The list of problems at the top of a long form, each linked to its input (the editor can be many screens long). */
function ErrorSummary({ errors }: { errors: Record<string, string[]> }) {
  const t = useT();
  // `quiz.questions[0].options[2]` is about the options textarea: one entry per input.
  const byInput = new Map<string, string[]>();
  for (const [key, messages] of Object.entries(errors)) {
    const input = key.replace(/^((?:quiz\.questions|assignment\.rubric)\[\d+\]\.\w+|[\w.]+)\[\d+\]$/, "$1");
    byInput.set(input, [...new Set([...(byInput.get(input) ?? []), ...messages])]);
  }
  if (byInput.size === 0) return null;
  function label(key: string) {
    const question = /^quiz\.questions\[(\d+)\]\.(\w+)$/.exec(key);
    if (question)
      return `${t("quiz.question_n", { n: Number(question[1]) + 1 })}: ${t(QUESTION_LABELS[question[2]!] ?? "quiz.field_type")}`;
    const criterion = /^assignment\.rubric\[(\d+)\]\.(\w+)$/.exec(key);
    if (criterion)
      return `${t("assignment.criterion_n", { n: Number(criterion[1]) + 1 })}: ${t(CRITERION_LABELS[criterion[2]!] ?? "assignment.field_criterion")}`;
    return FIELD_LABELS[key] ? t(FIELD_LABELS[key]) : null;
  }
  return (
    <div className="alert alert-error" role="alert" id="error-summary" tabIndex={-1}>
      {[...byInput.keys()].some((key) => key !== "form") ? <p>{t("form.fix_errors")}</p> : null}
      <ul>
        {[...byInput.entries()].map(([key, messages]) => {
          const name = key === "form" ? null : label(key);
          return (
            <li key={key}>
              {name ? <a href={`#${ANCHORS[key] ?? fieldId(key)}`}>{name}</a> : null}
              {name ? ": " : null}
              {messages.map((m) => t(m)).join(" ")}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The action's Conform reply (its intent says what the last post did), for moving focus after it. */
type LastResult = { intent?: { type?: string; payload?: { name?: string } } | null } | null | undefined;

export function LessonEditor({
  form,
  preview,
  result,
  isNew,
  editable,
  modules,
}: {
  form: FormState;
  /** The rendered lesson text after "Preview" (rendered and sanitised on the server). */
  preview: string | null;
  result?: LastResult;
  isNew: boolean;
  editable: boolean;
  modules: ModuleOption[];
}) {
  const t = useT();
  const hydrated = useHydrated();
  const [kind, setKind] = useState(form.value("kind") || "text");
  const questions = form.count("quiz.questions", 1);
  const rubric = form.count("assignment.rubric", 1);
  const hasErrors = Object.keys(form.errors).length > 0;
  // With JavaScript, focus follows the change: the new block's first field, the list's heading after a
  // removal, the preview, or the error summary after a failed save.
  useEffect(() => {
    if (!result) return;
    const focus = (id: string) => document.getElementById(id)?.focus();
    const last = result.intent;
    const list = last?.payload?.name;
    if (!last) {
      if (hasErrors) focus("error-summary");
    } else if (last.type === "insert" && list === "quiz.questions") focus(fieldId(`quiz.questions[${questions - 1}].type`));
    else if (last.type === "insert" && list === "assignment.rubric") focus(fieldId(`assignment.rubric[${rubric - 1}].criterion`));
    else if (last.type === "remove") focus(list === "quiz.questions" ? "quiz-heading" : "assignment-heading");
    else if (last.type === "validate" && list === "body") focus(preview !== null ? "preview" : "error-summary");
    // Only when a new reply arrives: not when a select changes the visible fields.
  }, [result]);
  const contentWarning = form.value("contentWarning");
  return (
    <>
      <ErrorSummary errors={form.errors} />
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
                <SelectField {...form.field("module")} label={t("lesson.field_module")}>
                  <option value="">{t("form.choose")}</option>
                  {modules.map((m) => (
                    <option key={m.slug} value={m.slug} dir="auto">
                      {m.title}
                    </option>
                  ))}
                </SelectField>
                <Field
                  {...form.field("slug")}
                  label={t("lesson.field_slug")}
                  hint={t("lesson.field_slug_hint")}
                  autoComplete="off"
                  spellCheck={false}
                />
              </>
            ) : null}
            <Field {...form.field("title")} dir="auto" label={t("lesson.field_title")} />
            <div className="kind-row">
              <SelectField
                {...form.field("kind")}
                label={t("lesson.field_kind")}
                onChange={(ev) => setKind(ev.currentTarget.value)}
              >
                {LESSON_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`lesson.kind_${k}`)}
                  </option>
                ))}
              </SelectField>
              <button
                type="submit"
                {...intent({ type: "validate", payload: { name: "kind" } })}
                className="button-small"
                hidden={hydrated}
              >
                {t("lesson.show_kind_fields")}
              </button>
            </div>
            <TextAreaField
              {...form.field("contentWarning")}
              dir="auto"
              label={t("lesson.field_content_warning")}
              hint={t("lesson.field_content_warning_hint")}
              rows={2}
            />
            <div className={preview !== null ? "body-editor with-preview" : "body-editor"}>
              <div className="form">
                <TextAreaField
                  {...form.field("body")}
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
                />
                <div className="actions">
                  <button
                    type="submit"
                    {...intent({ type: "validate", payload: { name: "body" } })}
                    className="button button-secondary"
                  >
                    {t("lesson.preview")}
                    <span className="visually-hidden"> {t("lesson.preview_what")}</span>
                  </button>
                </div>
              </div>
              {preview !== null ? (
                <section id="preview" className="preview" aria-labelledby="preview-heading" tabIndex={-1}>
                  <h2 id="preview-heading">{t("lesson.preview_heading")}</h2>
                  <p className="hint">{t("lesson.preview_hint")}</p>
                  {contentWarning.trim() ? (
                    <div className="content-warning">
                      <p>
                        <strong>{t("lesson.content_warning_label")}</strong> {contentWarning}
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
                {...form.field("transcript")}
                dir="auto"
                label={t("lesson.field_transcript")}
                hint={t("lesson.field_transcript_hint")}
                rows={8}
              />
              <Field
                {...form.field("durationMinutes")}
                label={t("lesson.field_duration")}
                hint={t("form.optional")}
                type="number"
                inputMode="numeric"
              />
            </section>

            <section className="kind-section" hidden={kind !== "quiz"} aria-labelledby="quiz-heading">
              <h2 id="quiz-heading" tabIndex={-1}>
                {t("quiz.heading")}
              </h2>
              <p className="hint">{t("quiz.intro")}</p>
              <Field {...form.field("quiz.attemptsAllowed")} label={t("quiz.field_attempts")} type="number" inputMode="numeric" />
              <div className="author-grid">
                <SelectField {...form.field("quiz.keep")} label={t("grading.field_keep")}>
                  {KEEP_POLICIES.map((k) => (
                    <option key={k} value={k}>
                      {t(`grading.keep_${k}`)}
                    </option>
                  ))}
                </SelectField>
                <SelectField {...form.field("quiz.showAnswers")} label={t("grading.field_show_answers")}>
                  {SHOW_ANSWERS.map((k) => (
                    <option key={k} value={k}>
                      {t(`grading.show_${k}`)}
                    </option>
                  ))}
                </SelectField>
              </div>
              <AssessmentFields form={form} prefix="quiz" />
              <FieldErrors id="f-quiz-questions-error" errors={form.errorsOf("quiz.questions")} />
              <ol className="block-list">
                {Array.from({ length: questions }, (_, i) => (
                  <li key={i}>
                    <QuestionBlock form={form} index={i} hydrated={hydrated} canRemove={questions > 1} />
                  </li>
                ))}
              </ol>
              <button
                type="submit"
                {...intent({ type: "insert", payload: { name: "quiz.questions", defaultValue: NEW_QUESTION } })}
                className="button button-secondary"
              >
                {t("quiz.add_question")}
              </button>
            </section>

            <section className="kind-section" hidden={kind !== "assignment"} aria-labelledby="assignment-heading">
              <h2 id="assignment-heading" tabIndex={-1}>
                {t("assignment.heading")}
              </h2>
              <p className="hint">{t("assignment.intro")}</p>
              <FieldErrors id="f-assignment-rubric-error" errors={form.errorsOf("assignment.rubric")} />
              <ol className="block-list">
                {Array.from({ length: rubric }, (_, i) => (
                  <li key={i}>
                    <CriterionBlock form={form} index={i} canRemove={rubric > 1} />
                  </li>
                ))}
              </ol>
              <button
                type="submit"
                {...intent({ type: "insert", payload: { name: "assignment.rubric", defaultValue: NEW_CRITERION } })}
                className="button button-secondary"
              >
                {t("assignment.add_criterion")}
              </button>
              <div className="author-grid">
                <Field
                  {...form.field("assignment.fileTypes")}
                  errors={form.errorsUnder("assignment.fileTypes")}
                  label={t("assignment.field_file_types")}
                  hint={t("assignment.field_file_types_hint")}
                  autoComplete="off"
                  spellCheck={false}
                />
                <Field
                  {...form.field("assignment.maxSizeMb")}
                  label={t("assignment.field_max_size")}
                  type="number"
                  inputMode="decimal"
                  step="any"
                />
              </div>
              <AssessmentFields form={form} prefix="assignment" />
              <div className="field checkbox">
                <input
                  type="checkbox"
                  id="f-assignment-allowResubmission"
                  name="assignment.allowResubmission"
                  value="on"
                  defaultChecked={form.checked("assignment.allowResubmission")}
                  aria-describedby="f-assignment-allowResubmission-hint"
                />
                <label htmlFor="f-assignment-allowResubmission">{t("lesson.field_allow_resubmission")}</label>
                <p id="f-assignment-allowResubmission-hint" className="hint">
                  {t("lesson.field_allow_resubmission_hint")}
                </p>
                <FieldErrors id="f-assignment-allowResubmission-error" errors={form.errorsOf("assignment.allowResubmission")} />
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
  form,
  index,
  hydrated,
  canRemove,
}: {
  form: FormState;
  index: number;
  hydrated: boolean;
  canRemove: boolean;
}) {
  const t = useT();
  const name = (field: string) => `quiz.questions[${index}].${field}`;
  const [type, setType] = useState(form.value(name("type")) || "single");
  const n = index + 1;
  const choice = type === "single" || type === "multiple";
  return (
    <fieldset className="block">
      <legend>{t("quiz.question_n", { n })}</legend>
      <div className="kind-row">
        <SelectField
          {...form.field(name("type"))}
          label={t("quiz.field_type")}
          onChange={(ev) => setType(ev.currentTarget.value)}
        >
          {QUESTION_TYPES.map((qt) => (
            <option key={qt} value={qt}>
              {t(`quiz.type_${qt}`)}
            </option>
          ))}
        </SelectField>
        <button
          type="submit"
          {...intent({ type: "validate", payload: { name: name("type") } })}
          className="button-small"
          hidden={hydrated}
        >
          {t("quiz.show_type_fields")}
          <span className="visually-hidden"> {t("quiz.question_n", { n })}</span>
        </button>
      </div>
      <TextAreaField
        {...form.field(name("prompt"))}
        dir="auto"
        label={t("quiz.field_prompt")}
        hint={t("quiz.field_prompt_hint")}
        rows={3}
      />
      <Field {...form.field(name("points"))} label={t("quiz.field_points")} type="number" inputMode="decimal" step="any" />
      <div className="type-fields" hidden={!choice}>
        <TextAreaField
          {...form.field(name("options"))}
          errors={form.errorsUnder(name("options"))}
          dir="auto"
          label={t("quiz.field_options")}
          hint={t("quiz.field_options_hint")}
          rows={4}
        />
        <Field
          {...form.field(name("correct"))}
          label={type === "multiple" ? t("quiz.field_correct_multiple") : t("quiz.field_correct_single")}
          hint={type === "multiple" ? t("quiz.field_correct_multiple_hint") : t("quiz.field_correct_single_hint")}
          inputMode="numeric"
          autoComplete="off"
        />
      </div>
      <div className="type-fields" hidden={type !== "multiple"}>
        <SelectField
          {...form.field(name("partialCredit"))}
          label={t("grading.field_partial_credit")}
          hint={t("grading.field_partial_credit_hint")}
        >
          {PARTIAL_CREDIT_RULES.map((r) => (
            <option key={r} value={r}>
              {t(`grading.partial_${r}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="type-fields author-grid" hidden={type !== "numeric"}>
        <Field {...form.field(name("answer"))} label={t("quiz.field_numeric_answer")} inputMode="decimal" autoComplete="off" />
        <Field
          {...form.field(name("tolerance"))}
          label={t("quiz.field_tolerance")}
          hint={t("quiz.field_tolerance_hint")}
          inputMode="decimal"
          autoComplete="off"
        />
        <SelectField
          {...form.field(name("toleranceKind"))}
          label={t("grading.field_tolerance_kind")}
          hint={t("grading.field_tolerance_kind_hint")}
        >
          {TOLERANCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`grading.tolerance_${k}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="type-fields" hidden={type !== "text"}>
        <TextAreaField
          {...form.field(name("accepted"))}
          errors={form.errorsUnder(name("accepted"))}
          dir="auto"
          label={t("quiz.field_accepted")}
          hint={t("quiz.field_accepted_hint")}
          rows={3}
        />
      </div>
      <TextAreaField
        {...form.field(name("explanation"))}
        dir="auto"
        label={t("quiz.field_explanation")}
        hint={t("quiz.field_explanation_hint")}
        rows={2}
      />
      {canRemove ? (
        <div className="actions">
          <button
            type="submit"
            {...intent({ type: "remove", payload: { name: "quiz.questions", index } })}
            className="button-small button-danger"
          >
            {t("quiz.remove_question", { n })}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

/** Issue 8 (ADR 023): the assessment's weight in the course grade and its due date; empty fields stay absent. */
function AssessmentFields({ form, prefix }: { form: FormState; prefix: "quiz" | "assignment" }) {
  const t = useT();
  return (
    <div className="author-grid">
      <Field
        {...form.field(`${prefix}.weight`)}
        label={t("lesson.field_weight")}
        hint={t("lesson.field_weight_hint")}
        type="number"
        inputMode="decimal"
        step="any"
      />
      <Field
        {...form.field(`${prefix}.dueDays`)}
        label={t("lesson.field_due_days")}
        hint={t("lesson.field_due_days_hint")}
        type="number"
        inputMode="numeric"
      />
    </div>
  );
}

function CriterionBlock({ form, index, canRemove }: { form: FormState; index: number; canRemove: boolean }) {
  const t = useT();
  const n = index + 1;
  const name = (field: string) => `assignment.rubric[${index}].${field}`;
  return (
    <fieldset className="block criterion">
      <legend>{t("assignment.criterion_n", { n })}</legend>
      <div className="criterion-row">
        <TextAreaField {...form.field(name("criterion"))} dir="auto" label={t("assignment.field_criterion")} rows={2} />
        <Field
          {...form.field(name("points"))}
          label={t("assignment.field_points")}
          type="number"
          inputMode="decimal"
          step="any"
        />
      </div>
      {canRemove ? (
        <div className="actions">
          <button
            type="submit"
            {...intent({ type: "remove", payload: { name: "assignment.rubric", index } })}
            className="button-small button-danger"
          >
            {t("assignment.remove_criterion", { n })}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
