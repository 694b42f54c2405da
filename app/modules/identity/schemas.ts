// zod schemas of the identity forms. Field messages are i18n keys (rendered by the route in the
// user's language). Length limits bound every field, so an oversized post gets a clear 400.
import { z } from "zod";
import { LOCALES } from "#app/utils/i18n.ts";
import { safeRedirectPath } from "./redirects.ts";
import { looksLikeEmail, normaliseUsername, USERNAME_MAX, USERNAME_MIN, usernameProblem } from "./usernames.ts";

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

/**
 * A username (the pseudonym a person logs in with), stored normalised: NFKC and lower case, a-z 0-9 . _ -.
 * Letters of other alphabets that look like Latin ones, and control characters, are refused with a message.
 */
export const UsernameSchema = z
  .string({ error: "form.required" })
  .min(1, "form.required")
  .min(USERNAME_MIN, "form.username_short")
  .max(USERNAME_MAX, "form.too_long")
  .transform(normaliseUsername)
  .superRefine((name, ctx) => {
    const problem = usernameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** An email the person may leave out (sign-up): confirmed by a link before it is used. */
export const OptionalEmailSchema = EmailSchema.optional();

/**
 * What a person logs in with: their username or a confirmed email. Bounded; control characters are
 * refused by the form hygiene. With an "@" it is an email and only lower-cased; otherwise it is a username,
 * normalised as usernames are stored (NFKC, lower case). Nothing else is checked: a malformed or lookalike
 * name is simply not found, and gets the same answer as any unknown one.
 */
export const IdentifierSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(254, "form.too_long")
  .transform((v) => (looksLikeEmail(v) ? v.toLowerCase() : normaliseUsername(v)));

export const LoginSchema = z.object({
  identifier: IdentifierSchema,
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
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    email: OptionalEmailSchema,
    password: NewPasswordSchema,
    confirmPassword: ConfirmPasswordSchema,
  })
  .refine(samePasswords, PASSWORDS_DIFFER);
export type SignupInput = z.output<typeof SignupSchema>;

export const AcceptInvitationSchema = z
  .object({
    intent: z.literal("accept", { error: "form.invalid" }),
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    password: NewPasswordSchema,
    confirmPassword: ConfirmPasswordSchema,
  })
  .refine(samePasswords, PASSWORDS_DIFFER);
/** The invitation's link token comes from the URL and is merged into the input. */
export type AcceptInvitationInput = z.output<typeof AcceptInvitationSchema> & { token: string };

/** A logged-in person whose confirmed email is the invitation's joins with their own account. */
export const JoinInvitationSchema = z.object({ intent: z.literal("join", { error: "form.invalid" }) });
/** The invitation page posts the new-account form (anonymous) or the join button (logged in). */
export const InvitationPageSchema = z.discriminatedUnion("intent", [AcceptInvitationSchema, JoinInvitationSchema], {
  error: "form.invalid",
});

/**
 * The one button of a page behind an emailed link (confirm an address, finish joining): the link's GET
 * changes nothing, because mail scanners open links; this POST does. The token comes from the URL.
 */
export const ConfirmLinkSchema = z.object({ confirm: z.literal("yes", { error: "form.invalid" }) });
export type LinkTokenInput = { token: string };

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

export const RemoveLegalNameSchema = z.object({ intent: z.literal("remove-legal-name") });

/** The notices page's one button (the in-app notices are the mailer's: app/utils/mailer.server.ts). */
export const MarkNoticesReadSchema = z.object({ read: z.literal("all", { error: "form.invalid" }) });

/** Add or change the email address: it is used once its confirmation link is opened. */
export const EmailChangeSchema = z.object({ intent: z.literal("email"), email: EmailSchema });
export type EmailChangeInput = z.output<typeof EmailChangeSchema>;
export const RemoveEmailSchema = z.object({ intent: z.literal("remove-email") });
export const ResendEmailSchema = z.object({ intent: z.literal("resend-email") });

/** The settings page posts one of its forms, told apart by `intent`. */
export const SettingsSchema = z.discriminatedUnion(
  "intent",
  [
    ProfileSchema,
    LegalNameSchema,
    RemoveLegalNameSchema,
    ChangePasswordSchema,
    EmailChangeSchema,
    RemoveEmailSchema,
    ResendEmailSchema,
  ],
  { error: "form.invalid" },
);

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

/**
 * The explicit confirmation of a destructive admin action (docs/decisions/015-confirmed-admin-actions.md):
 * the first post of the button leaves it out and gets the page's "Are you sure?" view; only the post of
 * that view's Confirm button carries `confirm=yes`, and the operation refuses to act without it.
 */
export const ConfirmField = z.literal("yes", { error: "form.invalid" }).optional();

const CodeIdSchema = z.string({ error: "form.required" }).min(1, "form.required").max(40, "form.too_long");

export const RevokeCodeSchema = z.object({
  intent: z.literal("revoke-code"),
  codeId: CodeIdSchema,
  confirm: ConfirmField,
});
export type RevokeReferralCodeInput = z.output<typeof RevokeCodeSchema>;

/** Undoing a revocation (no confirmation: it gives back what the revocation took). */
export const ReinstateCodeSchema = z.object({ intent: z.literal("reinstate-code"), codeId: CodeIdSchema });
export type ReinstateReferralCodeInput = z.output<typeof ReinstateCodeSchema>;

/** The referral-codes page posts its creation form, or one of its revoke or reinstate buttons. */
export const ReferralCodesPageSchema = z.discriminatedUnion(
  "intent",
  [ReferralCodeSchema, RevokeCodeSchema, ReinstateCodeSchema],
  { error: "form.invalid" },
);

/** A person's role in a sponsor organisation: owners invite and remove its members (issue 10). */
export const OrgRoleSchema = z.enum(["owner", "member"], { error: "form.choose_option" });

export const InvitationSchema = z.object({
  intent: z.literal("invite"),
  email: EmailSchema,
  orgId: z.string({ error: "form.choose_option" }).min(1, "form.choose_option").max(40),
  /** Sponsor organisations only (institutions' verifiers are all members); owner when left out. */
  orgRole: OrgRoleSchema.optional(),
});
export type CreateInvitationInput = z.output<typeof InvitationSchema>;

const InvitationIdSchema = z.string({ error: "form.invalid" }).regex(/^[a-z0-9]{10,40}$/i, "form.invalid");

/** Send an open (or expired) invitation again, with a new link: the old link stops working. */
export const ResendInvitationSchema = z.object({ intent: z.literal("resend-invitation"), invitationId: InvitationIdSchema });
export type ResendInvitationInput = z.output<typeof ResendInvitationSchema>;

/** Withdraw an invitation that was not accepted: its link stops working (confirmed first). */
export const RevokeInvitationSchema = z.object({
  intent: z.literal("revoke-invitation"),
  invitationId: InvitationIdSchema,
  confirm: ConfirmField,
});
export type RevokeInvitationInput = z.output<typeof RevokeInvitationSchema>;

/** The invitations page posts its invitation form, or one of its resend or withdraw buttons. */
export const InvitationsPageSchema = z.discriminatedUnion(
  "intent",
  [InvitationSchema, ResendInvitationSchema, RevokeInvitationSchema],
  { error: "form.invalid" },
);

export const ROLES = ["learner", "educator", "verifier", "sponsor", "admin"] as const;

export const RoleChangeSchema = z.object({
  intent: z.enum(["grant", "revoke"], { error: "form.invalid" }),
  role: z.enum(ROLES, { error: "form.choose_option" }),
  confirm: ConfirmField,
});
/** The account comes from the URL (`/admin/users/:userId`). */
export type RoleChangeInput = {
  userId: string;
  role: z.output<typeof RoleChangeSchema>["role"];
  confirm?: z.output<typeof ConfirmField>;
};

// ---------------------------------------------------------------- a sponsor organisation's members (issue 10)

const OrgMemberIdSchema = z.string({ error: "form.invalid" }).regex(/^[a-z0-9]{10,40}$/i, "form.invalid");

/** An owner invites a person to their sponsor organisation, as an owner or a member. The organisation comes from the URL. */
export const InviteOrgMemberSchema = z.object({
  intent: z.literal("invite"),
  email: EmailSchema,
  orgRole: OrgRoleSchema,
});
export type InviteOrgMemberInput = Omit<z.output<typeof InviteOrgMemberSchema>, "intent"> & { orgId: string };

/** An owner removes a member (confirmed first, ADR 015). */
export const RemoveOrgMemberSchema = z.object({
  intent: z.literal("remove-member"),
  userId: OrgMemberIdSchema,
  confirm: ConfirmField,
});
export type RemoveOrgMemberInput = Omit<z.output<typeof RemoveOrgMemberSchema>, "intent"> & { orgId: string };

/** An owner withdraws an open invitation of their organisation (confirmed first). */
export const RevokeOrgInvitationSchema = z.object({
  intent: z.literal("revoke-invitation"),
  invitationId: OrgMemberIdSchema,
  confirm: ConfirmField,
});
export type RevokeOrgInvitationInput = Omit<z.output<typeof RevokeOrgInvitationSchema>, "intent"> & { orgId: string };

/** The members page (/sponsor/orgs/:orgId/members) posts its invitation form or a remove / withdraw button. */
export const OrgMembersPageSchema = z.discriminatedUnion(
  "intent",
  [InviteOrgMemberSchema, RemoveOrgMemberSchema, RevokeOrgInvitationSchema],
  { error: "form.invalid" },
);

// ---------------------------------------------------------------- recovery (docs/decisions/014-account-recovery.md)

/** "Email me a link": a username or an email address, compared the way each is stored. */
export const RequestPasswordResetSchema = z.object({
  identifier: z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .max(254, "form.too_long")
    .transform((v) => (looksLikeEmail(v) ? v.toLowerCase() : normaliseUsername(v))),
});
export type RequestPasswordResetInput = z.output<typeof RequestPasswordResetSchema>;

/** The new password behind an emailed link; the link's token comes from the URL and is merged in. */
export const ResetPasswordSchema = z
  .object({ password: NewPasswordSchema, confirmPassword: ConfirmPasswordSchema })
  .refine(samePasswords, PASSWORDS_DIFFER);
export type ResetPasswordInput = Pick<z.output<typeof ResetPasswordSchema>, "password"> & { token: string };

/**
 * A recovery code or an admin-issued reset code, with the username it belongs to. The username is not
 * checked against the username rules: a name that cannot exist simply matches no account, with the same
 * answer as a wrong code.
 */
export const RecoverWithCodeSchema = z
  .object({
    username: z
      .string({ error: "form.required" })
      .trim()
      .min(1, "form.required")
      .max(64, "form.too_long")
      .transform(normaliseUsername),
    code: ReferralCodeInputSchema,
    password: NewPasswordSchema,
    confirmPassword: ConfirmPasswordSchema,
  })
  .refine(samePasswords, PASSWORDS_DIFFER);
export type RecoverWithCodeInput = z.output<typeof RecoverWithCodeSchema>;

/** Settings: a new batch of recovery codes, after the current password. */
export const RegenerateRecoveryCodesSchema = z.object({
  currentPassword: z.string({ error: "form.required" }).min(1, "form.required").max(PASSWORD_MAX, "form.too_long"),
});
export type RegenerateRecoveryCodesInput = z.output<typeof RegenerateRecoveryCodesSchema>;

/**
 * The partner NGO that asked for a learner's reset code, and (on the second post) the admin's
 * confirmation (ADR 015). The account comes from the URL.
 */
export const IssueResetCodeSchema = z.object({
  ngoId: z.string({ error: "form.choose_option" }).min(1, "form.choose_option").max(40, "form.too_long"),
  confirm: ConfirmField,
});
export type IssueResetCodeInput = z.output<typeof IssueResetCodeSchema> & { userId: string };
