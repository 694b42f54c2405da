// Low-data mode sends no JavaScript at all (docs/architecture.md "low bandwidth"), whether the browser asks
// with Save-Data: on or the person turns it on; every flow still works through plain forms.
import type { Page } from "@playwright/test";
import {
  ACCOUNTS,
  expect,
  fillLogin,
  fillSignup,
  newContext,
  pagesByRole,
  quickExit,
  STRONG_PASSWORD,
  test,
  uniqueName,
  uniqueUsername,
} from "./helpers";

/**
 * Playwright does not add extraHTTPHeaders to the GET that follows a redirect (after a form POST), so a
 * page reached that way was asked for without Save-Data. A browser with Save-Data sends it on every
 * request, so the landing page is loaded again, with the header, before it is checked.
 */
async function reloadWithSaveData(page: Page) {
  await page.waitForLoadState("load");
  await page.reload();
}

async function expectNoJavaScript(page: Page, where: string) {
  await expect(page.locator("script"), `<script> on ${where}`).toHaveCount(0);
  await expect(page.locator("link[rel=modulepreload]"), `modulepreload on ${where}`).toHaveCount(0);
}

const SAVE_DATA = { extraHTTPHeaders: { "Save-Data": "on" } };

test.describe("low-data mode with Save-Data: on", () => {
  for (const [role, paths] of pagesByRole()) {
    test(`sends no JavaScript on the ${role ?? "anonymous"} pages${role ? " (logging in through the plain form)" : ""}`, async ({
      browser,
    }) => {
      const context = await newContext(browser, SAVE_DATA);
      const page = await context.newPage();
      if (role) {
        await page.goto("/login");
        await expectNoJavaScript(page, "/login");
        await fillLogin(page, ACCOUNTS[role]);
        await expect(page).not.toHaveURL(/\/login/);
        await reloadWithSaveData(page);
        await expectNoJavaScript(page, `${new URL(page.url()).pathname} after login`);
      }
      for (const path of paths) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expectNoJavaScript(page, path);
        await expect(quickExit(page)).toBeVisible();
        // Without a script, quick exit is a form that ends the session on the server (quick-exit.spec.ts).
        await expect(page.locator("form[data-quick-exit]")).toHaveAttribute("action", "/exit");
        await expect(page.locator("form[data-quick-exit]")).toHaveAttribute("method", "post");
      }
      await context.close();
    });
  }

  test("the login form works and shows its errors without JavaScript", async ({ browser }) => {
    const context = await newContext(browser, SAVE_DATA);
    const page = await context.newPage();
    await page.goto("/login");
    const response = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
    await fillLogin(page, { email: ACCOUNTS.verifier.email, password: "" });
    expect((await response).status()).toBe(400);
    await expectNoJavaScript(page, "/login (error)");
    await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await fillLogin(page, ACCOUNTS.verifier);
    await expect(page).toHaveURL(/\/partner$/);
    await reloadWithSaveData(page);
    await expect(page.getByRole("heading", { level: 1, name: "Partner institution" })).toBeVisible();
    await expectNoJavaScript(page, "/partner");
    await context.close();
  });

  test("the sign-up form works without JavaScript", async ({ browser }) => {
    const context = await newContext(browser, SAVE_DATA);
    const page = await context.newPage();
    await page.goto("/signup");
    await expectNoJavaScript(page, "/signup");
    const learner = { username: uniqueUsername("savedata"), password: STRONG_PASSWORD, displayName: uniqueName("Saver") };
    await fillSignup(page, learner);
    await expect(page.getByRole("heading", { level: 1, name: "Your account is ready" })).toBeVisible();
    await page.getByRole("link", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/learn\?welcome=1$/);
    await reloadWithSaveData(page);
    await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${learner.displayName}` })).toBeVisible();
    await expectNoJavaScript(page, "/learn");
    // The header toggle cannot turn it off while the browser asks for it.
    await expect(page.getByRole("button", { name: /^Low-data mode: on/ })).toBeDisabled();
    await context.close();
  });
});

test.describe("low-data mode chosen by the person", () => {
  test("the header toggle removes scripts for a logged-in learner, on every page, until turned off", async ({ browser }) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const learner = { username: uniqueUsername("lowdata"), password: STRONG_PASSWORD, displayName: uniqueName("Quiet") };
    await page.goto("/signup");
    await fillSignup(page, learner);
    await page.getByRole("link", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/learn/);
    await expect(page.locator("script")).not.toHaveCount(0);

    const toggle = page.getByRole("button", { name: /^Low-data mode:/ });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    await expect(page).toHaveURL(/\/learn/);
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(toggle).toHaveText("Low-data mode: on");
    await expectNoJavaScript(page, "/learn");

    for (const path of ["/settings", "/safety", "/"]) {
      await page.goto(path);
      await expectNoJavaScript(page, path);
    }
    // It is kept on the account: a new session elsewhere starts in low-data mode too.
    const other = await newContext(browser);
    const otherPage = await other.newPage();
    await otherPage.goto("/login");
    await fillLogin(otherPage, learner);
    await expect(otherPage).toHaveURL(/\/learn$/);
    await otherPage.goto("/safety");
    await expectNoJavaScript(otherPage, "/safety (second session)");
    await other.close();

    // Turning it off brings the scripts back.
    await page.goto("/learn");
    await page.getByRole("button", { name: "Low-data mode: on" }).click();
    await expect(page.getByRole("button", { name: "Low-data mode: off" })).toHaveAttribute("aria-pressed", "false");
    await expect(page.locator("script")).not.toHaveCount(0);
    await context.close();
  });
});
