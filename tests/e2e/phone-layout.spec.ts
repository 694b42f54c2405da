// A phone-first shell (ADR 017): on a 390 × 844 screen, in English and in Arabic, no page scrolls sideways,
// the header (quick exit included) takes at most 120 px, and quick exit stays in view when the page scrolls.
// Navigation, account, language and low-data fold into a "Menu" <details> that opens without JavaScript and
// with the keyboard; on a wide screen its content is in line. Tables become stacked rows.
import type { Locator, Page } from "@playwright/test";
import { axeViolationsAtTop, expect, newContext, pagesByRole, quickExit, sessionOf, test, type Role } from "./helpers";

const PHONE = { width: 390, height: 844 };
const HEADER_MAX = 120;
const LANGUAGES = [
  { lang: "en", menu: "Menu" },
  { lang: "ar", menu: "القائمة" },
] as const;

/** Pages whose address holds an id: reached from a listed page by following, in turn, the first link of each kind. */
const COURSE_EDITOR = 'main table a[href^="/author/"]';
const LINKED_PAGES: { as: Role | null; from: string; links: string[]; name: string }[] = [
  { as: null, from: "/courses", links: ['main a[href^="/courses/"]'], name: "course page" },
  { as: "admin", from: "/admin/users", links: ['main a[href^="/admin/users/"]'], name: "admin account" },
  { as: "admin", from: "/admin/courses", links: ['main a[href^="/admin/courses/"]'], name: "admin course review" },
  { as: "educator", from: "/author", links: [COURSE_EDITOR], name: "course editor" },
  {
    as: "educator",
    from: "/author",
    links: [COURSE_EDITOR, 'main a[href*="/lessons/"]:not([href*="/lessons/new"])'],
    name: "lesson editor",
  },
  { as: "educator", from: "/author", links: [COURSE_EDITOR, 'main a[href*="/lessons/new"]'], name: "new lesson" },
  // Sponsorship (issue 10): the pages of the demo sponsor organisation (order pages: sponsorship.spec.ts).
  { as: "sponsor", from: "/sponsor", links: ['main a[href^="/sponsor/orgs/"][href$="/order"]'], name: "sponsor order form" },
  { as: "sponsor", from: "/sponsor", links: ['main a[href^="/sponsor/orgs/"][href$="/report"]'], name: "sponsor impact report" },
  { as: "sponsor", from: "/sponsor", links: ['main a[href^="/sponsor/orgs/"][href$="/members"]'], name: "sponsor members" },
];

async function measure(page: Page) {
  return page.evaluate(() => {
    window.scrollTo(0, 0);
    const header = document.querySelector(".site-header")!.getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      headerBottom: Math.round(header.bottom),
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
    };
  });
}

