// Form parsing at the boundary: one zod schema per form; an invalid submission re-renders with field
// messages (i18n keys) and status 400, it never throws (STYLE.md habit 1).
import { data } from "react-router";
import type { z } from "zod";

export type FieldErrors = Record<string, string[]>;
export type FormFailure = { ok: false; errors: FieldErrors; values: Record<string, string> };

const SECRET_FIELDS = /password|legalName/i;

/** Text values to put back in the form (never passwords). */
function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !SECRET_FIELDS.test(key) && value.length <= 2000) values[key] = value;
  }
  return values;
}

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData(); // a malformed body validates as an empty form: every field reports "required"
  }
}

export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): { ok: true; data: z.output<S> } | FormFailure {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "form";
    // Schema messages are i18n keys ("form.required", "quiz.answer_required"); zod's own English
    // messages (a schema without a custom message) become the generic key.
    const message = /^[a-z_]+\.[a-z0-9_.-]+$/.test(issue.message) ? issue.message : "form.invalid";
    (errors[field] ??= []).push(message);
  }
  return { ok: false, errors, values: echoValues(formData) };
}

/** The 400 (or other 4xx) response that re-renders a form with its messages. */
export function formError(errors: FieldErrors, formData?: FormData, status = 400) {
  return data({ ok: false as const, errors, values: formData ? echoValues(formData) : {} }, { status });
}

export function badForm(failure: FormFailure, status = 400) {
  return data({ ok: false as const, errors: failure.errors, values: failure.values }, { status });
}
