// Sign-up with a referral code, login errors, the login lockout, logout and access control, in the browser.
import { expect, fillLogin, fillSignup, login, logout, signUp, STRONG_PASSWORD, test, uniqueEmail, uniqueName } from "./helpers";

test.describe("sign-up and login", () => {
  test("a learner signs up with a referral code and lands on /learn under the display name", async ({ page }) => {
    const learner = await signUp(page);
    await expect(page.getByRole("status")).toHaveText("Your account is ready. Welcome to Waystone.");
    await expect(page.getByText(`Signed in as ${learner.displayName}`)).toBeVisible();
  });

  test("a bad referral code shows the field error with status 400 and creates no account", async ({ page }) => {
    const learner = { email: uniqueEmail("badcode"), password: STRONG_PASSWORD, displayName: uniqueName("Nobody") };
    await page.goto("/signup");
    const response = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/signup"),
    );
    await fillSignup(page, learner, "NOPE-NOPE-NOPE");
    expect((await response).status()).toBe(400);

    await expect(page).toHaveURL(/\/signup$/);
    const code = page.getByLabel("Referral code");
    await expect(code).toHaveAttribute("aria-invalid", "true");
    await expect(code).toHaveAccessibleDescription(/This referral code cannot be used/);
    await expect(page.getByRole("alert")).toContainText("Some answers need your attention");
    // Nothing typed is lost (except the password).
    await expect(page.getByLabel("Display name")).toHaveValue(learner.displayName);
    await expect(page.getByLabel("Email")).toHaveValue(learner.email);

    // No account was created: those credentials do not log in.
    await page.goto("/login");
    await fillLogin(page, learner);
    await expect(page.getByRole("alert")).toHaveText("The email or password is not right. Check them and try again.");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a wrong password shows an error and keeps the visitor on /login", async ({ page }) => {
    const learner = await signUp(page);
    await logout(page);
    await page.goto("/login");
    const response = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"),
    );
    await fillLogin(page, { email: learner.email, password: "Not-the-right-password-1" });
    expect((await response).status()).toBe(400);
    await expect(page.getByRole("alert")).toHaveText("The email or password is not right. Check them and try again.");
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue(learner.email);
    await page.goto("/learn");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearn$/);
  });

  test("five wrong passwords lock the account, and then the right password is refused too", async ({ page }) => {
    const learner = await signUp(page);
    await logout(page);
    await page.goto("/login");
    const wrong = { email: learner.email, password: "Definitely-wrong-password-9" };
    /** One submission, waited for to the end (its response), so no two attempts overlap. */
    async function attempt(account: { email: string; password: string }) {
      const response = page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"),
      );
      await fillLogin(page, account);
      return (await response).status();
    }
    for (let n = 1; n <= 4; n++) {
      expect(await attempt(wrong), `attempt ${n}`).toBe(400);
      await expect(page.getByRole("alert")).toHaveText(/The email or password is not right/);
    }
    expect(await attempt(wrong), "attempt 5").toBe(429);
    await expect(page.getByRole("alert")).toHaveText(
      /Too many attempts\. For your protection, logging in is paused for \d+ minutes\./,
    );

    await page.goto("/login");
    expect(await attempt(learner), "the right password while locked").toBe(429);
    await expect(page.getByRole("alert")).toHaveText(/Too many attempts/);
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/learn");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearn$/);
  });

  test("logging out ends the session", async ({ page }) => {
    const learner = await signUp(page);
    await logout(page);
    await expect(page.getByText(`Signed in as ${learner.displayName}`)).toHaveCount(0);
    await page.goto("/learn");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearn$/);
    await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();

    // Logging in again works, and goes back where the visitor was heading.
    await fillLogin(page, learner);
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${learner.displayName}` })).toBeVisible();
  });

  test("the demo learner logs in and sees its dashboard", async ({ page }) => {
    await login(page, "learner");
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByRole("heading", { level: 1, name: "Welcome, River" })).toBeVisible();
  });
});

test.describe("access control for a learner", () => {
  test.use({ as: "learner" });

  test("a learner visiting /admin gets the 403 page", async ({ page }) => {
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Administration" })).toHaveCount(0);
  });

  test("a learner cannot open the admin outbox or another role's home", async ({ page }) => {
    for (const path of ["/admin/outbox", "/teach", "/sponsor"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
    }
  });
});

test.describe("access control for an anonymous visitor", () => {
  test("an anonymous visitor to /learn is sent to /login", async ({ page }) => {
    await page.goto("/learn");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearn$/);
    await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
  });
});
