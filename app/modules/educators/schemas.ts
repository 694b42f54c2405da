import { z } from "zod";
import { DisplayNameSchema, EmailSchema, NewPasswordSchema } from "#app/modules/identity/schemas.ts";
import { QUALIFICATIONS, STEM_SUBJECTS } from "./subjects.ts";

export { QUALIFICATIONS, STEM_SUBJECTS };

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
