// The one rule for when a quiz or an assignment is due (pure: no database, no clock). Quizzes,
// assignments, the educator's enrolment page and accommodations all call dueAtFor, so a learner never
// sees two different dates for the same piece of work. docs/decisions/023-grades-completion-accommodations.md.
//
//   base = dueDays != null ? the end (23:59:59.999 UTC) of the day cohortStartsOn + dueDays days
//        : cohortEndsOn != null ? the end of that day (UTC)
//        : null (no due date);
//   an accommodation's dueAt, when it is later than the base, replaces it; an earlier one never shortens
//   the time (grant-accommodation refuses it, and this rule ignores it if one exists). Without a base
//   there is no due date, which is later than any date: an accommodation's dueAt is then ignored.
//
// "Day" is the UTC calendar day of the cohort's start: a cohort starting 2026-03-02 (any time of that day)
// with dueDays 7 is due at 2026-03-09T23:59:59.999Z. dueDays 0 is the end of the first day.

const DAY_MS = 86_400_000;

export type DueDateInput = {
  cohortStartsOn: Date;
  cohortEndsOn?: Date | null;
  /** The quiz's or assignment's `dueDays` (days after the cohort starts); null/undefined when absent. */
  dueDays?: number | null;
  /** An educator's later due date for this learner and this lesson (Accommodation.dueAt). */
  accommodationDueAt?: Date | null;
};

/** The last millisecond (UTC) of the calendar day of `date`, plus `days` days. */
export function endOfUtcDay(date: Date, days = 0): Date {
  if (!Number.isFinite(date.getTime())) throw new RangeError("invalid date");
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return new Date(start + (days + 1) * DAY_MS - 1);
}

/** The due date without any accommodation (see the top of this file), or null when there is none. */
export function baseDueAt(input: Omit<DueDateInput, "accommodationDueAt">): Date | null {
  if (input.dueDays !== null && input.dueDays !== undefined) {
    if (!Number.isInteger(input.dueDays) || input.dueDays < 0) throw new RangeError(`invalid dueDays: ${input.dueDays}`);
    return endOfUtcDay(input.cohortStartsOn, input.dueDays);
  }
  return input.cohortEndsOn ? endOfUtcDay(input.cohortEndsOn) : null;
}

/** When the work is due for this learner, or null when it has no due date. */
export function dueAtFor(input: DueDateInput): Date | null {
  const base = baseDueAt(input);
  const extended = input.accommodationDueAt ?? null;
  if (!extended || !base) return base;
  return extended.getTime() > base.getTime() ? extended : base;
}

/** True when the due date has passed at `now` (never, without a due date). */
export function isPastDue(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && now.getTime() > dueAt.getTime();
}
