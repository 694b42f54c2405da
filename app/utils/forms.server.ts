// Form parsing at the boundary: Conform's parseWithZod with the module's schema (docs/architecture.md).
// One schema per form, in the module's schemas.ts; field names are Conform paths (`questions[0].prompt`),
// so every zod issue lands on the input it is about without any mapping of ours. Disallowed control
// characters are refused here for every field of every form (app/utils/input.ts).
// What a route does with the result (a 400 with messages, an operation's refusal) is in responses.server.ts.
import { parseWithZod, type Submission, type SubmissionResult } from "@conform-to/zod/v4";
import type { z } from "zod";
import { AppError } from "./errors.ts";
import { hasControlCharacters, stripControlCharacters } from "./input.ts";

/** What a form gets back from an action: Conform's reply (submitted values and messages by field). */
export type FormResult = SubmissionResult<string[]>;

type ReplyOptions = { formErrors?: string[]; fieldErrors?: Record<string, string[]> };

export type FormSubmission<T> =
  | { status: "success"; value: T; reply: (options?: ReplyOptions) => FormResult }
  | { status: "error"; reply: (options?: ReplyOptions) => FormResult }
  /** A Conform intent (add or remove a list item, re-show fields): re-render, validate nothing, save nothing. */
  | { status: "intent"; reply: (options?: ReplyOptions) => FormResult };

// Never sent back to the browser, even after a failed submission.
const SECRET = /password/i;

/** The request's form body; a malformed body reads as an empty form (every required field reports). */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

export function parseSubmission<S extends z.ZodType>(formData: FormData, schema: S): FormSubmission<z.output<S>> {
  const clean = new FormData();
  const tainted: string[] = [];
  for (const [name, value] of formData) {
    if (typeof value !== "string") continue; // no form of ours uploads files yet
    if (hasControlCharacters(name)) throw new AppError("request.control_characters");
    if (hasControlCharacters(value)) tainted.push(name);
    clean.append(name, stripControlCharacters(value));
  }
  let submission: Submission<z.input<S>, string[], z.output<S>>;
  try {
    submission = parseWithZod(clean, { schema: schema as S });
  } catch (cause) {
    // A forged `__intent__` (not JSON, or not an intent): not something our pages send.
    throw new AppError("request.invalid", { cause });
  }
  const hideFields = [...new Set([...clean.keys()].filter((name) => SECRET.test(name)))];
  const reply = (options: ReplyOptions = {}) => {
    const fieldErrors = { ...options.fieldErrors };
    for (const name of tainted) fieldErrors[name] = [...(fieldErrors[name] ?? []), "reason.request.control_characters"];
    const hasExtra = tainted.length > 0 || options.formErrors?.length || Object.keys(fieldErrors).length;
    return submission.reply(hasExtra ? { formErrors: options.formErrors, fieldErrors, hideFields } : { hideFields });
  };
  if (tainted.length) return { status: "error", reply };
  if (submission.status === "success") return { status: "success", value: submission.value, reply };
  if (submission.status === "error") return { status: "error", reply };
  return { status: "intent", reply };
}

/** Parses the request's form body with `schema` (see parseSubmission). */
export async function readSubmission<S extends z.ZodType>(request: Request, schema: S) {
  return parseSubmission(await readForm(request), schema);
}
