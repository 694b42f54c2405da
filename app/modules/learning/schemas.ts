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

/** Extra attempts an educator may give one learner on one quiz. */
export const MAX_EXTRA_ATTEMPTS = 10;
export const ACCOMMODATION_NOTE_MAX = 1000;

/**
 * An educator's terms for one learner on one quiz or assignment (the enrolment comes from the URL): a
 * later due date (a day: due at its end, UTC; empty keeps the usual date), extra attempts (quizzes,
 * 0–10) and a note for educators of the cohort only.
 */
export const GrantAccommodationSchema = z.object({
  lessonId: Id("form.choose_option"),
  dueOn: Day.optional(),
  extraAttempts: z
    .number({ error: "form.number_range" })
    .int("form.number_range")
    .min(0, "form.number_range")
    .max(MAX_EXTRA_ATTEMPTS, "form.number_range")
    .default(0),
  note: z
    .string()
    .trim()
    .max(ACCOMMODATION_NOTE_MAX, "form.too_long")
    .optional()
    .transform((v) => v ?? ""),
});
export type GrantAccommodationInput = z.output<typeof GrantAccommodationSchema> & { enrolmentId: string };

/** Pause (confirmed: without `confirm=yes` the operation asks first, ADR 015) or return, to the same cohort or a later one. */
export const PauseEnrolmentSchema = z.object({
  intent: z.literal("pause"),
  confirm: z.literal("yes", { error: "form.invalid" }).optional(),
});
export const ResumeEnrolmentSchema = z.object({ intent: z.literal("resume"), cohortId: Id("form.choose_option").optional() });
export const EnrolmentStateSchema = z.discriminatedUnion("intent", [PauseEnrolmentSchema, ResumeEnrolmentSchema], {
  error: "form.invalid",
});
export type ResumeEnrolmentInput = { enrolmentId: string; cohortId?: string };

/**
 * A module downloaded to read offline: both ids come from the URL (a malformed one is a 404 page). Module
 * ids are cuids or, for imported courses, UUIDs.
 */
export const DownloadModuleSchema = z.object({
  enrolmentId: Id("request.invalid"),
  moduleId: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/i, "request.invalid"),
});
export type DownloadModuleInput = z.output<typeof DownloadModuleSchema>;

/** A cohort's gradebook downloaded as CSV: the cohort comes from the URL. */
export const ExportGradebookSchema = z.object({ cohortId: Id("request.invalid") });
export type ExportGradebookInput = z.output<typeof ExportGradebookSchema>;

/** The lesson player's "Mark complete" form: the lesson (the enrolment comes from the URL). */
export const MarkLessonCompleteSchema = z.object({ lessonId: Id("form.invalid") });
export type MarkLessonCompleteInput = z.output<typeof MarkLessonCompleteSchema> & { enrolmentId: string };

/** The longest typed answer (numeric or text) a quiz form takes; accepted answers are at most 200 characters. */
export const MAX_QUIZ_ANSWER_LENGTH = 500;
/** Questions a quiz can have (courses' LIMITS.questions): a longer answer list is forged. */
const MAX_QUIZ_QUESTIONS = 50;
/** Options a question can have (courses' LIMITS.options). */
const MAX_QUIZ_OPTIONS = 10;

/** One question's answer: an option number or typed text (`answers[0]`), or ticked options (`answers[1]` repeated). */
const QuizAnswer = z
  .union([z.string(), z.array(z.string()).max(MAX_QUIZ_OPTIONS, "form.invalid")], { error: "form.invalid" })
  .optional()
  .refine(
    (v) => (typeof v === "string" ? v.length <= MAX_QUIZ_ANSWER_LENGTH : (v ?? []).every((o) => o.length <= 3)),
    "form.too_long",
  );

/**
 * A quiz form: the lesson, the attempt number the form was made for (a stale or doubled form is refused
 * by the operation) and `answers[i]` for question i, from 0 (an unanswered question sends nothing). The
 * answers become a record keyed by question number, as gradeAttempt takes them; answers to questions the
 * quiz lacks and options it does not have are refused there. An answer list longer than any quiz (a
 * forged `answers[99999]`) is refused before its items are read.
 */
export const SubmitQuizAttemptSchema = z
  .object({
    lessonId: Id("form.invalid"),
    attempt: z.number({ error: "form.invalid" }).int("form.invalid").min(1, "form.invalid").max(1000, "form.invalid"),
    answers: z
      .unknown()
      .refine((v) => v === undefined || (Array.isArray(v) && v.length <= MAX_QUIZ_QUESTIONS), "form.invalid")
      .pipe(z.array(QuizAnswer).optional())
      .optional(),
  })
  .transform(({ answers: list, ...rest }) => {
    const answers: Record<string, string | string[]> = {};
    (list ?? []).forEach((value, index) => {
      if (value !== undefined) answers[String(index)] = value;
    });
    return { ...rest, answers };
  });
export type SubmitQuizAttemptInput = z.output<typeof SubmitQuizAttemptSchema> & { enrolmentId: string };

/** The longest typed answer to an assignment, and the longest feedback an educator writes. */
export const SUBMISSION_TEXT_MAX = 20_000;
export const FEEDBACK_MAX = 5_000;
export const CRITERION_FEEDBACK_MAX = 2_000;
/** Criteria an assignment can have (courses' LIMITS.criteria): a longer score list is forged. */
const MAX_RUBRIC_CRITERIA = 20;

/**
 * A learner's work for an assignment (the enrolment and lesson come from the URL; the file, if any, is
 * read apart by the upload parser): typed text, optional when a file comes with it (the operation
 * refuses neither).
 */
export const SubmitAssignmentSchema = z.object({
  text: z
    .string()
    .max(SUBMISSION_TEXT_MAX, "form.too_long")
    .optional()
    .transform((v) => v ?? ""),
});
export type SubmitAssignmentInput = z.output<typeof SubmitAssignmentSchema> & { enrolmentId: string; lessonSlug: string };

/**
 * An educator's grade against the rubric (the submission comes from the URL): points and feedback per
 * criterion in the rubric's order (`scores[0].points`), overall feedback, and the version graded (a
 * resubmission or another grade made meanwhile is refused). Each criterion's range is checked by the
 * operation, which knows the rubric.
 */
export const GradeSubmissionSchema = z.object({
  version: z.number({ error: "form.invalid" }).int("form.invalid").min(1, "form.invalid").max(10_000, "form.invalid"),
  scores: z
    .array(
      z.object({
        points: z.number({ error: "form.required" }).min(0, "form.number_range").max(1000, "form.number_range"),
        feedback: z
          .string()
          .trim()
          .max(CRITERION_FEEDBACK_MAX, "form.too_long")
          .optional()
          .transform((v) => v ?? ""),
      }),
      { error: "form.invalid" },
    )
    .min(1, "form.invalid")
    .max(MAX_RUBRIC_CRITERIA, "form.invalid"),
  feedback: z
    .string()
    .trim()
    .max(FEEDBACK_MAX, "form.too_long")
    .optional()
    .transform((v) => v ?? ""),
});
export type GradeSubmissionInput = z.output<typeof GradeSubmissionSchema> & { submissionId: string };
