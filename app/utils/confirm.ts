// Confirmed admin actions (docs/decisions/015-confirmed-admin-actions.md). A destructive action (revoking a
// referral code or an invitation, suspending or reinstating an educator, granting or revoking a role,
// publishing or archiving a course) is two posts: the first, from the page's button, has no `confirm`
// field; the operation checks permission and state as always and then refuses with
// `confirmation.required` (428, nothing written), and the page answers with its "Are you sure?" view,
// whose Confirm button posts the same values with `confirm=yes`. A forged single post therefore changes
// nothing, with or without JavaScript.
import { AppError } from "./errors.ts";

/** What the "Are you sure?" view may name (a code's label, a person's display name, a course title). */
export type ConfirmParams = Record<string, string | number>;

/**
 * Refuses (428 `confirmation.required`) unless the input carries the explicit confirmation. Call it after
 * the permission and state checks, so that a person who may not act, or a change that cannot happen, gets
 * its own refusal instead of a question.
 */
export function requireConfirmation(input: { confirm?: "yes" | undefined }, params?: ConfirmParams): void {
  if (input.confirm !== "yes") throw new AppError("confirmation.required", params ? { params } : {});
}
