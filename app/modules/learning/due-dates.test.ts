import { describe, expect, it } from "vitest";
import { baseDueAt, dueAtFor, endOfUtcDay, isPastDue } from "./due-dates.ts";

const starts = new Date("2026-03-02T09:30:00Z");
const ends = new Date("2026-04-30T00:00:00Z");

describe("dueAtFor", () => {
  it("is the end of the UTC day dueDays after the cohort starts", () => {
    expect(dueAtFor({ cohortStartsOn: starts, cohortEndsOn: ends, dueDays: 7 })).toEqual(new Date("2026-03-09T23:59:59.999Z"));
    expect(dueAtFor({ cohortStartsOn: starts, cohortEndsOn: null, dueDays: 0 })).toEqual(new Date("2026-03-02T23:59:59.999Z"));
  });

  it("uses the UTC day of the start even late in the day and across month ends", () => {
    expect(dueAtFor({ cohortStartsOn: new Date("2026-01-31T23:59:00Z"), dueDays: 1 })).toEqual(
      new Date("2026-02-01T23:59:59.999Z"),
    );
    expect(dueAtFor({ cohortStartsOn: new Date("2028-02-28T00:00:00Z"), dueDays: 1 })).toEqual(
      new Date("2028-02-29T23:59:59.999Z"),
    );
  });

  it("falls back to the end of the cohort's last day, or no due date", () => {
    expect(dueAtFor({ cohortStartsOn: starts, cohortEndsOn: ends, dueDays: null })).toEqual(new Date("2026-04-30T23:59:59.999Z"));
    expect(dueAtFor({ cohortStartsOn: starts, cohortEndsOn: ends })).toEqual(new Date("2026-04-30T23:59:59.999Z"));
    expect(dueAtFor({ cohortStartsOn: starts, cohortEndsOn: null, dueDays: undefined })).toBeNull();
  });

  it("dueDays wins over the cohort's end, even when later", () => {
    expect(dueAtFor({ cohortStartsOn: starts, cohortEndsOn: ends, dueDays: 90 })).toEqual(new Date("2026-05-31T23:59:59.999Z"));
  });

  it("a later accommodation date replaces the base; an earlier or equal one does not", () => {
    const later = new Date("2026-03-12T12:00:00Z");
    expect(dueAtFor({ cohortStartsOn: starts, dueDays: 7, accommodationDueAt: later })).toEqual(later);
    const earlier = new Date("2026-03-05T12:00:00Z");
    expect(dueAtFor({ cohortStartsOn: starts, dueDays: 7, accommodationDueAt: earlier })).toEqual(
      new Date("2026-03-09T23:59:59.999Z"),
    );
    const same = new Date("2026-03-09T23:59:59.999Z");
    expect(dueAtFor({ cohortStartsOn: starts, dueDays: 7, accommodationDueAt: same })?.getTime()).toBe(same.getTime());
    expect(dueAtFor({ cohortStartsOn: starts, dueDays: 7, accommodationDueAt: null })).toEqual(
      new Date("2026-03-09T23:59:59.999Z"),
    );
  });

  it("with no due date at all an accommodation date never creates one", () => {
    expect(
      dueAtFor({ cohortStartsOn: starts, cohortEndsOn: null, accommodationDueAt: new Date("2026-03-12T00:00:00Z") }),
    ).toBeNull();
  });

  it("refuses a negative or fractional dueDays (a programming error)", () => {
    expect(() => baseDueAt({ cohortStartsOn: starts, dueDays: -1 })).toThrow(RangeError);
    expect(() => baseDueAt({ cohortStartsOn: starts, dueDays: 1.5 })).toThrow(RangeError);
    expect(() => endOfUtcDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("isPastDue: strictly after the due date; never without one", () => {
    const due = new Date("2026-03-09T23:59:59.999Z");
    expect(isPastDue(due, due)).toBe(false);
    expect(isPastDue(due, new Date("2026-03-10T00:00:00Z"))).toBe(true);
    expect(isPastDue(null, new Date("2100-01-01T00:00:00Z"))).toBe(false);
  });
});
