// Quick exit (docs/architecture.md "safety first", ADR 017): it ends the session on the server and leaves for
// the neutral site, with JavaScript (a beacon, then location.replace, so Back does not return to the page;
// Escape ×3 does the same) and without (a form POST answered 303), in low-data mode too. Afterwards Back shows
// nothing of the learner's and the old session cookie no longer opens anything. That it is first in the tab
// order on every page is checked by pages.spec.ts, which visits them all.
import { request, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { ACCOUNTS, BASE_URL, expect, newContext, NEUTRAL_SITE, quickExit, test } from "./helpers";

const LEARNER = ACCOUNTS.learner;

/** After a back navigation, the page the browser shows is the one before the exit, never the exited one. */
async function expectBackLeadsBefore(page: Page) {
  await page.goBack();
  const url = page.url();
  expect(url === "about:blank" || url === `${BASE_URL}/`, `Back went to ${url}`).toBe(true);
  expect(url).not.toContain("/safety");
}

/**
 * A browser context logged in as the demo learner with a session of its own (a plain form POST to /login),
 * never the session the other tests share: quick exit ends it.
 */
async function learnerContext(browser: Browser, options: BrowserContextOptions = {}) {
  const api = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Origin: BASE_URL } });
  const form = { identifier: LEARNER.email, password: LEARNER.password };
  const response = await api.post("/login", { form, maxRedirects: 0 });
  expect(response.status(), "logging in as the demo learner").toBe(302);
  const storageState = await api.storageState();
  await api.dispose();
  const context = await newContext(browser, { ...options, storageState });
  const cookie = storageState.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return { context, cookie };
}

/** What the server says to the session cookie the browser had before the exit. */
async function learnWith(cookie: string) {
  const api = await request.newContext({ baseURL: BASE_URL });
  const response = await api.get("/learn", { headers: { Cookie: cookie }, maxRedirects: 0 });
  const result = { status: response.status(), location: response.headers()["location"] ?? null };
  await api.dispose();
  return result;
}

/**
 * The learner's pages show who is signed in; afterwards nothing of it may be on screen or in the page
 * (the display name appears nowhere in it, not even in its hydration data).
 */
async function expectNothingOfTheLearner(page: Page) {
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await expect(page.locator(".signed-in-as")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Log out" })).toHaveCount(0);
  expect(await page.content()).not.toContain(LEARNER.displayName);
}

async function expectSignedIn(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${LEARNER.displayName}` })).toBeVisible();
  await expect(page.locator(".signed-in-as")).toHaveText(`Signed in as ${LEARNER.displayName}`);
}

/** The session is gone on the server: the old cookie leads to the login page, and the browser holds none. */
async function expectSessionEnded(page: Page, cookie: string) {
  await expect.poll(() => learnWith(cookie)).toEqual({ status: 302, location: "/login?redirectTo=%2Flearn" });
  const left = await page.context().cookies(BASE_URL);
  expect(left.filter((c) => c.name.includes("waystone_session") && c.value !== "")).toEqual([]);
}

test.describe("quick exit", () => {
  test("a click leaves for the neutral site and replaces the history entry", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Safety" }).click();
    await expect(page).toHaveURL(/\/safety$/);
    await quickExit(page).click();
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expect(page.getByRole("heading", { name: "Weather" })).toBeVisible();
    await expectBackLeadsBefore(page);
  });

  test("a click from a fresh page load (before hydration finishes) also replaces the history entry", async ({ page }) => {
    await page.goto("/");
    await page.goto("/safety", { waitUntil: "commit" });
    await quickExit(page).click();
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expectBackLeadsBefore(page);
  });

  test("Escape pressed three times does the same", async ({ page }) => {
    await page.goto("/");
    await page.goto("/safety");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/\/safety$/); // twice is not enough
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expect(page.getByRole("heading", { name: "Weather" })).toBeVisible();
    await expectBackLeadsBefore(page);
  });

  test("Escape three times works while typing in a form field", async ({ page }) => {
    await page.goto("/login");
    const field = page.locator("main input:not([type=hidden])").first();
    await field.fill("someone@example.test");
    await field.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("Escape");
    await expect(page).toHaveURL(NEUTRAL_SITE);
  });

  test("with JavaScript off it is a form button, first in the tab order, that still leaves for the neutral site", async ({
    browser,
  }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await page.goto("/safety");
    await page.keyboard.press("Tab");
    await expect(quickExit(page)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expect(page.getByRole("heading", { name: "Weather" })).toBeVisible();
    await context.close();
  });
});

test.describe("quick exit ends the session: Back shows nothing of the learner's", () => {
  test("with JavaScript: a beacon ends it while the page leaves", async ({ browser }) => {
    const { context, cookie } = await learnerContext(browser);
    const page = await context.newPage();
    await page.goto("/learn");
    await expectSignedIn(page);
    // A client-side navigation first: the entry Back returns to belongs to the page that was left.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await quickExit(page).click();
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expectSessionEnded(page, cookie);

    await page.goBack();
    await expectNothingOfTheLearner(page);
    await context.close();
  });

  test("with JavaScript, Escape three times ends it too", async ({ browser }) => {
    const { context, cookie } = await learnerContext(browser);
    const page = await context.newPage();
    await page.goto("/learn");
    await expectSignedIn(page);
    for (let i = 0; i < 3; i++) await page.keyboard.press("Escape");
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expectSessionEnded(page, cookie);
    await context.close();
  });

  test("with JavaScript off: the form posts, the server ends the session and answers 303", async ({ browser }) => {
    const { context, cookie } = await learnerContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await page.goto("/learn");
    await expectSignedIn(page);
    const exit = page.waitForResponse((r) => new URL(r.url()).pathname === "/exit");
    await quickExit(page).click();
    const response = await exit;
    expect(response.status()).toBe(303);
    expect(response.headers()["cache-control"]).toBe("no-store");
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expect(page.getByRole("heading", { name: "Weather" })).toBeVisible();
    await expectSessionEnded(page, cookie);

    // Back returns to the address of /learn, which now shows the login page and nothing of the learner's.
    await page.goBack();
    await expectNothingOfTheLearner(page);
    await context.close();
  });

  test("in low-data mode (no script on the page): the same form", async ({ browser }) => {
    const { context, cookie } = await learnerContext(browser, { extraHTTPHeaders: { "Save-Data": "on" } });
    const page = await context.newPage();
    await page.goto("/");
    await page.goto("/learn");
    await expectSignedIn(page);
    await expect(page.locator("script")).toHaveCount(0);
    await quickExit(page).click();
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expectSessionEnded(page, cookie);
    await page.goBack();
    await expectNothingOfTheLearner(page);
    await context.close();
  });
});
