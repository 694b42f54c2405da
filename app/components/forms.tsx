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
  ...rest
}: { name: string; label: string; hint?: string; errors?: string[] } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = `f-${name}`;
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
  errors,
  children,
  ...rest
}: { name: string; label: string; errors?: string[]; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        {...rest}
      >
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
