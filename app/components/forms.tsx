import {
  useEffect,
  useRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { useT } from "#app/utils/use-t.ts";

export type FormErrors = Record<string, string[] | undefined>;

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
} & InputHTMLAttributes<HTMLInputElement>;

export function Field({ name, label, hint, errors, id, ...input }: FieldProps) {
  const inputId = id ?? `f-${name}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={inputId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  errors,
  id: givenId,
  ...rest
}: { name: string; label: string; hint?: string; errors?: string[] } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = givenId ?? `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea id={id} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...rest} />
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  children,
  id: givenId,
  minLength: _minLength,
  maxLength: _maxLength,
  min: _min,
  max: _max,
  step: _step,
  ...rest
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: ReactNode;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  step?: number;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = givenId ?? `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <select id={id} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...rest}>
        {children}
      </select>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** A summary at the top of a form that failed, announced to screen readers. */
export function FormAlert({ errors }: { errors?: FormErrors | null }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const hasErrors = Boolean(errors && Object.keys(errors).length > 0);
  // After a failed submit (with JavaScript), focus moves to the summary so it is read out and seen,
  // instead of leaving the page scrolled at the submit button.
  useEffect(() => {
    if (hasErrors) ref.current?.focus();
  }, [errors, hasErrors]);
  if (!errors || !hasErrors) return null;
  const general = errors.form;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      <p>{t("form.fix_errors")}</p>
      {general?.length ? (
        <ul>
          {general.map((e) => (
            <li key={e}>{t(e)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Form state from an action's Conform reply (app/utils/forms.server.ts), rendered on the server and
// without JavaScript: after a failed post every input shows what was submitted (passwords excepted)
// and its own messages; before any post, the defaults the loader gave.

/** The shape of Conform's SubmissionResult that pages read (kept here so no server module is imported). */
export type FormResultLike = {
  status?: "success" | "error";
  initialValue?: Record<string, unknown> | null;
  error?: Record<string, string[] | null> | null;
};
export type ConstraintLike = {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  step?: number;
};

function pathSegments(name: string): Array<string | number> {
  const segments: Array<string | number> = [];
  for (const m of name.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return segments;
}

function getPath(source: unknown, name: string): unknown {
  let value = source;
  for (const segment of pathSegments(name)) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** `questions[2].prompt` → `questions[].prompt`, the key of its constraint. */
function constraintKey(name: string) {
  return name.replace(/\[\d+\]/g, "[]");
}

/** A safe element id for a field name (`questions[0].prompt` → `f-questions-0-prompt`). */
export function fieldId(name: string) {
  return `f-${name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/-+$/, "")}`;
}

const asText = (v: unknown) =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;

export type FormState = ReturnType<typeof formState>;

/**
 * Reads a form's state. `result` is this form's reply (undefined before a post, or when the reply is
 * another form's); `defaults` are the loader's values in the schema's shape; `constraints` come from
 * getConstraints(schema) on the server.
 */
export function formState(
  result: FormResultLike | null | undefined,
  options: { defaults?: Record<string, unknown>; constraints?: Record<string, ConstraintLike> } = {},
) {
  const submitted = Boolean(result);
  const source = submitted ? (result?.initialValue ?? {}) : (options.defaults ?? {});
  const shown = result?.status === "error" ? (result.error ?? {}) : {};
  const errors: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(shown)) if (list?.length) errors[key === "" ? "form" : key] = list;
  const state = {
    submitted,
    /** Messages by field name; the form's own messages are under `form`. */
    errors,
    value(name: string): string {
      return asText(getPath(source, name)) ?? "";
    },
    values(name: string): string[] {
      const v = getPath(source, name);
      return Array.isArray(v) ? v.flatMap((x) => asText(x) ?? []) : asText(v) !== undefined ? [asText(v)!] : [];
    },
    /** How many items a list has now (after an add or remove), at least `min`. */
    count(name: string, min = 0): number {
      const v = getPath(source, name);
      return Math.max(min, Array.isArray(v) ? v.length : v === undefined ? 0 : 1);
    },
    checked(name: string, value = "on"): boolean {
      return state.values(name).includes(value) || getPath(source, name) === true;
    },
    errorsOf(name: string): string[] | undefined {
      return errors[name];
    },
    /** The messages of a field and of everything under it (`accepted` and `accepted[3]`). */
    errorsUnder(name: string): string[] | undefined {
      const found = Object.entries(errors)
        .filter(([key]) => key === name || key.startsWith(`${name}[`) || key.startsWith(`${name}.`))
        .flatMap(([, list]) => list);
      return found.length ? [...new Set(found)] : undefined;
    },
    constraint(name: string): ConstraintLike {
      const c = options.constraints?.[constraintKey(name)] ?? {};
      const { required, minLength, maxLength, min, max, step } = c;
      return { required, minLength, maxLength, min, max, step };
    },
    /** Props for <Field>, <TextAreaField> and <SelectField>: name, id, value, messages and limits. */
    field(name: string) {
      return {
        name,
        id: fieldId(name),
        defaultValue: state.value(name),
        errors: state.errorsOf(name),
        ...state.constraint(name),
      };
    },
  };
  return state;
}

/** "New password" and "Repeat the password", as every form that sets a password shows them. */
export function NewPasswordFields({ form, hint }: { form: FormState; hint: string }) {
  const t = useT();
  return (
    <>
      <Field
        {...form.field("password")}
        label={t("field.new_password")}
        hint={hint}
        type="password"
        autoComplete="new-password"
      />
      <Field {...form.field("confirmPassword")} label={t("field.confirm_password")} type="password" autoComplete="new-password" />
    </>
  );
}
