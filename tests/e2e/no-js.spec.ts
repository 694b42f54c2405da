// Progressive enhancement: every form works with JavaScript off (docs/architecture.md "stack").
import { expect, fillLogin, fillSignup, logout, newContext, STRONG_PASSWORD, test, uniqueEmail, uniqueName } from "./helpers";

test.describe("with JavaScript disabled", () => {
  test("sign-up, logout and login work through plain forms", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const learner = { email: uniqueEmail("nojs"), password: STRONG_PASSWORD, displayName: uniqueName("Offline") };

    await page.goto("/signup");
    await fillSignup(page, learner);
    await expect(page).toHaveURL(/\/learn\?welcome=1$/);
    await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${learner.displayName}` })).toBeVisible();

    await logout(page);
    await page.goto("/login");
    await fillLogin(page, learner);
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${learner.displayName}` })).toBeVisible();
    await context.close();
  });

  test("a bad referral code re-renders the form with its error and status 400", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/signup");
    const response = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signup");
    await fillSignup(
      page,
      { email: uniqueEmail("nojs-bad"), password: STRONG_PASSWORD, displayName: uniqueName("Offline") },
      "WRONG-CODE-0000",
    );
    expect((await response).status()).toBe(400);
    await expect(page.getByLabel("Referral code")).toHaveAccessibleDescription(/This referral code cannot be used/);
    await context.close();
  });

  test("the language switch works without JavaScript", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/safety");
    await page.getByLabel("Language").selectOption({ label: "Español" });
    await page.getByRole("button", { name: "Change" }).click();
    await expect(page).toHaveURL(/\/safety$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await context.close();
  });
});
