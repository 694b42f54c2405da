// zod schemas of the identity forms. Field messages are i18n keys (rendered by the route in the
// user's language). Length limits bound every field, so an oversized post gets a clear 400.
import { z } from "zod";
import { LOCALES } from "#app/utils/i18n.ts";

const PASSWORD_MAX = 128;

export const EmailSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(254, "form.too_long")
  .pipe(z.email({ error: "form.email_invalid" }))
  .transform((v) => v.toLowerCase());

// The password policy itself (length, common passwords) is checked by checkPasswordPolicy.
export const NewPasswordSchema = z.string({ error: "form.required" }).min(1, "form.required").max(PASSWORD_MAX, "form.too_long");

export const DisplayNameSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(2, "form.display_name_short")
  .max(40, "form.too_long")
  .regex(/^[\p{L}\p{N} ._'-]+$/u, "form.display_name_chars");

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: "form.required" }).min(1, "form.required").max(PASSWORD_MAX, "form.too_long"),
  redirectTo: z.string().max(500).optional(),
});

export const ReferralCodeInputSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(64, "form.too_long")
  .transform((v) => v.toUpperCase().replace(/[^A-Z0-9]/g, ""));

export const SignupSchema = z
  .object({
    code: ReferralCodeInputSchema,
    email: EmailSchema,
    displayName: DisplayNameSchema,
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "form.required" }).max(PASSWORD_MAX, "form.too_long"),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "form.passwords_differ" });

export const AcceptInvitationSchema = z
  .object({
    displayName: DisplayNameSchema,
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "form.required" }).max(PASSWORD_MAX, "form.too_long"),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "form.passwords_differ" });

export const PreferencesSchema = z.object({
  lang: z.enum(LOCALES).optional(),
  lowData: z.enum(["on", "off"]).optional(),
  redirectTo: z.string().max(500).optional(),
});

export const ProfileSchema = z.object({
  intent: z.literal("profile"),
  displayName: DisplayNameSchema,
  locale: z.enum(LOCALES, { error: "form.choose_option" }),
  lowData: z.literal("on").optional(),
});

export const LegalNameSchema = z.object({
  intent: z.literal("legal-name"),
  legalName: z.string().trim().max(200, "form.too_long").optional(),
  legalNameConsent: z.literal("on").optional(),
});

export const ChangePasswordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string({ error: "form.required" }).min(1, "form.required").max(PASSWORD_MAX, "form.too_long"),
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "form.required" }).max(PASSWORD_MAX, "form.too_long"),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "form.passwords_differ" });

export const CreateOrganisationSchema = z.object({
  intent: z.literal("create-organisation").optional(),
  kind: z.enum(["ngo", "sponsor", "institution"], { error: "form.choose_option" }),
  name: z.string({ error: "form.required" }).trim().min(2, "form.required").max(120, "form.too_long"),
  /** Fixed by the seed for its demo organisations; generated from the name otherwise. */
  slug: z
    .string()
    .regex(/^[a-z0-9-]{2,64}$/)
    .optional(),
});
export type CreateOrganisationInput = z.output<typeof CreateOrganisationSchema>;

export const ReferralCodeSchema = z.object({
  intent: z.literal("create-code"),
  ngoId: z.string({ error: "form.choose_option" }).min(1, "form.choose_option").max(40),
  label: z.string({ error: "form.required" }).trim().min(1, "form.required").max(80, "form.too_long"),
  maxUses: z.coerce
    .number({ error: "form.number" })
    .int("form.number")
    .min(1, "form.number_range")
    .max(1000, "form.number_range"),
  expiresInDays: z.coerce
    .number({ error: "form.number" })
    .int("form.number")
    .min(1, "form.number_range")
    .max(365, "form.number_range"),
});

export const RevokeCodeSchema = z.object({ intent: z.literal("revoke-code"), codeId: z.string().min(1).max(40) });

export const InvitationSchema = z.object({
  intent: z.literal("invite"),
  email: EmailSchema,
  orgId: z.string({ error: "form.choose_option" }).min(1, "form.choose_option").max(40),
});

export const RoleChangeSchema = z.object({
  intent: z.enum(["grant", "revoke"]),
  role: z.enum(["learner", "educator", "verifier", "sponsor", "admin"], { error: "form.choose_option" }),
});
