import { Field, SelectField, TextAreaField, type FormState } from "#app/components/forms.tsx";
import { COURSE_LANGUAGES, CREDIT_UNITS, LEVELS, STEM_SUBJECTS } from "#app/modules/courses/constants.ts";
import { useT } from "#app/utils/use-t.ts";

/**
 * The inputs of a course's fields, shared by "new course" and "edit course". Values, messages and limits
 * come from the form's state (CourseFieldsFormSchema on the server): outcomes one per line and
 * prerequisites separated by commas are converted by the schema, whose messages about one outcome
 * (`outcomes[2]`) are shown under the textarea that holds it.
 */
export function CourseFieldsInputs({ form }: { form: FormState }) {
  const t = useT();
  return (
    <>
      <Field {...form.field("title")} dir="auto" label={t("course.field_title")} />
      <TextAreaField
        {...form.field("summary")}
        dir="auto"
        label={t("course.field_summary")}
        hint={t("course.field_summary_hint")}
        rows={2}
      />
      <TextAreaField
        {...form.field("description")}
        dir="auto"
        label={t("course.field_description")}
        hint={t("author.markdown_hint")}
        rows={8}
      />
      <div className="author-grid">
        <SelectField {...form.field("subject")} label={t("course.field_subject")}>
          <option value="">{t("form.choose")}</option>
          {STEM_SUBJECTS.map((s) => (
            <option key={s} value={s}>
              {t(`subject.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField {...form.field("level")} label={t("course.field_level")}>
          <option value="">{t("form.choose")}</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`course.level_${l}`)}
            </option>
          ))}
        </SelectField>
        <SelectField {...form.field("language")} defaultValue={form.value("language") || "en"} label={t("course.field_language")}>
          {COURSE_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextAreaField
        {...form.field("outcomes")}
        errors={form.errorsUnder("outcomes")}
        dir="auto"
        label={t("course.field_outcomes")}
        hint={t("course.field_outcomes_hint")}
        rows={5}
      />
      <div className="author-grid">
        <Field {...form.field("credits")} label={t("course.field_credits")} type="number" inputMode="decimal" step="any" />
        <SelectField
          {...form.field("creditUnit")}
          defaultValue={form.value("creditUnit") || "ECTS"}
          label={t("course.field_credit_unit")}
        >
          {CREDIT_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`course.credit_unit_${u}`)}
            </option>
          ))}
        </SelectField>
        <Field
          {...form.field("studyHours")}
          label={t("course.field_study_hours")}
          hint={t("course.field_study_hours_hint")}
          type="number"
          inputMode="numeric"
        />
        <Field
          {...form.field("passMark")}
          defaultValue={form.submitted ? form.value("passMark") : form.value("passMark") || "60"}
          label={t("course.field_pass_mark")}
          hint={t("course.field_pass_mark_hint")}
          type="number"
          inputMode="numeric"
        />
      </div>
      <Field
        {...form.field("prerequisites")}
        errors={form.errorsUnder("prerequisites")}
        label={t("course.field_prerequisites")}
        hint={t("course.field_prerequisites_hint")}
      />
      <Field
        {...form.field("translationOf")}
        label={t("course.field_translation_of")}
        hint={t("course.field_translation_of_hint")}
      />
    </>
  );
}
