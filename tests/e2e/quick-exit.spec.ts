// Quick exit (docs/architecture.md "safety first"): leaves for the neutral site replacing the history entry,
// Escape ×3 does the same, and it is a plain link with JavaScript off. That it is first in the tab order
// on every page is checked by pages.spec.ts, which visits them all.
import type { Page } from "@playwright/test";
import { BASE_URL, expect, newContext, NEUTRAL_SITE, quickExit, test } from "./helpers";

/** After a back navigation, the page the browser shows is the one before the exit, never the exited one. */
async function expectBackLeadsBefore(page: Page) {
  await page.goBack();
  const url = page.url();
  expect(url === "about:blank" || url === `${BASE_URL}/`, `Back went to ${url}`).toBe(true);
  expect(url).not.toContain("/safety");
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
    await page.getByLabel("Email", { exact: true }).fill("someone@example.test");
    await page.getByLabel("Email", { exact: true }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("Escape");
    await expect(page).toHaveURL(NEUTRAL_SITE);
  });

  test("with JavaScript off it is a plain link that still leaves for the neutral site", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await page.goto("/safety");
    await page.keyboard.press("Tab");
    await expect(quickExit(page)).toBeFocused();
    await quickExit(page).click();
    await expect(page).toHaveURL(NEUTRAL_SITE);
    await expect(page.getByRole("heading", { name: "Weather" })).toBeVisible();
    await context.close();
  });
});
