import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { directionOf, LOCALES, negotiateLocale, SCOPED_KEY, translate, type Locale, type Messages } from "./i18n.ts";
import { getCatalog, getMessages, resolveLocale, rootMessages, scopedMessages } from "./i18n.server.ts";

// ---------------------------------------------------------------------------------------------------
// The locale files as they are on disk: app/locales/<locale>.json and app/locales/<locale>.<area>.json.

const LOCALE_DIR = "app/locales";
type LocaleFile = { file: string; locale: string; area: string; messages: Messages };

const FILES: LocaleFile[] = readdirSync(LOCALE_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((file) => {
    const [locale = "", ...rest] = file.replace(/\.json$/, "").split(".");
    return {
      file,
      locale,
      area: rest.join(".") || "(main)",
      messages: JSON.parse(readFileSync(path.join(LOCALE_DIR, file), "utf8")) as Messages,
    };
  });

/** Every key of a locale, over all its files. */
function keysOf(locale: Locale): Messages {
  return Object.assign({}, ...FILES.filter((f) => f.locale === locale).map((f) => f.messages)) as Messages;
}
const ON_DISK = Object.fromEntries(LOCALES.map((l) => [l, keysOf(l)])) as Record<Locale, Messages>;
const en = ON_DISK.en;

/** The file that holds a key in a locale, for messages that say where to fix something. */
function fileOf(locale: Locale, key: string) {
  return FILES.find((f) => f.locale === locale && key in f.messages)?.file ?? `${locale}.<area>.json`;
}

// ---------------------------------------------------------------------------------------------------
// Plural forms: `x.count.one`, `x.count.other`, ... (translate() picks them by Intl.PluralRules).

const CATEGORIES = ["zero", "one", "two", "few", "many", "other"] as const;
/** The forms each language must give for a plural message (Spanish may add `many`, which falls back to `other`). */
const REQUIRED_FORMS: Record<Locale, readonly string[]> = {
  en: ["one", "other"],
  es: ["one", "other"],
  ar: CATEGORIES,
};
const PLURAL_BASES = new Set(
  LOCALES.flatMap((l) => Object.keys(ON_DISK[l]))
    .filter((k) => k.endsWith(".other"))
    .map((k) => k.slice(0, -".other".length)),
);

/** A key's message id: the plural base for a plural form, the key itself otherwise. */
function messageId(key: string) {
  const dot = key.lastIndexOf(".");
  const base = key.slice(0, dot);
  return PLURAL_BASES.has(base) && (CATEGORIES as readonly string[]).includes(key.slice(dot + 1)) ? base : key;
}

/** Message id → the keys a locale has for it. */
function messagesById(locale: Locale) {
  const ids = new Map<string, string[]>();
  for (const key of Object.keys(ON_DISK[locale])) ids.set(messageId(key), [...(ids.get(messageId(key)) ?? []), key]);
  return ids;
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

// ---------------------------------------------------------------------------------------------------
// Names and codes that stay as they are in every language.

const KEPT_NAMES = ["Waystone", "ECTS", "JavaScript", "Markdown", "Escape", "Tab", "HTML", "SMTP", "UTC", "MB", "NGO"];
/** True when a value, without its placeholders and the kept names, has no letters left (a code, a number, a name). */
function nothingToTranslate(value: string) {
  let rest = value.replace(/\{\w+\}/g, " ");
  for (const name of KEPT_NAMES) rest = rest.replaceAll(name, " ");
  return !/\p{L}/u.test(rest);
}

// ---------------------------------------------------------------------------------------------------
// The keys the app's code uses.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" || name === "locales" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [full] : [];
  });
}
const KEY = String.raw`[a-z][a-z_]*\.[A-Za-z0-9_.-]*[A-Za-z0-9_]`;
/**
 * Literal keys: t("…"), page titles (pageTitle(matches, "…"), publicPageMeta(matches, "…")), message keys
 * (`key: "…"` of an AppError or a description), form messages ("form.…", "password.…") and *_LABELS maps.
 */
