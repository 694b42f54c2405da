// The one place where a refusal becomes HTTP (docs/architecture.md "errors"). Operations and queries
// throw AppError with a domain reason; here a reason becomes its status and either
//   - an error page (403, 404, or anything outside a form): a thrown `data()` that the route's
//     ErrorBoundary renders with the reason's message, or
//   - a form error: the form re-rendered with every submitted value and the message on its field.
// Every loader and action is wrapped in `route()`; every form submission goes through `submitForm()`.
import { data } from "react-router";
import { AppError, type ErrorPageData } from "./errors.ts";
import { hasControlCharacters, stripControlCharacters } from "./input.ts";
import { noStoreRedirect } from "./no-store.ts";
import type { FormResult, FormSubmission } from "./forms.server.ts";

/** The Response an AppError becomes when it is not about a form: rendered by the nearest ErrorBoundary. */
export function errorPage(error: AppError) {
  const body: ErrorPageData = { reason: error.reason, key: error.key, ...(error.params ? { params: error.params } : {}) };
  return data(body, { status: error.status, statusText: error.reason });
}

/**
 * Wraps a loader or an action: any AppError it lets through becomes its error page (status from the
 * reason). Responses (`data()`, redirects) and unexpected errors pass unchanged, except that every
 * redirect, returned or thrown (`requireUser`'s to /login included), is marked `Cache-Control: no-store`
 * (app/utils/no-store.ts): a stored redirect of an authenticated path must not outlive the session.
 */
export function route<Args extends { request: Request; params?: Record<string, string | undefined> }, Result>(
  handler: (args: Args) => Promise<Result>,
): (args: Args) => Promise<Result> {
  return async (args: Args) => {
    try {
      return noStoreRedirect(await handler(cleanArgs(args)));
    } catch (error) {
      if (error instanceof AppError) throw errorPage(error);
      throw noStoreRedirect(error);
    }
  };
}

/**
 * Input hygiene for URLs (app/utils/input.ts): a control character in a route parameter is refused
 * (400 page), one in the query string is stripped (query values are search terms and notices, where
 * dropping an invisible character is harmless). Form bodies are checked by readSubmission.
 */
function cleanArgs<Args extends { request: Request; params?: Record<string, string | undefined> }>(args: Args): Args {
  for (const value of Object.values(args.params ?? {})) {
    if (value !== undefined && hasControlCharacters(value)) throw new AppError("request.control_characters");
  }
  const url = new URL(args.request.url);
  if (hasControlCharacters(decodeURIComponentSafe(url.pathname))) throw new AppError("request.control_characters");
  let dirty = false;
  const query = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    if (hasControlCharacters(name) || hasControlCharacters(value)) dirty = true;
    query.append(stripControlCharacters(name), stripControlCharacters(value));
  }
  if (!dirty) return args;
  // A state change is never made on a guess: only reads get a cleaned query.
  if (!["GET", "HEAD"].includes(args.request.method)) throw new AppError("request.control_characters");
  url.search = query.toString();
  return {
    ...args,
    request: new Request(url, { method: args.request.method, headers: args.request.headers, signal: args.request.signal }),
  };
}

function decodeURIComponentSafe(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError("request.invalid");
  }
}

export type FormReply = { result: FormResult; reason?: string; params?: Record<string, string | number> };

/** The answer that re-renders a form: its values and messages, 400 unless another status is given. */
export function formReply(submission: FormSubmission<unknown>, status = 400) {
  return data<FormReply>({ result: submission.reply() }, { status });
}

/**
 * Runs `operation` on a valid submission. An invalid one re-renders with its messages (400); a Conform
 * intent (add or remove a list item) re-renders with nothing saved (200). An operation's refusal about
 * a field or the form (409 slug taken, 400, 429) re-renders the form with that message; one about the
 * whole request (403, 404) is an error page.
 */
export async function submitForm<T, R>(submission: FormSubmission<T>, operation: (value: T) => Promise<R>) {
  if (submission.status === "intent") return formReply(submission, 200);
  if (submission.status === "error") return formReply(submission, 400);
  try {
    return await operation(submission.value);
  } catch (error) {
    if (!(error instanceof AppError) || error.isPageError) throw error;
    const message = error.key;
    const result = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [message] } })
      : submission.reply({ formErrors: [message] });
    return data<FormReply>(
      { result, reason: error.reason, ...(error.params ? { params: error.params } : {}) },
      { status: error.status },
    );
  }
}
