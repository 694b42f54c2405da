// zod schemas of the learning forms (admin cohorts page). Messages are i18n keys. Ids come from the
// page's own selects, so a malformed one is answered like an unchosen option.
import { z } from "zod";

const Id = (message: string) =>
  z
    .string({ error: message })
    .min(1, message)
    .regex(/^[a-z0-9]{10,40}$/i, message);

export const DAY_MIN_YEAR = 2000;
export const DAY_MAX_YEAR = 2100;

/** A calendar day (YYYY-MM-DD, as an <input type="date"> sends it) that really exists; midnight UTC. */
const Day = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "form.invalid")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return (
      !Number.isNaN(d.getTime()) &&
      d.toISOString().slice(0, 10) === s &&
      d.getUTCFullYear() >= DAY_MIN_YEAR &&
      d.getUTCFullYear() <= DAY_MAX_YEAR
    );
  }, "form.invalid")
  .transform((s) => new Date(`${s}T00:00:00Z`));

export const DEFAULT_CAPACITY = 30;
export const MAX_CAPACITY = 1000;
const Capacity = z
  .number({ error: "cohort.capacity_invalid" })
  .int("cohort.capacity_invalid")
  .min(1, "cohort.capacity_invalid")
  .max(MAX_CAPACITY, "cohort.capacity_invalid");

/** A cohort of a published course; it may end on the day it starts, never before. */
export const CreateCohortSchema = z
  .object({
    intent: z.literal("create"),
    courseId: Id("form.choose_option"),
    name: z.string({ error: "form.required" }).trim().min(1, "form.required").max(120, "form.too_long"),
    startsOn: Day,
    endsOn: Day.optional(),
    // Places in the cohort; a form that does not ask gets the default.
    capacity: Capacity.default(DEFAULT_CAPACITY),
  })
  .refine((v) => !v.endsOn || v.endsOn >= v.startsOn, { path: ["endsOn"], message: "cohort.end_before_start" });
export type CreateCohortInput = z.output<typeof CreateCohortSchema>;

export const AssignCohortEducatorSchema = z.object({
  intent: z.literal("assign"),
  cohortId: Id("form.choose_option"),
  userId: Id("form.choose_option"),
});
export type AssignCohortEducatorInput = z.output<typeof AssignCohortEducatorSchema>;

export const HOURS_STEP = 0.25;

/** Hours are added to a teaching assignment (`<cohortId>|<userId>`), in quarter hours, at most 200 at once. */
export const RecordVolunteerHoursSchema = z.object({
  intent: z.literal("hours"),
  assignment: z
    .string({ error: "form.choose_option" })
    .min(1, "form.choose_option")
    .regex(/^[a-z0-9]{10,40}\|[a-z0-9]{10,40}$/i, "form.choose_option")
    .transform((v) => {
      const [cohortId = "", userId = ""] = v.split("|");
      return { cohortId, userId };
    }),
  hours: z
    .number({ error: "form.number_range" })
    .min(HOURS_STEP, "form.number_range")
    .max(200, "form.number_range")
    // Quarter hours: what the form offers (step 0.25), and what the records add up in.
    .multipleOf(HOURS_STEP, "form.number_range"),
});
export type RecordVolunteerHoursInput = z.output<typeof RecordVolunteerHoursSchema>;

/** The cohorts page posts one of its three forms, told apart by `intent`. */
export const CohortsPageSchema = z.discriminatedUnion(
  "intent",
  [CreateCohortSchema, AssignCohortEducatorSchema, RecordVolunteerHoursSchema],
  { error: "form.invalid" },
);

/** A learner asks for a place in a published course, optionally in one of its cohorts. */
export const RequestPlaceSchema = z.object({
  courseId: Id("form.choose_option"),
  cohortId: Id("form.choose_option").optional(),
});
export type RequestPlaceInput = z.output<typeof RequestPlaceSchema>;

/** A learner withdraws a waiting request. */
export const WithdrawRequestSchema = z.object({ entryId: Id("form.choose_option") });
export type WithdrawRequestInput = z.output<typeof WithdrawRequestSchema>;

/** The course page's place panel: ask for a place, or withdraw the waiting request. */
export const CoursePlaceSchema = z.discriminatedUnion(
  "intent",
  [RequestPlaceSchema.extend({ intent: z.literal("request") }), WithdrawRequestSchema.extend({ intent: z.literal("withdraw") })],
  { error: "form.invalid" },
);

export const MAX_SEATS_AT_ONCE = 500;

/** An admin creates programme-funded seats for any cohort of a course, or for one cohort. */
export const CreateSeatsSchema = z.object({
  courseId: Id("form.choose_option"),
  cohortId: Id("form.choose_option").optional(),
  count: z
    .number({ error: "seat.count_invalid" })
    .int("seat.count_invalid")
    .min(1, "seat.count_invalid")
    .max(MAX_SEATS_AT_ONCE, "seat.count_invalid"),
});
export type CreateSeatsInput = z.output<typeof CreateSeatsSchema>;

/** An admin allocates a seat to a waitlisted learner in a cohort; a reason waives missing prerequisites. */
export const AllocateSeatSchema = z.object({
  entryId: Id("form.choose_option"),
  cohortId: Id("form.choose_option"),
  waiveReason: z
    .string()
    .trim()
    .max(500, "form.too_long")
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type AllocateSeatInput = Omit<z.output<typeof AllocateSeatSchema>, "waiveReason"> & { waiveReason?: string };

/** An admin lets auto-allocation fill a cohort's free places in waitlist order. */
export const AutoAllocateSchema = z.object({ cohortId: Id("form.choose_option") });
export type AutoAllocateInput = z.output<typeof AutoAllocateSchema>;

/** The admin seats page posts one of its three forms, told apart by `intent`. */
export const SeatsPageSchema = z.discriminatedUnion(
  "intent",
  [
    CreateSeatsSchema.extend({ intent: z.literal("create") }),
    AllocateSeatSchema.extend({ intent: z.literal("allocate") }),
    AutoAllocateSchema.extend({ intent: z.literal("auto") }),
  ],
  { error: "form.invalid" },
);

/** The lesson player's "Mark complete" form: the lesson (the enrolment comes from the URL). */
export const MarkLessonCompleteSchema = z.object({ lessonId: Id("form.invalid") });
export type MarkLessonCompleteInput = z.output<typeof MarkLessonCompleteSchema> & { enrolmentId: string };
