import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { directionOf, negotiateLocale, translate } from "./i18n.ts";
import { getCatalog, resolveLocale } from "./i18n.server.ts";

const en = getCatalog("en");
const es = getCatalog("es");
const ar = getCatalog("ar");

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("message catalogs", () => {
  test("Spanish is complete: exactly the English keys, same placeholders, nothing left in English", () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      expect(placeholders((es as Record<string, string>)[key]!), key).toEqual(placeholders(value));
    }
    const untranslated = Object.entries(en).filter(
      ([k, v]) => (es as Record<string, string>)[k] === v && v.length > 12 && !v.includes("Waystone"),
    );
    expect(untranslated).toEqual([]);
  });

  test("Arabic covers the whole shell (quick exit, navigation, language, errors)", () => {
    const shellKeys = Object.keys(en).filter((k) => /^(shell|nav|language|error|refused)\./.test(k));
    expect(shellKeys.filter((k) => !(k in ar))).toEqual([]);
    for (const k of Object.keys(ar)) expect(k in en, k).toBe(true);
  });

  test("every literal key used in the app exists in English", () => {
    const used = new Set<string>();
    for (const file of sourceFiles("app")) {
      const src = readFileSync(file, "utf8");
      for (const m of src.matchAll(/\bt\("([a-z_]+\.[a-z0-9_.-]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
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