function literalKeys(src: string): string[] {
  const found = [
    ...src.matchAll(new RegExp(String.raw`\bt\(\s*"(${KEY})"`, "g")),
    ...src.matchAll(new RegExp(String.raw`\b\w+\(\s*matches\s*,\s*"(${KEY})"`, "g")),
    ...src.matchAll(new RegExp(String.raw`\bkey:\s*"(${KEY})"`, "g")),
    ...src.matchAll(new RegExp(String.raw`["'\`]((?:form|password)\.[a-z0-9_]+)["'\`]`, "g")),
  ].map((m) => m[1]!);
  for (const block of src.matchAll(/const \w*_LABELS\b[^=]*=\s*\{([^}]*)\}/g)) {
    found.push(...[...block[1]!.matchAll(new RegExp(String.raw`:\s*"(${KEY})"`, "g"))].map((m) => m[1]!));
  }
  return found;
}
/** Prefixes of keys built at run time: t(`subject.${s}`). */
const dynamicPrefixes = (src: string) => [...src.matchAll(/\bt\(\s*`([a-z][a-z_]*\.[a-z0-9_.-]*)\$\{/g)].map((m) => m[1]!);

const SOURCES = sourceFiles("app").map((file) => ({ file, src: readFileSync(file, "utf8") }));
/** A key exists as a message, a plural, or (for an AppError reason such as "password.rejected") as `reason.<key>`. */
const exists = (key: string) => key in en || `${key}.other` in en || `reason.${key}` in en;

// ---------------------------------------------------------------------------------------------------

describe("message catalogs", () => {
  test("every area has its file in every language, and every file is loaded (i18n.server.ts)", () => {
    const problems: string[] = [];
    const areas = new Set(FILES.map((f) => f.area));
    for (const area of areas) {
      for (const locale of LOCALES) {
        if (!FILES.some((f) => f.area === area && f.locale === locale)) problems.push(`missing file ${locale}.${area}.json`);
      }
    }
    for (const f of FILES) {
      if (!(LOCALES as readonly string[]).includes(f.locale)) {
        problems.push(`${f.file}: not a shipped language`);
        continue;
      }
      const loaded = getCatalog(f.locale as Locale);
      for (const [key, value] of Object.entries(f.messages)) {
        if (loaded[key] !== value) problems.push(`${f.file}: ${key} is not what getCatalog("${f.locale}") serves`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("no key is defined in two files", () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      const seen = new Map<string, string>();
      for (const f of FILES.filter((x) => x.locale === locale)) {
        for (const key of Object.keys(f.messages)) {
          const other = seen.get(key);
          if (other) problems.push(`${key}: in ${other} and ${f.file}`);
          else seen.set(key, f.file);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("every message exists in every shipped language, plurals with every form the language needs", () => {
    const problems: string[] = [];
    const byLocale = Object.fromEntries(LOCALES.map((l) => [l, messagesById(l)])) as Record<Locale, Map<string, string[]>>;
    const allIds = new Set(LOCALES.flatMap((l) => [...byLocale[l].keys()]));
    for (const id of [...allIds].sort()) {
      const where = LOCALES.map((l) => byLocale[l].get(id)?.[0]).find(Boolean)!;
      const home = FILES.find((f) => where in f.messages)!.area;
      for (const locale of LOCALES) {
        const keys = byLocale[locale].get(id);
        if (!keys) {
          problems.push(`${locale}: missing ${id} (${locale}.${home === "(main)" ? "" : `${home}.`}json)`);
          continue;
        }
        if (!PLURAL_BASES.has(id)) continue;
        if (keys.includes(id)) problems.push(`${locale}: ${id} is both a plain message and a plural (${fileOf(locale, id)})`);
        const forms = keys.filter((k) => k !== id).map((k) => k.slice(id.length + 1));
        const lacking = REQUIRED_FORMS[locale].filter((c) => !forms.includes(c));
        if (lacking.length)
          problems.push(`${locale}: ${id} lacks the plural forms ${lacking.join(", ")} (${fileOf(locale, keys[0]!)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("every language has the same placeholders as English", () => {
    const problems: string[] = [];
    const enIds = messagesById("en");
    for (const locale of ["es", "ar"] as const) {
      const ids = messagesById(locale);
      for (const [id, enKeys] of enIds) {
        const keys = ids.get(id);
        if (!keys) continue; // reported as missing above
        if (!PLURAL_BASES.has(id)) {
          const want = placeholders(en[id]!);
          const got = placeholders(ON_DISK[locale][id]!);
          if (want.join() !== got.join())
            problems.push(`${locale}: ${id} has {${got.join("} {")}}, English {${want.join("} {")}}`);
          continue;
        }
        // A plural form may leave out the number ("وحدة واحدة", "one module"), never add one English lacks;
        // the `other` form carries them all.
        const allowed = new Set(enKeys.flatMap((k) => placeholders(en[k]!)));
        for (const key of keys) {
          const extra = placeholders(ON_DISK[locale][key]!).filter((p) => !allowed.has(p));
          if (extra.length) problems.push(`${locale}: ${key} has {${extra.join("} {")}}, unknown in English`);
        }
        const other = ON_DISK[locale][`${id}.other`];
        const enOther = en[`${id}.other`];
        if (other !== undefined && enOther !== undefined && placeholders(other).join() !== placeholders(enOther).join()) {
          problems.push(
            `${locale}: ${id}.other has {${placeholders(other).join("} {")}}, English {${placeholders(enOther).join("} {")}}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("Arabic is translated: no value left in English, Arabic script and Arabic punctuation", () => {
    const problems: string[] = [];
    const ar = ON_DISK.ar;
    for (const [key, value] of Object.entries(ar)) {
      const where = fileOf("ar", key);
      if (nothingToTranslate(value)) continue;
      if (en[key] === value) problems.push(`${where}: ${key} is the English text`);
      else if (!/\p{Script=Arabic}/u.test(value)) problems.push(`${where}: ${key} has no Arabic: ${value}`);
      // After Arabic words: "،" "؛" "؟", never "," ";" "?" (these stay inside Latin examples such as "1, 3").
      if (/\p{Script=Arabic}[\u064B-\u0652]*\s?[,;?]/u.test(value))
        problems.push(`${where}: ${key} uses Latin , ; or ? after Arabic: ${value}`);
    }
    expect(problems).toEqual([]);
  });

  test("Spanish is translated: no long value left in English", () => {
    const es = ON_DISK.es;
    const untranslated = Object.entries(es).filter(
      ([k, v]) => en[k] === v && v.length > 12 && !nothingToTranslate(v) && !/Waystone/.test(v),
    );
    expect(untranslated.map(([k]) => `${fileOf("es", k)}: ${k}`)).toEqual([]);
  });

  test("every key the app's code names exists", () => {
    const missing: string[] = [];
    let count = 0;
    for (const { file, src } of SOURCES) {
      for (const key of literalKeys(src)) {
        count++;
        if (!exists(key)) missing.push(`${file}: ${key}`);
      }
      for (const prefix of dynamicPrefixes(src)) {
        if (!Object.keys(en).some((k) => k.startsWith(prefix))) missing.push(`${file}: ${prefix}…`);
      }
    }
    expect(count).toBeGreaterThan(300);
    expect([...new Set(missing)]).toEqual([]);
  });

  test("the scan of the code finds keys in calls, page titles, form messages and label maps", () => {
    const src = `t("a.b"); pageTitle(matches, "c.d"); z.string().min(2, "form.x"); const FIELD_LABELS = { x: "e.f" }; t(\`subject.\${s}\`);
      publicPageMeta(matches, "g.h", { key: "i.j" }); new AppError("x", { key: "k.l", params: {} }); ({ key: "outcomes" })`;
    expect(literalKeys(src).sort()).toEqual(["a.b", "c.d", "e.f", "form.x", "g.h", "i.j", "k.l"]);
    expect(dynamicPrefixes(src)).toEqual(["subject."]);
  });

  test("the checks catch what they are for", () => {
    expect(nothingToTranslate("{credits} ECTS")).toBe(true);
    expect(nothingToTranslate("{mark}%")).toBe(true);
    expect(nothingToTranslate("Waystone")).toBe(true);
    expect(nothingToTranslate("Learn")).toBe(false);
    expect(placeholders("{a} and {b}, {a}")).toEqual(["a", "b"]);
    expect(/\p{Script=Arabic}[\u064B-\u0652]*\s?[,;?]/u.test("هل أنت متأكد?")).toBe(true);
    expect(/\p{Script=Arabic}[\u064B-\u0652]*\s?[,;?]/u.test("مثل 1, 3")).toBe(false);
  });
});

describe("plural messages of the app", () => {
  const count = (locale: Locale, key: string, n: number) => translate(getMessages(locale), key, { count: n }, locale);
  test('"1 module", "2 modules" in English and Spanish', () => {
    expect(count("en", "catalog.module_count", 1)).toBe("1 module");
    expect(count("en", "catalog.module_count", 2)).toBe("2 modules");
    expect(count("en", "catalog.count", 1)).toBe("1 course");
    expect(count("en", "catalog.count", 0)).toBe("0 courses");
    expect(count("es", "catalog.lesson_count", 1)).toBe("1 lección");
    expect(count("es", "catalog.lesson_count", 3)).toBe("3 lecciones");
  });
  test("Arabic has its six forms", () => {
    expect([0, 1, 2, 3, 11, 100].map((n) => count("ar", "catalog.module_count", n))).toEqual([
      "لا توجد وحدات",
      "وحدة واحدة",
      "وحدتان",
      "3 وحدات",
      "11 وحدة",
      "100 وحدة",
    ]);
    expect(count("ar", "catalog.lesson_count", 2)).toBe("درسان");
    expect(count("ar", "catalog.lesson_count", 12)).toBe("12 درسًا");
  });
});

describe("language choice", () => {
  test("user setting, then cookie, then Accept-Language, then English", () => {
    expect(resolveLocale({ userLocale: "ar", cookieLocale: "es", acceptLanguage: "en" })).toBe("ar");
    expect(resolveLocale({ userLocale: null, cookieLocale: "es", acceptLanguage: "ar" })).toBe("es");
    expect(resolveLocale({ acceptLanguage: "fr-FR,es;q=0.8,en;q=0.5" })).toBe("es");
    expect(resolveLocale({ acceptLanguage: "fr, de" })).toBe("en");
    expect(negotiateLocale("en;q=0.1, ar-EG;q=0.9")).toBe("ar");
  });
  test("Arabic is right-to-left", () => {
    expect(directionOf("ar")).toBe("rtl");
    expect(directionOf("es")).toBe("ltr");
  });
  test("interpolation keeps unknown placeholders visible", () => {
    expect(translate({ a: "Hi {name}, {x}" }, "a", { name: "River" })).toBe("Hi River, {x}");
  });
});

describe("plurals", () => {
  const messages = {
    "n.modules.one": "{count} module",
    "n.modules.other": "{count} modules",
    "n.ar.zero": "لا وحدات",
    "n.ar.one": "وحدة واحدة",
    "n.ar.two": "وحدتان",
    "n.ar.few": "{count} وحدات",
    "n.ar.many": "{count} وحدة",
    "n.ar.other": "{count} وحدة",
  };
  test("picks the form of the count by the locale's plural rules", () => {
    expect(translate(messages, "n.modules", { count: 1 }, "en")).toBe("1 module");
    expect(translate(messages, "n.modules", { count: 2 }, "en")).toBe("2 modules");
    expect(translate(messages, "n.modules", { count: 0 }, "es")).toBe("0 modules");
    expect(translate(messages, "n.ar", { count: 0 }, "ar")).toBe("لا وحدات");
    expect(translate(messages, "n.ar", { count: 2 }, "ar")).toBe("وحدتان");
    expect(translate(messages, "n.ar", { count: 3 }, "ar")).toBe("3 وحدات");
    expect(translate(messages, "n.ar", { count: 11 }, "ar")).toBe("11 وحدة");
  });
});

describe("scoped messages", () => {
  // A real scoped key from a shipped file (the learning pages add them), or a stand-in check on the regex.
  const scopedKeys = Object.keys(getMessages("en")).filter((k) => SCOPED_KEY.test(k));

  test("the root's messages leave out every scoped area, for learners, staff and visitors", () => {
    for (const user of [null, { roles: ["learner"] }, { roles: ["admin"] }, { roles: ["educator"] }]) {
      const keys = Object.keys(rootMessages("ar", user));
      expect(keys.length).toBeGreaterThan(100);
      expect(keys.filter((k) => SCOPED_KEY.test(k))).toEqual([]);
    }
  });

  test("a page gets exactly the areas it asks for, in its language", () => {
    expect(SCOPED_KEY.test("take.submit")).toBe(true);
    expect(SCOPED_KEY.test("player.title")).toBe(false);
    expect(SCOPED_KEY.test("takeaway.x")).toBe(false);
    const take = scopedMessages("es", ["take"]);
    expect(Object.keys(take).every((k) => k.startsWith("take."))).toBe(true);
    for (const key of scopedKeys.filter((k) => k.startsWith("take."))) expect(take[key]).toBe(getMessages("es")[key]);
    expect(scopedMessages("en", [])).toEqual({});
  });

  test("learners get no staff strings, staff get them", () => {
    expect(Object.keys(rootMessages("en", { roles: ["learner"] })).some((k) => k.startsWith("seats."))).toBe(false);
    expect(Object.keys(rootMessages("en", { roles: ["admin"] })).some((k) => k.startsWith("seats."))).toBe(true);
  });
});
