// Languages: the header switch, right-to-left layout for Arabic, and Accept-Language for a new visitor;
// every page in Arabic with no English left on it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ACCOUNTS, DEMO, expect, newContext, PAGES, quickExit, sessionOf, test, type Role } from "./helpers";
import type { Browser, Page } from "@playwright/test";

async function switchLanguage(page: Page, language: "English" | "Español" | "العربية") {
  const form = page.locator("form").filter({ has: page.locator("select[name=lang]") });
  await form.getByRole("combobox").selectOption({ label: language });
  await form.getByRole("button").click();
}

/** Where the brand link sits: the left or the right half of the viewport. */
async function brandSide(page: Page) {
  const brand = page.getByRole("link", { name: "Waystone", exact: true });
  // After a language switch the page is re-rendered: wait for the brand link to be there again.
  await expect(brand).toBeVisible();
  const box = await brand.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box).not.toBeNull();
  const centre = box!.x + box!.width / 2;
  return centre < width / 2 ? "left" : "right";
}

test.describe("languages", () => {
  test("English by default, laid out left to right", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(quickExit(page)).toContainText("Quick exit");
    expect(await brandSide(page)).toBe("left");
  });

  test("switching to Español through the header form translates the page and keeps it", async ({ page }) => {
    await page.goto("/safety");
    await expect(page.getByLabel("Language")).toBeVisible();
    await switchLanguage(page, "Español");
    await expect(page).toHaveURL(/\/safety$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(quickExit(page)).toContainText("Salida rápida");
    await expect(page.getByLabel("Idioma")).toHaveValue("es");
    await expect(page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Seguridad" })).toBeVisible();
    await expect(page).toHaveTitle(/ · Waystone$/);

    // The choice sticks for the next page.
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1, name: "Iniciar sesión" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });

  test("switching to العربية sets lang=ar, dir=rtl and mirrors the layout", async ({ page }) => {
    await page.goto("/");
    expect(await brandSide(page)).toBe("left");
    await switchLanguage(page, "العربية");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(quickExit(page)).toContainText("خروج سريع");
    expect(await brandSide(page)).toBe("right");
    // The language form sits after the brand in reading order, so in RTL it is to the brand's left.
    const navigation = page.getByRole("navigation", { name: "الرئيسية" });
    const brandLink = page.getByRole("link", { name: "Waystone", exact: true });
    await expect(navigation).toBeVisible();
    await expect(brandLink).toBeVisible();
    const nav = await navigation.boundingBox();
    const brand = await brandLink.boundingBox();
    expect(nav!.x + nav!.width).toBeLessThanOrEqual(brand!.x + 1);

    // And back to English.
    await switchLanguage(page, "English");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    expect(await brandSide(page)).toBe("left");
  });

  test("Accept-Language: es picks Spanish for an anonymous visitor", async ({ browser }) => {
    const context = await newContext(browser, { locale: "es-ES", extraHTTPHeaders: { "Accept-Language": "es-ES,es;q=0.9" } });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(quickExit(page)).toContainText("Salida rápida");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aprendizaje que cuenta, a tu propio ritmo");
    await context.close();
  });

  test("Accept-Language with an unsupported language falls back to English", async ({ browser }) => {
    const context = await newContext(browser, { locale: "de-DE", extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9" } });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(quickExit(page)).toContainText("Quick exit");
    await context.close();
  });
});

// ---------------------------------------------------------------------------------------------------
// Every page in Arabic: no English interface text left, <html lang="ar" dir="rtl">, an Arabic title.

/** Names and codes that stay Latin in Arabic (the same list as app/utils/i18n.test.ts). */
const KEPT_NAMES = ["Waystone", "ECTS", "JavaScript", "Markdown", "Escape", "Tab", "HTML", "SMTP", "UTC", "MB", "NGO"];

/**
 * The English interface phrases: every value of app/locales/en*.json cut at its {placeholders}, trimmed of
 * spaces and punctuation, kept when at least 4 characters long with letters that are not a kept name.
 */
function englishPhrases(): string[] {
  const dir = "app/locales";
  const phrases = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => /^en(\.[a-z]+)?\.json$/.test(f))) {
    const messages = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, string>;
    for (const value of Object.values(messages)) {
      for (const part of value.split(/\{\w+\}/)) {
        const phrase = part.trim().replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, "");
        let rest = phrase;
        for (const name of KEPT_NAMES) rest = rest.replaceAll(name, "");
        if (phrase.length >= 4 && /\p{L}{2}/u.test(rest)) phrases.add(phrase);
      }
    }
  }
  return [...phrases].sort((a, b) => b.length - a.length);
}
const PHRASES = englishPhrases();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const PHRASE_PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(?:${PHRASES.map(escape).join("|")})(?![\\p{L}\\p{N}])`, "u");

/** The demo data the pages show (names, emails, organisations): content, not interface text. */
const DEMO_TEXT = [
  ...Object.values(ACCOUNTS).flatMap((a) => [a.displayName, a.email]),
  DEMO.ngoName,
  DEMO.sponsorOrgName,
  DEMO.universityName,
  DEMO.referralCode,
];

/**
 * The interface text of the page: every text node and the accessible texts of attributes (aria-label,
 * placeholder, title, alt, value of buttons), except user content (inside dir="auto" or <bdi>), text in
 * another language (lang="en" on a course title, the language picker's own names) and code.
 */
async function interfaceTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // The nearest lang attribute decides the language of a text: a course title has lang="en", its kind label
    // the page's language again.
    const skip = (el: Element | null) =>
      !el ||
      !!el.closest('[dir="auto"], bdi, code, pre, script, style, noscript, template') ||
      el.closest("[lang]")?.getAttribute("lang") !== document.documentElement.lang;
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      if (text && !skip(node.parentElement)) texts.push(text);
    }
    for (const el of document.body.querySelectorAll(
      "[aria-label], [placeholder], [title], [alt], input[type=submit], input[type=button]",
    )) {
      if (skip(el)) continue;
      for (const attr of ["aria-label", "placeholder", "title", "alt"]) {
        const value = el.getAttribute(attr)?.trim();
        if (value) texts.push(value);
      }
      if (el instanceof HTMLInputElement && (el.type === "submit" || el.type === "button") && el.value) texts.push(el.value);
    }
    return texts;
  });
}

/** English phrases found in the page's interface text, each with the text it sits in. */
async function englishLeft(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (let text of await interfaceTexts(page)) {
    for (const demo of DEMO_TEXT) text = text.replaceAll(demo, " ");
    const match = PHRASE_PATTERN.exec(text);
    if (match) found.push(`"${match[0]}" in "${text.slice(0, 120)}"`);
  }
  return found;
}

/** A browser context in Arabic as a demo account (or anonymous): Accept-Language, so no account setting changes. */
async function arabicContext(browser: Browser, role: Role | null) {
  return newContext(browser, {
    locale: "ar",
    extraHTTPHeaders: { "Accept-Language": "ar" },
    storageState: role ? await sessionOf(role) : undefined,
  });
}

/** Soft checks: a run reports every page with English left, not only the first. */
async function expectArabicPage(page: Page, where: string) {
  await expect.soft(page.locator("html"), where).toHaveAttribute("lang", "ar");
  await expect.soft(page.locator("html"), where).toHaveAttribute("dir", "rtl");
  const title = await page.title();
  expect.soft(title, `${where}: title`).toMatch(/^[^·]*\p{Script=Arabic}[^·]* · Waystone$/u);
  expect.soft(await englishLeft(page), `${where}: English left on the page`).toEqual([]);
}

test.describe("every page in Arabic", () => {
  test("the English phrase list is the interface text, and the check finds English in an Arabic page", async ({ browser }) => {
    expect(PHRASES.length).toBeGreaterThan(400);
    expect(PHRASES).toContain("Quick exit");
    expect(PHRASES).not.toContain("Waystone");
    expect(PHRASE_PATTERN.test("خروج سريع")).toBe(false);
    expect(PHRASE_PATTERN.test("الوحدات: 3 modules")).toBe(true);
    // The check itself, on an English page: it must report the interface text.
    const context = await newContext(browser, { extraHTTPHeaders: { "Accept-Language": "en" } });
    const page = await context.newPage();
    await page.goto("/safety");
    expect((await englishLeft(page)).length).toBeGreaterThan(5);
    await context.close();
  });

  const roles = [...new Set(PAGES.map((p) => p.as))];
  for (const role of roles) {
    test(`${role ?? "anonymous"} pages have no English left, are right-to-left and have Arabic titles`, async ({ browser }) => {
      const context = await arabicContext(browser, role);
      const page = await context.newPage();
      for (const { path: url, name } of PAGES.filter((p) => p.as === role)) {
        await page.goto(url);
        await expectArabicPage(page, `${name} (${url})`);
      }
      await context.close();
    });
  }

  test("a course page, the course editor and the lesson editor have no English left", async ({ browser }) => {
    const visitor = await arabicContext(browser, null);
    const page = await visitor.newPage();
    await page.goto("/courses");
    await page.locator(".course-card h3 a").first().click();
    await expect(page).toHaveURL(/\/courses\/[a-z0-9-]+$/);
    await expectArabicPage(page, "course page");
    await visitor.close();

    const educator = await arabicContext(browser, "educator");
    const editor = await educator.newPage();
    await editor.goto("/author");
    await editor.locator("table a[href^='/author/']").first().click();
    await expect(editor).toHaveURL(/\/author\/[a-z0-9]+$/);
    await expectArabicPage(editor, "course editor");
    const lessons = editor.locator(".lesson-list a[href*='/lessons/']");
    if ((await lessons.count()) > 0) {
      await lessons.first().click();
      await expect(editor).toHaveURL(/\/lessons\//);
      await expectArabicPage(editor, "lesson editor");
    }
    await educator.close();
  });

  test("plural forms: the course page counts its modules and lessons in Arabic", async ({ browser }) => {
    const context = await arabicContext(browser, null);
    const page = await context.newPage();
    await page.goto("/courses");
    await expect(page.locator(".catalog-count")).toHaveText(
      /^(لا توجد مقررات|مقرر واحد|مقرران|\d+ مقررات|\d+ مقررًا|\d+ مقرر|أكثر من .+)$/,
    );
    await page.locator(".course-card h3 a").first().click();
    await expect(
      page.getByText(/^(وحدة واحدة|وحدتان|\d+ وحدات|\d+ وحدة)، (درس واحد|درسان|\d+ دروس|\d+ درسًا|\d+ درس)\.$/),
    ).toBeVisible();
    await context.close();
  });
});
