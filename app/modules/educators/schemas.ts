import { z } from "zod";
import { DisplayNameSchema, EmailSchema, NewPasswordSchema } from "#app/modules/identity/schemas.ts";
import { QUALIFICATIONS, STEM_SUBJECTS, TEACHING_LANGUAGES } from "./subjects.ts";

export { QUALIFICATIONS, STEM_SUBJECTS, TEACHING_LANGUAGES };

const manyOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: message })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(
      z
        .array(z.enum(values, { error: message }))
        .min(1, message)
        .max(values.length),
    );

const referenceText = (max: number) =>
  z.string({ error: "form.required" }).trim().min(2, "form.required").max(max, "form.too_long");

export const EducatorApplicationSchema = z
  .object({
    email: EmailSchema,
    displayName: DisplayNameSchema,
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "form.required" }).max(128, "form.too_long"),
    subjects: manyOf(STEM_SUBJECTS, "form.choose_subject"),
    languages: manyOf(TEACHING_LANGUAGES, "form.choose_language"),
    availabilityHours: z.coerce
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
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "form.passwords_differ" });