/** What must hold on every page at phone width. */
async function expectFitsPhone(page: Page, where: string, lang: string) {
  await expect(page.getByRole("heading", { level: 1 }), where).toBeVisible();
  const m = await measure(page);
  expect(m.lang, `${where}: page language`).toBe(lang);
  expect(m.dir, where).toBe(lang === "ar" ? "rtl" : "ltr");
  expect(m.scrollWidth, `${where}: scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  expect(m.headerBottom, `${where}: header height`).toBeLessThanOrEqual(HEADER_MAX);
  await expect(quickExit(page), where).toBeInViewport();
  // Quick exit stays on screen (sticky) at the bottom of a long page.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(quickExit(page), `${where}: quick exit after scrolling`).toBeInViewport();
}

for (const { lang } of LANGUAGES) {
  test.describe(`at 390 × 844, ${lang}`, () => {
    test.use({ viewport: PHONE, locale: lang });

    for (const [role, paths] of pagesByRole()) {
      test.describe(`the ${role ?? "anonymous"} pages`, () => {
        test.use({ as: role });
        test("fit the screen: no sideways scrolling, a header of at most 120 px, quick exit in view", async ({ page }) => {
          for (const path of paths) {
            await page.goto(path);
            await expectFitsPhone(page, path, lang);
          }
        });
      });
    }

    for (const linked of LINKED_PAGES) {
      test.describe(`the ${linked.name}`, () => {
        test.use({ as: linked.as });
        test("fits the screen too", async ({ page }) => {
          await page.goto(linked.from);
          for (const link of linked.links) {
            const href = await page.locator(link).first().getAttribute("href");
            expect(href, `${link} on ${page.url()}`).toBeTruthy();
            await page.goto(href!);
          }
          await expectFitsPhone(page, new URL(page.url()).pathname, lang);
        });
      });
    }
  });
}

test.describe("the menu on a phone", () => {
  test.use({ viewport: PHONE });

  async function menuOf(page: Page): Promise<{ button: Locator; nav: Locator }> {
    return {
      button: page.locator("summary", { hasText: "Menu" }),
      nav: page.getByRole("navigation", { name: "Main" }),
    };
  }

  test("is closed at first and opens without JavaScript; its links, language and low-data work", async ({ browser }) => {
    const context = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    const { button, nav } = await menuOf(page);
    await expect(button).toBeVisible();
    await expect(nav).toBeHidden();
    await expect(page.getByLabel("Language")).toBeHidden();
    await button.click();
    await expect(nav).toBeVisible();
    await expect(page.getByLabel("Language")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Low-data mode:/ })).toBeVisible();
    await nav.getByRole("link", { name: "Safety" }).click();
    await expect(page).toHaveURL(/\/safety$/);
    // A new page starts with the menu closed.
    await expect(nav).toBeHidden();
    await context.close();
  });

  test("is reached with Tab after quick exit, opens with Enter, and closes after a link is followed", async ({ page }) => {
    await page.goto("/");
    const { button, nav } = await menuOf(page);
    await page.keyboard.press("Tab");
    await expect(quickExit(page)).toBeFocused();
    // Quick exit, the skip link, the brand, then the menu.
    for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
    await expect(button).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(nav).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link").first()).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/courses$/);
    await expect(nav).toBeHidden();
  });

  test("shows who is signed in, log out and the notices only inside the menu", async ({ browser }) => {
    const context = await newContext(browser, { viewport: PHONE, storageState: await sessionOf("learner") });
    const page = await context.newPage();
    await page.goto("/learn");
    const { button, nav } = await menuOf(page);
    await expect(page.getByText(/^Signed in as/)).toBeHidden();
    await button.click();
    await expect(page.getByText(/^Signed in as/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
    await expect(nav.getByRole("link", { name: /^Notices/ })).toBeVisible();
    await context.close();
  });

  for (const { lang, menu } of LANGUAGES) {
    test(`passes axe open and closed (${lang})`, async ({ browser }) => {
      const context = await newContext(browser, {
        viewport: PHONE,
        storageState: await sessionOf("learner"),
        locale: lang,
      });
      const page = await context.newPage();
      await page.goto("/learn");
      expect(await axeViolationsAtTop(page)).toEqual([]);
      await page.locator("summary", { hasText: menu }).click();
      await expect(page.getByRole("navigation")).toBeVisible();
      expect(await axeViolationsAtTop(page)).toEqual([]);
      await context.close();
    });
  }
});

test.describe("on a wide screen", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the menu's content is in line and its button hidden", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("summary", { hasText: "Menu" })).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Courses" })).toBeVisible();
    await expect(page.getByLabel("Language")).toBeVisible();
  });
});

test.describe("tables on a phone", () => {
  test.use({ viewport: PHONE, as: "educator" });

  test("become stacked rows, each value under its column's name", async ({ page }) => {
    await page.goto("/author");
    const table = page.locator("main table").first();
    const cell = table.locator("tbody td[data-label]").first();
    await expect(cell).toBeVisible();
    const label = await cell.getAttribute("data-label");
    const shown = await cell.evaluate((td) => ({
      before: getComputedStyle(td, "::before").content,
      display: getComputedStyle(td).display,
    }));
    expect(shown).toEqual({ before: JSON.stringify(label), display: "block" });
    // The column headers stay for screen readers, out of sight.
    const head = await table.locator("thead").boundingBox();
    expect(head!.width * head!.height).toBeLessThanOrEqual(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });
});
