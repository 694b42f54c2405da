import { Field, SelectField, TextAreaField, type FormErrors } from "#app/components/forms.tsx";
import { COURSE_LANGUAGES, CREDIT_UNITS, LEVELS, LIMITS, STEM_SUBJECTS } from "#app/modules/courses/constants.ts";
import { useT } from "#app/utils/use-t.ts";

/** The inputs of a course's fields, shared by "new course" and "edit course". Values are form strings. */
export function CourseFieldsInputs({ values, errors }: { values: Record<string, string | undefined>; errors?: FormErrors }) {
  const t = useT();
  const v = (name: string) => values[name] ?? "";
  return (
    <>
      <Field
        name="title"
        dir="auto"
        label={t("course.field_title")}
        required
        maxLength={LIMITS.title}
        defaultValue={v("title")}
        errors={errors?.title}
      />
      <TextAreaField
        name="summary"
        dir="auto"
        label={t("course.field_summary")}
        hint={t("course.field_summary_hint")}
        required
        rows={2}
        maxLength={LIMITS.summary}
        defaultValue={v("summary")}
        errors={errors?.summary}
      />
      <TextAreaField
        name="description"
        dir="auto"
        label={t("course.field_description")}
        hint={t("author.markdown_hint")}
        rows={8}
        defaultValue={v("description")}
        errors={errors?.description}
      />
      <div className="author-grid">
        <SelectField name="subject" label={t("course.field_subject")} defaultValue={v("subject")} errors={errors?.subject}>
          <option value="">{t("form.choose")}</option>
          {STEM_SUBJECTS.map((s) => (
            <option key={s} value={s}>
              {t(`subject.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField name="level" label={t("course.field_level")} defaultValue={v("level")} errors={errors?.level}>
          <option value="">{t("form.choose")}</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`course.level_${l}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="language"
          label={t("course.field_language")}
          defaultValue={v("language") || "en"}
          errors={errors?.language}
        >
          {COURSE_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextAreaField
        name="outcomes"
        dir="auto"
        label={t("course.field_outcomes")}
        hint={t("course.field_outcomes_hint")}
        required
        rows={5}
        defaultValue={v("outcomes")}
        errors={errors?.outcomes}
      />
      <div className="author-grid">
        <Field
          name="credits"
          label={t("course.field_credits")}
          type="number"
          inputMode="decimal"
          step="any"
          min={0}
          max={60}
          required
          defaultValue={v("credits")}
          errors={errors?.credits}
        />
        <SelectField
          name="creditUnit"
          label={t("course.field_credit_unit")}
          defaultValue={v("creditUnit") || "ECTS"}
          errors={errors?.creditUnit}
        >
          {CREDIT_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`course.credit_unit_${u}`)}
            </option>
          ))}
        </SelectField>
        <Field
          name="studyHours"
          label={t("course.field_study_hours")}
          hint={t("course.field_study_hours_hint")}
          type="number"
          inputMode="numeric"
          min={1}
          max={2000}
          required
          defaultValue={v("studyHours")}
          errors={errors?.studyHours}
        />
        <Field
          name="passMark"
          label={t("course.field_pass_mark")}
          hint={t("course.field_pass_mark_hint")}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          required
          defaultValue={v("passMark") || "60"}
          errors={errors?.passMark}
        />
      </div>
      <Field
        name="prerequisites"
        label={t("course.field_prerequisites")}
        hint={t("course.field_prerequisites_hint")}
        maxLength={900}
        defaultValue={v("prerequisites")}
        errors={errors?.prerequisites}
      />
      <Field
        name="translationOf"
        label={t("course.field_translation_of")}
        hint={t("course.field_translation_of_hint")}
        maxLength={80}
        defaultValue={v("translationOf")}
        errors={errors?.translationOf}
      />
    </>
  );
}
