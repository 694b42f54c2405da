// The public verification page with JavaScript off (issue 9, items 5 and 9): a stranger pastes the demo
// learner's credential, then uploads it as a file, then gives a changed copy; each answer lists every check
// in plain language. The page fits 390 px and passes axe with its answer shown, in English and Arabic.
// Screenshots at 390 and 1280 px go to E2E_ARTIFACTS/screenshots.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { axeViolations, expect, newContext, sessionOf, test } from "./helpers";

const SHOTS = path.join(process.env.E2E_ARTIFACTS || path.join("tests", ".artifacts"), "screenshots");

/** The demo learner's first credential, as its holder downloads it. */
async function demoCredential(browser: Parameters<typeof newContext>[0]) {
  const context = await newContext(browser, { storageState: await sessionOf("learner") });
  const page = await context.newPage();
  await page.goto("/wallet");
  await page.getByRole("table").getByRole("link").first().click();
  const href = await page.getByRole("link", { name: "Download JSON" }).getAttribute("href");
  const text = await (await page.request.get(href!)).text();
  await context.close();
  return text;
}

async function checksShown(page: Page) {
  const items = page.locator(".verification-checks li");
  await expect(items).toHaveCount(5);
  return items.allInnerTexts();
}

test("with JavaScript off, anyone verifies a credential by pasting it or uploading its file; a changed one fails on its signature", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const credential = await demoCredential(browser);
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();

  await page.goto("/verify");
  await page.getByLabel("Paste the credential (JSON)").fill(credential);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Verified: this credential is genuine and valid" })).toBeVisible();
  const passed = await checksShown(page);
  expect(passed.every((line) => line.startsWith("Passed"))).toBe(true);
  await expect(page.getByRole("region", { name: "What the credential says" })).toContainText("Waystone");
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `verify-verified-${width}.png`), fullPage: true });
  }

  const dir = mkdtempSync(path.join(tmpdir(), "waystone-verify-page-"));
  const file = path.join(dir, "credential.json");
  writeFileSync(file, credential);
  await page.goto("/verify");
  await page.getByLabel("Or choose its file").setInputFiles(file);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Verified: this credential is genuine and valid" })).toBeVisible();

  const changed = JSON.parse(credential) as { credentialSubject: { creditsEarned: number } };
  changed.credentialSubject.creditsEarned += 10;
  await page.goto("/verify");
  await page.getByLabel("Paste the credential (JSON)").fill(JSON.stringify(changed));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Not verified" })).toBeVisible();
  const lines = await checksShown(page);
  expect(lines[1]).toMatch(/^Failed/);
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `verify-failed-${width}.png`), fullPage: true });
  }

  await page.goto("/verify");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("Paste a credential, choose its file, or give a link.")).toBeVisible();
  await context.close();
});

test("the verification page with an answer fits 390 px and passes axe, in English and Arabic", async ({ browser }) => {
  test.setTimeout(90_000);
  const credential = await demoCredential(browser);
  for (const locale of ["en", "ar"]) {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto("/verify");
    await page.locator('textarea[name="credential"]').fill(credential);
    await page.locator('main form button[type="submit"]').click();
    await expect(page.locator(".verification-pass")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${locale} fits 390 px`).toBeLessThanOrEqual(0);
    // From the top, as the answer is read (scrolled down, the sticky quick exit covers the header's links).
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await axeViolations(page), locale).toEqual([]);
    await context.close();
  }
});
