// zod schemas of the credentials forms and URLs. Messages are i18n keys. The wallet's forms (a share
// link created or revoked on /wallet/:credentialId) parse with these on the server; their HTML limits come
// from the same schemas (getConstraints).
import { z } from "zod";
import { SHARE_AUDIENCE_MAX, SHARE_EXPIRY_DAYS, SHARE_NAME_CHOICES } from "./share-rules.ts";

export {
  SHARE_AUDIENCE_MAX,
  SHARE_EXPIRY_DAYS,
  SHARE_MAX_DAYS,
  SHARE_NAME_CHOICES,
  type ShareNameChoice,
} from "./share-rules.ts";

/** A share token as created (32 random bytes, base64url): anything else is answered like an unknown one. */
export const ShareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** Credential ids are UUIDs (issueCredential); cuids are accepted too (the model's default). */
export const CredentialIdSchema = z.string().regex(/^[A-Za-z0-9-]{10,40}$/);

const Id = (message: string) => z.string({ error: message }).regex(/^[A-Za-z0-9-]{10,40}$/, message);

/** A calendar day (YYYY-MM-DD, as <input type="date"> sends it) that exists. The range is the operation's (it has the clock). */
const Day = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "form.invalid")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "form.invalid");

/**
 * A new share of one credential (the credential comes from the URL): who it is for, how long it works
 * (7, 30, 90 or 365 days, or until the end of a chosen day, UTC, at most a year ahead) and what name it
 * shows. The legal name is accepted here and refused by the operation unless the learner has set one with
 * consent.
 */
export const CreateShareLinkSchema = z
  .object({
    intent: z.literal("create"),
    audience: z
      .string({ error: "form.required" })
      .trim()
      .min(1, "form.required")
      .max(SHARE_AUDIENCE_MAX, "form.too_long")
      .regex(/^[^\r\n]*$/, "form.invalid"),
    expiresIn: z.enum([...SHARE_EXPIRY_DAYS, "date"], { error: "form.choose_option" }),
    expiresOn: Day.optional(),
    nameShown: z.enum(SHARE_NAME_CHOICES, { error: "form.choose_option" }),
  })
  // Judged even when another field is wrong, so that every message shows at once (the two fields it
  // reads are well-formed by then).
  .refine((value) => value.expiresIn !== "date" || Boolean(value.expiresOn), {
    path: ["expiresOn"],
    message: "wallet.date_required",
    when: (payload) => !payload.issues.some((issue) => ["expiresIn", "expiresOn"].includes(String(issue.path?.[0]))),
  });
export type CreateShareLinkInput = z.output<typeof CreateShareLinkSchema> & { credentialId: string };

/** Withdraw one share (the credential page's Revoke button). A plain post: it harms no one else (not ADR 015). */
export const RevokeShareLinkSchema = z.object({ intent: z.literal("revoke"), shareId: Id("form.invalid") });
export type RevokeShareLinkInput = Omit<z.output<typeof RevokeShareLinkSchema>, "intent"> & { credentialId?: string };

/** The credential page's two forms, by `intent`. */
export const CredentialPageSchema = z.discriminatedUnion("intent", [CreateShareLinkSchema, RevokeShareLinkSchema], {
  error: "form.invalid",
});
