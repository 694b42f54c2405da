// zod schemas of the identity forms. Field messages are i18n keys (rendered by the route in the
// user's language). Length limits bound every field, so an oversized post gets a clear 400.
import { z } from "zod";
import { LOCALES } from "#app/utils/i18n.ts";
import { safeRedirectPath } from "./redirects.ts";

// The same bounds as the password policy (password.server.ts): the form shows them, the policy enforces them.
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** A `redirectTo` field: a same-site path, or nothing (validated before anything is written). */
const RedirectToSchema = z
  .string()
  .max(500)
  .optional()
  .transform((v) => safeRedirectPath(v) ?? undefined);

export const EmailSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(254, "form.too_long")
  .pipe(z.email({ error: "form.email_invalid" }))
  .transform((v) => v.toLowerCase());

// The rest of the password policy (common and guessable passwords) is checked by checkPasswordPolicy.
export const NewPasswordSchema = z
  .string({ error: "form.required" })
  .min(1, "form.required")
  .min(PASSWORD_MIN, "password.too_short")
  .max(PASSWORD_MAX, "form.too_long");
/** "Repeat the password". */
export const ConfirmPasswordSchema = z
  .string({ error: "form.required" })
  .min(1, "form.required")
  .max(PASSWORD_MAX, "form.too_long");

/**
 * "The two passwords differ", reported together with the form's other messages: zod skips an object's
 * refinements once a field is missing, so this one runs whenever both passwords were typed.
 */
export const samePasswords = (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword;
export const PASSWORDS_DIFFER = {
  path: ["confirmPassword"],
  message: "form.passwords_differ",
  when: (payload: { value: unknown }) => {
    const v = payload.value as { password?: unknown; confirmPassword?: unknown } | undefined;
    return typeof v?.password === "string" && typeof v.confirmPassword === "string";
  },
};

export const DisplayNameSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(2, "form.display_name_short")
  .max(40, "form.too_long")
  .regex(/^[\p{L}\p{N} ._'-]+$/u, "form.display_name_chars");

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: "form.required" }).min(1, "form.required").max(PASSWORD_MAX, "form.too_long"),
  redirectTo: RedirectToSchema,
});
export type LoginInput = z.output<typeof LoginSchema>;

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
    confirmPassword: ConfirmPasswordSchema,
  })
  .refine(samePasswords, PASSWORDS_DIFFER);
export type SignupInput = z.output<typeof SignupSchema>;

export const AcceptInvitationSchema = z
  .object({
    displayName: DisplayNameSchema,
    password: NewPasswordSchema,
    confirmPassword: ConfirmPasswordSchema,
  })
  .refine(samePasswords, PASSWORDS_DIFFER);
/** The invitation's link token comes from the URL and is merged into the input. */
export type AcceptInvitationInput = z.output<typeof AcceptInvitationSchema> & { token: string };

export const PreferencesSchema = z.object({
  lang: z.enum(LOCALES).optional(),
  lowData: z.enum(["on", "off"]).optional(),
  redirectTo: RedirectToSchema,
});
export type PreferencesInput = z.output<typeof PreferencesSchema>;

export const ProfileSchema = z.object({
  intent: z.literal("profile"),
  displayName: DisplayNameSchema,
  locale: z.enum(LOCALES, { error: "form.choose_option" }),
  lowData: z.literal("on", { error: "form.invalid" }).optional(),
});
export type ProfileInput = z.output<typeof ProfileSchema>;

export const LegalNameSchema = z.object({
  intent: z.literal("legal-name"),
  legalName: z.string().trim().max(200, "form.too_long").optional(),
  legalNameConsent: z.literal("on", { error: "form.invalid" }).optional(),
});
export type LegalNameInput = z.output<typeof LegalNameSchema>;

export const ChangePasswordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string({ error: "form.required" }).min(1, "form.required").max(PASSWORD_MAX, "form.too_long"),
    password: NewPasswordSchema,
    confirmPassword: ConfirmPasswordSchema,
  })
  .refine(samePasswords, PASSWORDS_DIFFER);
export type ChangePasswordInput = z.output<typeof ChangePasswordSchema>;

/** The settings page posts one of its three forms, told apart by `intent`. */
export const SettingsSchema = z.discriminatedUnion("intent", [ProfileSchema, LegalNameSchema, ChangePasswordSchema], {
  error: "form.invalid",
});

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
export type CreateReferralCodeInput = z.output<typeof ReferralCodeSchema> & {
  /** The seed passes a fixed demo code; everything else gets a random one. */
  code?: string;
};

export const RevokeCodeSchema = z.object({
  intent: z.literal("revoke-code"),
  codeId: z.string({ error: "form.required" }).min(1, "form.required").max(40, "form.too_long"),
});
export type RevokeReferralCodeInput = z.output<typeof RevokeCodeSchema>;

/** The referral-codes page posts either its creation form or one of its revoke buttons. */
export const ReferralCodesPageSchema = z.discriminatedUnion("intent", [ReferralCodeSchema, RevokeCodeSchema], {
  error: "form.invalid",
});

export const InvitationSchema = z.object({
  intent: z.literal("invite"),
  email: EmailSchema,
  orgId: z.string({ error: "form.choose_option" }).min(1, "form.choose_option").max(40),
});
export type CreateInvitationInput = z.output<typeof InvitationSchema>;

export const ROLES = ["learner", "educator", "verifier", "sponsor", "admin"] as const;

export const RoleChangeSchema = z.object({
  intent: z.enum(["grant", "revoke"], { error: "form.invalid" }),
  role: z.enum(ROLES, { error: "form.choose_option" }),
});
/** The account comes from the URL (`/admin/users/:userId`). */
export type RoleChangeInput = { userId: string; role: z.output<typeof RoleChangeSchema>["role"] };
