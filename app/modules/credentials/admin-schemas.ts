// zod schemas of the admin's credential forms (revocation, issuer keys). Messages are i18n keys.
import { z } from "zod";

const Id = z.string({ error: "form.invalid" }).regex(/^[a-z0-9-]{10,40}$/i, "form.invalid");
const Confirm = z.literal("yes", { error: "form.invalid" }).optional();

export const REVOCATION_REASON_MAX = 500;

/** Revoke a credential, with the reason kept in the audit log. Confirmed (ADR 015). */
export const RevokeCredentialSchema = z.object({
  credentialId: Id,
  reason: z
    .string({ error: "form.required" })
    .trim()
    .min(3, "credentials_admin.reason_required")
    .max(REVOCATION_REASON_MAX, "form.too_long"),
  confirm: Confirm,
});
export type RevokeCredentialInput = z.output<typeof RevokeCredentialSchema>;

/** Rotate the signing key. Confirmed. */
export const RotateKeySchema = z.object({ confirm: Confirm });

const withSeconds = (s: string) => (s.length === 16 ? `${s}:00` : s);

/** Mark a key compromised from a moment (a datetime-local value, read as UTC). Confirmed. */
export const MarkKeyCompromisedSchema = z.object({
  keyId: Id,
  compromisedAt: z
    .string({ error: "form.required" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: "form.invalid", abort: true })
    // A moment that exists: JavaScript would read "2025-02-31T10:00" as 3 March, so the parsed moment
    // must read back as what was sent.
    .refine((s) => {
      const d = new Date(`${withSeconds(s)}Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === withSeconds(s);
    }, "form.invalid")
    .transform((s) => new Date(`${withSeconds(s)}Z`)),
  confirm: Confirm,
});
export type MarkKeyCompromisedInput = z.output<typeof MarkKeyCompromisedSchema>;
