// Errors with domain reasons (documenso's AppError). An operation says *why* it refused
// (`course.checklist_incomplete`), optionally which field is at fault; the reason decides the HTTP status
// here, and app/utils/responses.server.ts turns it into a form error or an error page: the one place.
// A reason's message is the i18n key `reason.<reason>` (app/locales/*.errors.json) unless the error
// names a more precise key (a password policy problem, say).

/** Every reason an operation can give, with its HTTP status. Grouped by module; keep each group sorted. */
export const REASONS = {
  // request and access: shared by every module
  "request.invalid": 400,
  "request.control_characters": 400,
  "request.too_many": 429,
  // A destructive admin action posted without its confirmation field: the page asks first (ADR 015).
  "confirmation.required": 428,
  "permission.denied": 403,
  not_found: 404,

  // identity
  "account.email_taken": 409,
  "account.suspended": 403,
  "account.username_taken": 409,
  "invitation.already_accepted": 409,
  "invitation.already_revoked": 409,
  "invitation.expired": 410,
  "invitation.organisation_invalid": 400,
  "invitation.revoked": 410,
  "invitation.used": 410,
  "link.unusable": 410,
  "login.invalid": 400,
  "login.locked": 429,
  "login.slow_down": 429,
  "organisation.already_invited": 409,
  "organisation.last_owner": 409,
  "organisation.name_taken": 409,
  "password.current_wrong": 400,
  "password.locked": 429,
  "password.rejected": 400,
  "recovery.code_expired": 410,
  "recovery.code_invalid": 400,
  "recovery.code_used": 410,
  "recovery.link_unusable": 410,
  "recovery.signed_in_as_other": 409,
  "referral_code.expired": 409,
  "referral_code.invalid": 400,
  "referral_code.ngo_required": 400,
  "referral_code.used_up": 409,
  "reset_code.learners_only": 409,
  "reset_code.ngo_invalid": 400,
  "role.cannot_remove_own_admin": 400,

  // educators
  "application.already_decided": 409,
  "application.changed": 409,
  "educator.not_active": 403,
  "educator.not_approved": 409,
  "educator.unavailable": 400,

  // courses
  "coauthor.not_eligible": 400,
  "course.archived": 409,
  "course.changed_since_review": 409,
  "course.checklist_incomplete": 409,
  "course.empty": 409,
  "course.locked_in_review": 409,
  "course.nothing_to_submit": 409,
  "course.not_in_review": 409,
  "course.not_published": 409,
  "course.slug_taken": 409,
  "lesson.module_missing": 400,
  "lesson.slug_taken": 409,
  "module.slug_taken": 409,

  // learning
  "cohort.assignment_missing": 400,
  "cohort.course_unavailable": 400,
  "cohort.dates_invalid": 400,
  "cohort.unavailable": 400,
  "cohort.capacity_invalid": 400,
  "cohort.full": 409,
  "waitlist.course_unavailable": 400,
  "waitlist.already_waiting": 409,
  "waitlist.not_waiting": 409,
  "quiz_attempt.completed": 409,
  "quiz_attempt.none_left": 409,
  "quiz_attempt.past_due": 409,
  "quiz_attempt.paused": 409,
  "quiz_attempt.stale": 409,
  "seat.count_invalid": 400,
  "seat.none_free": 409,
  "enrolment.exists": 409,
  "enrolment.prerequisite_missing": 409,
  // assignments (submit-assignment, grade-submission) and their uploads (app/modules/files)
  "submission.already_graded": 409,
  "submission.changed": 409,
  "submission.empty": 400,
  "submission.not_open": 409,
  "submission.past_due": 409,
  "submission.resubmission_closed": 409,
  "upload.empty": 400,
  "upload.too_large": 413,
  "upload.type_mismatch": 400,
  "upload.type_not_allowed": 400,
  "enrolment.not_active": 409,
  "enrolment.not_paused": 409,
  "enrolment.cohort_not_later": 400,
  "enrolment.cannot_carry_progress": 409,
  "accommodation.not_assessment": 400,
  "accommodation.not_later": 400,
  "accommodation.no_due_date": 400,
  "accommodation.attempts_quiz_only": 400,

  // credentials
  "credential.already_revoked": 409,
  "issuer_key.already_compromised": 409,
  "issuer_key.compromise_date_invalid": 400,
  // the learner's wallet: shares and the transcript export
  "share_link.credential_revoked": 409,
  "share_link.expiry_invalid": 400,
  "share_link.legal_name_unavailable": 409,
  "transcript.empty": 409,

  // sponsorship: orders, prices, payments and Stripe's webhooks
  "order.cohort_unavailable": 400,
  "order.course_unavailable": 400,
  "order.not_payable": 409,
  "order.seats_invalid": 400,
  "payment.amount_mismatch": 400,
  "payment.currency_mismatch": 400,
  "payment.not_paid": 409,
  "payment.offline_unavailable": 409,
  "payment.provider_failed": 502,
  "payment.provider_unavailable": 503,
  "payment.unknown_session": 400,
  "price.amount_invalid": 400,
  "webhook.event_invalid": 400,
  "webhook.signature_invalid": 400,
} as const satisfies Record<string, number>;

export type Reason = keyof typeof REASONS;

/** Statuses that are about the request as a whole: always an error page, never a form message. */
const PAGE_STATUSES = new Set([401, 403, 404, 405]);

export type AppErrorOptions = {
  /** The form field at fault (a Conform name such as `slug` or `questions[2].answer`). */
  field?: string;
  /** An i18n key more precise than `reason.<reason>`. */
  key?: string;
  /** Values for the message's `{placeholders}`. */
  params?: Record<string, string | number>;
  cause?: unknown;
};

export class AppError extends Error {
  readonly reason: Reason;
  readonly field?: string;
  readonly key: string;
  readonly params?: Record<string, string | number>;
  constructor(reason: Reason, options: AppErrorOptions = {}) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.reason = reason;
    this.field = options.field;
    this.key = options.key ?? reasonKey(reason);
    this.params = options.params;
  }
  get status(): number {
    return REASONS[this.reason];
  }
  /** True when the refusal is about the whole request (403, 404…): it renders an error page. */
  get isPageError(): boolean {
    return !this.field && PAGE_STATUSES.has(this.status);
  }
}

export function reasonKey(reason: Reason) {
  return `reason.${reason}`;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Throws `reason` (404 by default) unless the condition holds. */
export function invariant(condition: unknown, reason: Reason = "not_found", options?: AppErrorOptions): asserts condition {
  if (!condition) throw new AppError(reason, options);
}

/** What an error page receives (the body of the thrown response). */
export type ErrorPageData = { reason: Reason; key: string; params?: Record<string, string | number> };
