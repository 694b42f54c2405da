// The wallet, share links and printable certificates in Chromium (issue 9, items 6 and 7). The demo
// learner holds a credential from the seed. A certificate prints on exactly ONE page of A4 and of Letter
// (page.pdf), with the site header, quick exit and menu left off the paper; a share made with JavaScript
// off shows only what was chosen, logged out; every page fits 390 px in English and Arabic, passes axe,
// and has a neutral title. Screenshots at 390 and 1280 px go to E2E_ARTIFACTS/screenshots.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { ACCOUNTS, axeViolations, expect, newContext, sessionOf, test, TITLE } from "./helpers";

/** The verification messages as the page shows them (their wording is the verify area's, app/locales/en.verify.json). */
const VERIFY = JSON.parse(readFileSync("app/locales/en.verify.json", "utf8")) as Record<string, string | undefined>;
const SHOTS = path.join(process.env.E2E_ARTIFACTS || path.join("tests", ".artifacts"), "screenshots");

/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

async function expectOnePage(page: Page, where: string) {
  for (const format of ["A4", "Letter"] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    expect(pdfPageCount(pdf), `${where} on ${format}`).toBe(1);
  }
}

/** The first credential of the demo learner's wallet: its page's path. */
async function firstCredential(page: Page) {
  await page.goto("/wallet");
  await expect(page.getByRole("heading", { level: 1, name: "Your credentials" })).toBeVisible();
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Credential", exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/wallet\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** Makes a share through the plain form (works without JavaScript); returns its URL, shown once. */
async function makeShare(page: Page, audience: string, name: "No name (the safest choice)" | RegExp) {
  await page.getByLabel("Who is it for?").fill(audience);
  await page.getByRole("radio", { name: "7 days" }).check();
  await page.getByRole("radio", { name }).check();
  await page.getByRole("button", { name: "Make the link" }).click();
  await expect(page.getByRole("heading", { name: "Your new link" })).toBeVisible();
  return page.getByLabel("Copy the link now:").inputValue();
}

async function checkPage(browser: Browser, url: string, name: string, storageState?: Awaited<ReturnType<typeof sessionOf>>) {
  for (const lang of ["en", "ar"] as const) {
    const context = await newContext(browser, { locale: lang, storageState });
    const page = await context.newPage();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const response = await page.goto(url);
      expect(response?.headers()["cache-control"], `${name} is never stored`).toBe("no-store");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page).toHaveTitle(TITLE);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} (${lang}) fits ${width} px`).toBeLessThanOrEqual(0);
      expect(await axeViolations(page), `${name} (${lang}) at ${width} px`).toEqual([]);
      if (lang === "en") await page.screenshot({ path: path.join(SHOTS, `wallet-${name}-${width}.png`), fullPage: true });
    }
    await context.close();
  }
}

test("certificates print on one page (A4 and Letter), and a share shows only what was chosen", async ({ browser }) => {
  test.setTimeout(180_000);
  const learner = await sessionOf("learner");
  // With JavaScript off: the wallet, the credential, the share form.
  const context = await newContext(browser, { javaScriptEnabled: false, storageState: learner });
  const page = await context.newPage();
  const credentialPath = await firstCredential(page);
  await page.getByRole("link", { name: "Print certificate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Certificate", exact: true })).toBeVisible();
  await expect(page.locator(".certificate svg.qr-code")).toBeVisible();
  await expect(page.locator(".certificate")).not.toContainText(ACCOUNTS.learner.displayName);
  await expectOnePage(page, "the wallet's certificate");
  await page.emulateMedia({ media: "print" });
  for (const hidden of [".site-header", ".quick-exit", ".site-footer", ".menu"]) {
    await expect(page.locator(hidden).first(), `${hidden} is not printed`).toBeHidden();
  }
  await page.emulateMedia({ media: "screen" });

  await page.goto(credentialPath);
  const hiddenAudience = `Admissions e2e ${Date.now()}`;
  const hidden = await makeShare(page, hiddenAudience, "No name (the safest choice)");
  expect(hidden).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  await page.goto(credentialPath);
  const named = await makeShare(page, `Registrar e2e ${Date.now()}`, /^Your display name/);
  await context.close();

  // Logged out, in a fresh browser: the share page verifies live and names no one; its certificate fits one page.
  const visitor = await newContext(browser);
  const share = await visitor.newPage();
  await share.goto(hidden);
  await expect(share.getByRole("heading", { level: 1, name: "Shared credential" })).toBeVisible();
  await expect(share).toHaveTitle("Shared credential · Waystone");
  expect(VERIFY["verify.verified"], "the verify area names a passing verification").toBeTruthy();
  await expect(share.getByRole("heading", { name: VERIFY["verify.verified"], exact: true })).toBeVisible();
  await expect(share.getByText(VERIFY["verify.reason.signature_valid"]!)).toBeVisible();
  await expect(share.locator("main")).not.toContainText(ACCOUNTS.learner.displayName);
  await expect(share.locator("main")).not.toContainText("Admissions e2e");
  await share.getByRole("link", { name: "Print certificate" }).click();
  await expectOnePage(share, "a share's certificate without a name");

  await share.goto(named);
  await expect(share.getByText(`Name given by the holder: ${ACCOUNTS.learner.displayName}`)).toBeVisible();
  await share.goto(`${named}/print`);
  await expect(share.locator(".certificate")).toContainText(`Name given by the holder: ${ACCOUNTS.learner.displayName}`);
  await expectOnePage(share, "a share's certificate with a name");
  // In Arabic (right to left), still one page.
  await visitor.close();
  const arabic = await newContext(browser, { locale: "ar" });
  const ar = await arabic.newPage();
  await ar.goto(`${hidden}/print`);
  await expect(ar.locator("html")).toHaveAttribute("dir", "rtl");
  await expectOnePage(ar, "a share's certificate in Arabic");
  // An unknown link: the neutral 404, the same neutral title.
  const unknown = await ar.goto(`/s/${"A".repeat(43)}`);
  expect(unknown?.status()).toBe(404);
  await expect(ar).toHaveTitle(TITLE);
  await arabic.close();

  // The learner withdraws the first link (JavaScript off: a plain post); opened again, it says only that it is not valid.
  const again = await newContext(browser, { javaScriptEnabled: false, storageState: learner });
  const wallet = await again.newPage();
  await wallet.goto(credentialPath);
  const row = wallet.getByRole("row").filter({ has: wallet.getByRole("rowheader", { name: hiddenAudience }) });
  await expect(row).toContainText("1 view");
  await row.getByRole("button", { name: "Withdraw" }).click();
  await expect(wallet.getByRole("status").filter({ hasText: "The link was withdrawn. It no longer works." })).toBeVisible();
  await expect(row).toContainText("Withdrawn");
  await again.close();
  const later = await newContext(browser);
  const gone = await later.newPage();
  const response = await gone.goto(hidden);
  expect(response?.status()).toBe(404);
  await expect(gone.getByRole("heading", { level: 1, name: "This link is not valid" })).toBeVisible();
  await expect(gone.locator("main")).not.toContainText("Programming");
  await expect(gone).toHaveTitle("Shared credential · Waystone");
  await later.close();
});

test("the wallet's pages fit 390 px, pass axe and have neutral titles, in English and Arabic", async ({ browser }) => {
  test.setTimeout(240_000);
  const learner = await sessionOf("learner");
  const context = await newContext(browser, { storageState: learner });
  const page = await context.newPage();
  const credentialPath = await firstCredential(page);
  const url = await makeShare(page, `Phone check ${Date.now()}`, /^Your display name/);
  await expect(page.getByRole("table").filter({ hasText: "Phone check" })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "wallet-share-created-1280.png"), fullPage: true });
  await context.close();
  const shareUrl = new URL(url).pathname;
  await checkPage(browser, "/wallet", "wallet", learner);
  await checkPage(browser, credentialPath, "credential", learner);
  await checkPage(browser, `${credentialPath}/print`, "certificate", learner);
  await checkPage(browser, shareUrl, "share", undefined);
  await checkPage(browser, `${shareUrl}/print`, "share-certificate", undefined);
  // The neutral page of a link that does not work (a 404 is still no-store and axe clean).
  await checkPage(browser, `/s/${"B".repeat(43)}`, "share-invalid", undefined);
});
