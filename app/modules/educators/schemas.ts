// zod schemas of the educators forms: the application to teach, the vetting decisions and suspension.
// Field messages are i18n keys; length limits bound every field (the HTML limits come from here too,
// through getConstraints).
import { z } from "zod";
import {
  ConfirmField,
  ConfirmPasswordSchema,
  DisplayNameSchema,
  EmailSchema,
  NewPasswordSchema,
  PASSWORDS_DIFFER,
  samePasswords,
  UsernameSchema,
} from "#app/modules/identity/schemas.ts";
import { APPLICATION_STATUSES, DECISION_INTENTS, SUSPENSION_INTENTS } from "./statuses.ts";
import { QUALIFICATIONS, STEM_SUBJECTS, TEACHING_LANGUAGES } from "./subjects.ts";

export { QUALIFICATIONS, STEM_SUBJECTS, TEACHING_LANGUAGES };

/** Ticked checkboxes of one name (Conform reads one ticked box as a one-item list). */
const manyOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .array(z.enum(values, { error: message }), { error: message })
    .min(1, message)
    .max(values.length, message);

const referenceText = (max: number) =>
  z.string({ error: "form.required" }).trim().min(2, "form.required").max(max, "form.too_long");

export const EducatorApplicationSchema = z
  .object({
    email: EmailSchema,
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    password: NewPasswordSchema,
    confirmPassword: ConfirmPasswordSchema,
    subjects: manyOf(STEM_SUBJECTS, "form.choose_subject"),
    languages: manyOf(TEACHING_LANGUAGES, "form.choose_language"),
    availabilityHours: z
      .number({ error: "form.number" })
      .int("form.number")
      .min(1, "form.number_range")
      .max(40, "form.number_range"),
    reference1Name: referenceText(120),
    reference1Contact: referenceText(200),
    reference2Name: referenceText(120),
    reference2Contact: referenceText(200),
    highestQualification: z.enum(QUALIFICATIONS, { error: "form.choose_option" }),
    institution: z.string().trim().max(160, "form.too_long").optional(),
    statement: z.string({ error: "form.required" }).trim().min(50, "form.statement_short").max(3000, "form.too_long"),
  })
  .refine(samePasswords, PASSWORDS_DIFFER);
export type EducatorApplicationInput = z.output<typeof EducatorApplicationSchema>;

/**
 * One of the three decision forms of the review page. `status` is the status the admin saw when the
 * page was rendered: the decision is refused (409) if the application has moved on since.
 */
export const DecideApplicationSchema = z.object({
  intent: z.enum(DECISION_INTENTS, { error: "form.invalid" }),
  status: z.enum(APPLICATION_STATUSES, { error: "form.invalid" }),
  // The applicant reads this reason on /teach, so it is always required.
  reason: z.string({ error: "form.required" }).trim().min(1, "form.required").max(2000, "form.too_long"),
});
/** The application comes from the URL (`/admin/applications/:applicationId`). */
export type DecideApplicationInput = z.output<typeof DecideApplicationSchema> & { applicationId: string };

export const EducatorSuspensionSchema = z.object({
  intent: z.enum(SUSPENSION_INTENTS, { error: "form.invalid" }),
  userId: z.string({ error: "form.invalid" }).regex(/^[a-z0-9]{10,40}$/i, "form.invalid"),
  reason: z.string({ error: "form.required" }).trim().min(1, "form.required").max(1000, "form.too_long"),
  /** Suspending and reinstating are confirmed first (ADR 015). */
  confirm: ConfirmField,
});
export type EducatorSuspensionInput = z.output<typeof EducatorSuspensionSchema>;

/** Route parameter of the review page; anything else is a 404. */
export const ApplicationIdSchema = z.string().regex(/^[a-z0-9]{10,40}$/i);
