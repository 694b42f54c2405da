// Progressive enhancement: every form works with JavaScript off (docs/architecture.md "stack").
import {
  expect,
  fillLogin,
  fillSignup,
  logout,
  newContext,
  STRONG_PASSWORD,
  test,
  uniqueEmail,
  uniqueName,
  uniqueUsername,
} from "./helpers";

test.describe("with JavaScript disabled", () => {
  test("sign-up without an email, logout and login by username work through plain forms", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const learner = { username: uniqueUsername("nojs"), password: STRONG_PASSWORD, displayName: uniqueName("Offline") };

    await page.goto("/signup");
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signup");
    await fillSignup(page, learner);
    // The POST is answered with the page that shows the ten recovery codes, once, never cached.
    const response = await answer;
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("no-store");
    await expect(page.getByRole("heading", { level: 1, name: "Your account is ready" })).toBeVisible();
    await expect(page.getByText(`Your username is ${learner.username}`)).toBeVisible();
    await expect(
      page
        .getByRole("list")
        .filter({ hasText: /^[A-Z0-9-]+/ })
        .locator("code"),
    ).toHaveCount(10);
    await expect(page.getByText("Check your inbox")).toHaveCount(0);
    await page.getByRole("link", { name: "Continue" }).click();
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
      {
        username: uniqueUsername("nojs-bad"),
        email: uniqueEmail("nojs-bad"),
        password: STRONG_PASSWORD,
        displayName: uniqueName("Offline"),
      },
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
