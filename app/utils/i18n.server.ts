import enSponsor from "#app/locales/en.sponsor.json" with { type: "json" };
import enImpact from "#app/locales/en.impact.json" with { type: "json" };
import enMembers from "#app/locales/en.members.json" with { type: "json" };
import esSponsor from "#app/locales/es.sponsor.json" with { type: "json" };
import esImpact from "#app/locales/es.impact.json" with { type: "json" };
import esMembers from "#app/locales/es.members.json" with { type: "json" };
import arSponsor from "#app/locales/ar.sponsor.json" with { type: "json" };
import arImpact from "#app/locales/ar.impact.json" with { type: "json" };
import arMembers from "#app/locales/ar.members.json" with { type: "json" };
import enCredentials from "#app/locales/en.credentials.json" with { type: "json" };
import enVerify from "#app/locales/en.verify.json" with { type: "json" };
import enWallet from "#app/locales/en.wallet.json" with { type: "json" };
import esCredentials from "#app/locales/es.credentials.json" with { type: "json" };
import esVerify from "#app/locales/es.verify.json" with { type: "json" };
import esWallet from "#app/locales/es.wallet.json" with { type: "json" };
import arCredentials from "#app/locales/ar.credentials.json" with { type: "json" };
import arVerify from "#app/locales/ar.verify.json" with { type: "json" };
import arWallet from "#app/locales/ar.wallet.json" with { type: "json" };
import enAuth from "#app/locales/en.auth.json" with { type: "json" };
import enSignup from "#app/locales/en.signup.json" with { type: "json" };
import enRecovery from "#app/locales/en.recovery.json" with { type: "json" };
import enShell from "#app/locales/en.shell.json" with { type: "json" };
import enAdmin from "#app/locales/en.admin.json" with { type: "json" };
import enLearning from "#app/locales/en.learning.json" with { type: "json" };
import enPlayer from "#app/locales/en.player.json" with { type: "json" };
import enTake from "#app/locales/en.take.json" with { type: "json" };
import enWork from "#app/locales/en.work.json" with { type: "json" };
import enProgress from "#app/locales/en.progress.json" with { type: "json" };
import enDashboards from "#app/locales/en.dashboards.json" with { type: "json" };
import esAuth from "#app/locales/es.auth.json" with { type: "json" };
import esSignup from "#app/locales/es.signup.json" with { type: "json" };
import esRecovery from "#app/locales/es.recovery.json" with { type: "json" };
import esShell from "#app/locales/es.shell.json" with { type: "json" };
import esAdmin from "#app/locales/es.admin.json" with { type: "json" };
import esLearning from "#app/locales/es.learning.json" with { type: "json" };
import esPlayer from "#app/locales/es.player.json" with { type: "json" };
import esTake from "#app/locales/es.take.json" with { type: "json" };
import esWork from "#app/locales/es.work.json" with { type: "json" };
import esProgress from "#app/locales/es.progress.json" with { type: "json" };
import esDashboards from "#app/locales/es.dashboards.json" with { type: "json" };
import arAuth from "#app/locales/ar.auth.json" with { type: "json" };
import arSignup from "#app/locales/ar.signup.json" with { type: "json" };
import arRecovery from "#app/locales/ar.recovery.json" with { type: "json" };
import arShell from "#app/locales/ar.shell.json" with { type: "json" };
import arAdmin from "#app/locales/ar.admin.json" with { type: "json" };
import arLearning from "#app/locales/ar.learning.json" with { type: "json" };
import arPlayer from "#app/locales/ar.player.json" with { type: "json" };
import arTake from "#app/locales/ar.take.json" with { type: "json" };
import arWork from "#app/locales/ar.work.json" with { type: "json" };
import arProgress from "#app/locales/ar.progress.json" with { type: "json" };
import arDashboards from "#app/locales/ar.dashboards.json" with { type: "json" };
import arCatalog from "#app/locales/ar.catalog.json" with { type: "json" };
import arCourses from "#app/locales/ar.courses.json" with { type: "json" };
import arErrors from "#app/locales/ar.errors.json" with { type: "json" };
import ar from "#app/locales/ar.json" with { type: "json" };
import enCatalog from "#app/locales/en.catalog.json" with { type: "json" };
import enCourses from "#app/locales/en.courses.json" with { type: "json" };
import enErrors from "#app/locales/en.errors.json" with { type: "json" };
import en from "#app/locales/en.json" with { type: "json" };
import esCatalog from "#app/locales/es.catalog.json" with { type: "json" };
import esCourses from "#app/locales/es.courses.json" with { type: "json" };
import esErrors from "#app/locales/es.errors.json" with { type: "json" };
import es from "#app/locales/es.json" with { type: "json" };
import {
  DEFAULT_LOCALE,
  isLocale,
  negotiateLocale,
  translate,
  type Locale,
  type Messages,
  SCOPED_KEY,
  type ScopedArea,
  type TranslateVars,
} from "./i18n.ts";

