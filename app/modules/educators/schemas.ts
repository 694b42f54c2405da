import { z } from "zod";
import { DisplayNameSchema, EmailSchema, NewPasswordSchema } from "#app/modules/identity/schemas.ts";

/** The STEM subjects educators teach (labels in app/locales: `subject.<id>`). */
export const STEM_SUBJECTS = [
  "mathematics",
  "statistics",
  "computer-science",
  "data-science",
  "physics",
  "chemistry",
  "biology",
  "engineering",
  "environmental-science",
  "health-sciences",
] as const;

export const QUALIFICATIONS = ["bachelor", "master", "doctorate", "professional"] as const;

export const EducatorApplicationSchema = z
  .object({
    email: EmailSchema,
    displayName: DisplayNameSchema,
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "form.required" }).max(128, "form.too_long"),
    subjects: z
      .union([z.string(), z.array(z.string())], { error: "form.choose_subject" })
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.enum(STEM_SUBJECTS, { error: "form.choose_subject" })).min(1, "form.choose_subject").max(STEM_SUBJECTS.length)),
    highestQualification: z.enum(QUALIFICATIONS, { error: "form.choose_option" }),
    institution: z.string().trim().max(160, "form.too_long").optional(),
    statement: z.string({ error: "form.required" }).trim().min(50, "form.statement_short").max(3000, "form.too_long"),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "form.passwords_differ" });
