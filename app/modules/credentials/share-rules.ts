// The share form's choices and limits, without zod: the credential page's component reads them, and zod
// must not reach the browser (the learner JavaScript budget). schemas.ts builds the schema from these.

/** "Admissions at University X": one line, short enough to read in a list. */
export const SHARE_AUDIENCE_MAX = 120;
/** The expiry choices of the share form, in days; "date" takes `expiresOn`. */
export const SHARE_EXPIRY_DAYS = ["7", "30", "90", "365"] as const;
/** The longest a share may live: a year (by day for a chosen date). */
export const SHARE_MAX_DAYS = 365;
/** What name a share shows beside the credential: none, the display name, or the legal name (with consent). */
export const SHARE_NAME_CHOICES = ["none", "display", "legal"] as const;
export type ShareNameChoice = (typeof SHARE_NAME_CHOICES)[number];