// One catalog per locale, assembled from files per area (shell and accounts; course authoring and
// review; the public catalog) so that areas can be translated and reviewed separately.
const CATALOGS: Record<Locale, Messages> = {
  en: {
    ...en,
    ...enCourses,
    ...enCatalog,
    ...enErrors,
    ...enAuth,
    ...enSignup,
    ...enRecovery,
    ...enShell,
    ...enAdmin,
    ...enLearning,
    ...enPlayer,
    ...enTake,
    ...enWork,
    ...enProgress,
    ...enDashboards,
    ...enCredentials,
    ...enVerify,
    ...enWallet,
    ...enSponsor,
    ...enImpact,
    ...enMembers,
  },
  es: {
    ...es,
    ...esCourses,
    ...esCatalog,
    ...esErrors,
    ...esAuth,
    ...esSignup,
    ...esRecovery,
    ...esShell,
    ...esAdmin,
    ...esLearning,
    ...esPlayer,
    ...esTake,
    ...esWork,
    ...esProgress,
    ...esDashboards,
    ...esCredentials,
    ...esVerify,
    ...esWallet,
    ...esSponsor,
    ...esImpact,
    ...esMembers,
  },
  ar: {
    ...ar,
    ...arCourses,
    ...arCatalog,
    ...arErrors,
    ...arAuth,
    ...arSignup,
    ...arRecovery,
    ...arShell,
    ...arAdmin,
    ...arLearning,
    ...arPlayer,
    ...arTake,
    ...arWork,
    ...arProgress,
    ...arDashboards,
    ...arCredentials,
    ...arVerify,
    ...arWallet,
    ...arSponsor,
    ...arImpact,
    ...arMembers,
  },
};

/** The messages of a locale, with English under it for any key the locale lacks. */
export function getMessages(locale: Locale): Messages {
  if (locale === DEFAULT_LOCALE) return CATALOGS.en;
  let merged = mergedCatalogs.get(locale);
  if (!merged) {
    merged = Object.freeze({ ...CATALOGS.en, ...CATALOGS[locale] });
    mergedCatalogs.set(locale, merged);
  }
  return merged;
}

// The catalogs never change while the process runs: every derived set of messages is worked out once.
const mergedCatalogs = new Map<Locale, Messages>();
const rootSets = new Map<string, Messages>();
const scopedSets = new Map<string, Messages>();

export function getCatalog(locale: Locale): Messages {
  return CATALOGS[locale];
}

/** The user's setting, then the language cookie, then Accept-Language, then English. */
export function resolveLocale(options: {
  userLocale?: string | null;
  cookieLocale?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(options.userLocale)) return options.userLocale;
  if (isLocale(options.cookieLocale)) return options.cookieLocale;
  return negotiateLocale(options.acceptLanguage) ?? DEFAULT_LOCALE;
}

// Strings of staff pages are not sent with learner and visitor pages: every page carries its messages in
// its hydration data, and learner pages have a JS budget (npm run budget, in every language). Staff pages: authoring, review, vetting, cohorts, teaching, the admin area (audit log, invitations,
// codes, organisations, accounts), the partner and sponsor pages, and the reasons only staff can meet.
const STAFF_ONLY = new RegExp(
  "^(author|review|vetting|cohort|educator|admin|lesson|quiz|assignment|refused|email|course|course_submit|" +
    "audit|audit_action|audit_field|audit_value|audit_entity|teach|application_status|partner|sponsor|" +
    "invitation_state|code_state|org_kind|user_status|confirm|seats|credentials_admin)\\.|" +
    "^reason\\.(cohort|lesson|module|coauthor|role|organisation|confirmation|educator|application|accommodation|credential|issuer_key|order|payment|price|webhook)\\.|" +
    // pause and return tell the learner in the outline page's scoped `pause.reason_…` words (ADR 023)
    "^reason\\.enrolment\\.(not_active|not_paused|cohort_not_later|cannot_carry_progress)$|" +
    // the lesson editor's grading fields (learners see only grading.rule_… and the answer refusals)
    "^grading\\.(field|keep|show|partial|tolerance|review)_",
);
const SERVER_ONLY = /^(refused|email)\./;

/** The messages every page carries (the root loader's): without scoped areas, and without staff strings for learners and visitors. */
export function rootMessages(locale: Locale, user: { roles: readonly string[] } | null): Messages {
  const staff = user?.roles.some((r) => r !== "learner") ?? false;
  const key = `${locale}|${staff ? "staff" : "learner"}`;
  let set = rootSets.get(key);
  if (!set) {
    const drop = staff ? SERVER_ONLY : STAFF_ONLY;
    // Scoped areas come with the pages that use them (pageMessages), for everyone.
    set = Object.freeze(
      Object.fromEntries(Object.entries(getMessages(locale)).filter(([k]) => !drop.test(k) && !SCOPED_KEY.test(k))),
    );
    rootSets.set(key, set);
  }
  return set;
}

/**
 * The messages of the scoped areas a page asks for (keys `<area>.…`, see SCOPED_AREAS): the root
 * loader leaves them out of every page, so a page's hydration data carries only the strings it uses.
 */
export function scopedMessages(locale: Locale, areas: readonly ScopedArea[]): Messages {
  const key = `${locale}|${areas.join(",")}`;
  let set = scopedSets.get(key);
  if (!set) {
    const prefixes = areas.map((a) => `${a}.`);
    set = Object.freeze(
      Object.fromEntries(Object.entries(getMessages(locale)).filter(([k]) => prefixes.some((p) => k.startsWith(p)))),
    );
    scopedSets.set(key, set);
  }
  return set;
}

export function serverT(locale: Locale) {
  const messages = getMessages(locale);
  return (key: string, vars?: TranslateVars) => translate(messages, key, vars, locale);
}
