// Usernames: the pseudonym a person logs in with. Stored normalised so that "River", "river" and a
// full-width "ｒｉｖｅｒ" are one name; letters outside a-z (Cyrillic "а", Greek "ο", …) are refused rather
// than folded, so no lookalike can pass for another account's name. Shared by the schemas (browser-safe).
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
const USERNAME_PATTERN = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;

/** NFKC and lower case: what a username is compared and stored as. */
export function normaliseUsername(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}

/** The i18n key of what is wrong with a normalised username, or null when it is acceptable. */
export function usernameProblem(name: string): string | null {
  if (name.length < USERNAME_MIN) return "form.username_short";
  if (name.length > USERNAME_MAX) return "form.too_long";
  if (!USERNAME_PATTERN.test(name)) return "form.username_chars";
  if (/[._-]{2}/.test(name)) return "form.username_chars";
  return null;
}

/** Is `identifier` (as typed at login or recovery) an email address rather than a username? */
export function looksLikeEmail(identifier: string): boolean {
  return identifier.includes("@");
}
