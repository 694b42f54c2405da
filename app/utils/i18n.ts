// i18n: every UI string lives in app/locales/<locale>.json and <locale>.<area>.json (ADRs 005 and 016).
// English, Spanish and Arabic are complete, with plural forms by Intl.PluralRules; app/utils/i18n.test.ts
// fails on any message missing in a language. English stays underneath as a last resort only.
export const LOCALES = ["en", "es", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
const RTL: ReadonlySet<Locale> = new Set(["ar"]);

export type Messages = Record<string, string>;

/**
 * Areas whose strings only some pages need. The root loader never sends them; a page that uses one
 * returns `messages: await pageMessages(request, [...areas])` (app/utils/page-messages.server.ts) from its
 * loader, and `useT` reads the root's messages and those of every matched route. So the learner JS budget
 * does not pay for strings of pages the learner is not on. Keys are `<area>.…`.
 * - home, safety, settings, educator_apply, notices: the page of that name (each used by one route);
 * - take: taking a quiz and its result; work: submitting an assignment; grade: the educators' grading
 *   queue and form; transcript, accommodation, pause: progress and completion; gradebook, offline,
 *   dashboard: the dashboards and the offline download.
 */
export const SCOPED_AREAS = [
  // pages of the shell and accounts with a page of their own
  "home",
  "safety",
  "settings",
  "educator_apply",
  "notices",
  // learning

  "take",
  "work",
  "grade",
  "transcript",
  "accommodation",
  "pause",
  "gradebook",
  "offline",
  "dashboard",
  // credentials: the learner's wallet and shares, a shared credential and certificates, verification
  "wallet",
  "share",
  "verify",
] as const;
export type ScopedArea = (typeof SCOPED_AREAS)[number];
export const SCOPED_KEY = new RegExp(`^(${SCOPED_AREAS.join("|")})\\.`);
export type TranslateVars = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

/** Picks the first supported language of an Accept-Language header, by quality. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { base: tag.toLowerCase().split("-")[0] ?? "", quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((r) => r.base).find(isLocale);
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * The message of `key`. With a numeric `count` in `vars`, plural forms are looked up first as
 * `<key>.<category>`, the category from Intl.PluralRules of `locale` (en/es: one, other; ar: zero, one,
 * two, few, many, other), then `<key>.other`, then `<key>` itself.
 */
export function translate(messages: Messages, key: string, vars?: TranslateVars, locale: Locale = DEFAULT_LOCALE): string {
  let template = messages[key];
  if (typeof vars?.count === "number") {
    let rules = pluralRules.get(locale);
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
    template = messages[`${key}.${rules.select(vars.count)}`] ?? messages[`${key}.other`] ?? template;
  }
  template ??= key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}
