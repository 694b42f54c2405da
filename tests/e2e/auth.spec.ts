// Sign-up with a referral code, login errors, the login lockout, logout and access control, in the browser.
import {
  ACCOUNTS,
  expect,
  fillLogin,
  fillSignup,
  login,
  logout,
  newContext,
  signUp,
  STRONG_PASSWORD,
  test,
  uniqueEmail,
  uniqueName,
  uniqueUsername,
} from "./helpers";

test.describe("sign-up and login", () => {
  test("a learner signs up with a referral code and lands on /learn under the display name", async ({ page }) => {
    const learner = await signUp(page);
    await expect(page.getByRole("status")).toHaveText("Your account is ready. Welcome to Waystone.");
    await expect(page.getByText(`Signed in as ${learner.displayName}`)).toBeVisible();
  });

  test("a bad referral code shows the field error with status 400 and creates no account", async ({ page }) => {
    const learner = {
      username: uniqueUsername("badcode"),
      email: uniqueEmail("badcode"),
      password: STRONG_PASSWORD,
      displayName: uniqueName("Nobody"),
    };
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
    await expect(page.getByLabel("Username", { exact: true })).toHaveValue(learner.username);
    await expect(page.getByLabel("Email (optional)")).toHaveValue(learner.email);

    // No account was created: those credentials do not log in.
    await page.goto("/login");
    await fillLogin(page, learner);
    await expect(page.getByRole("alert")).toHaveText("The username, email or password is not right. Check them and try again.");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a wrong password shows an error and keeps the visitor on /login", async ({ page }) => {
    const learner = await signUp(page);
    await logout(page);
    await page.goto("/login");
    const response = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"),
    );
    await fillLogin(page, { username: learner.username, password: "Not-the-right-password-1" });
    expect((await response).status()).toBe(400);
    await expect(page.getByRole("alert")).toHaveText("The username, email or password is not right. Check them and try again.");
    await expect(page.getByLabel("Username or email", { exact: true })).toHaveValue(learner.username);
    await page.goto("/learn");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearn$/);
  });

  test("wrong passwords slow the name down and lock the guessing browser out, never the learner's own device", async ({
    page,
    browser,
  }) => {
    // The learner has logged in on this browser before: it holds the device cookie.
    const learner = await signUp(page);
    await logout(page);
    await page.goto("/login");
    await fillLogin(page, learner);
    await expect(page).toHaveURL(/\/learn$/);
    await logout(page);

    // Someone else, in another browser, guesses.
    const other = await newContext(browser);
    const attacker = await other.newPage();
    await attacker.goto("/login");
    const wrong = { username: learner.username, password: "Definitely-wrong-password-9" };
    /** One submission, waited for to the end (its response), so no two attempts overlap. */
    async function attempt(account: { username: string; password: string }) {
      const response = attacker.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"),
      );
      await fillLogin(attacker, account);
      return (await response).status();
    }
    const alert = attacker.getByRole("alert");
    for (let n = 1; n <= 3; n++) {
      expect(await attempt(wrong), `attempt ${n}`).toBe(400);
      await expect(alert).toHaveText(/The username, email or password is not right/);
    }
    await attacker.waitForTimeout(1200); // after three failures, each attempt waits 1 s, then 2 s, 4 s ...
    expect(await attempt(wrong), "attempt 4").toBe(400);
    expect(await attempt(wrong), "attempt 5, at once").toBe(429);
    await expect(alert).toHaveText(
      /^Many attempts were made to log in with this name\. For your protection, wait \d seconds?, then try again\.$/,
    );
    await attacker.waitForTimeout(2200);
    expect(await attempt(wrong), "attempt 5").toBe(429);
    await expect(alert).toHaveText(
      "Too many attempts from this device or connection. For your protection, logging in from here is paused for 15 minutes.",
    );
    expect(await attempt({ ...wrong, password: learner.password }), "the right password, from the guessing browser").toBe(429);
    await attacker.goto("/learn");
    await expect(attacker).toHaveURL(/\/login\?redirectTo=%2Flearn$/);
    await other.close();

    // The learner's own device is refused nothing: the right password gets her in, at once.
    await page.goto("/login");
    await fillLogin(page, learner);
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${learner.displayName}` })).toBeVisible();
  });

  test("the demo learner logs in with her username, and with her email", async ({ browser }) => {
    for (const identifier of [{ username: "river" }, { email: ACCOUNTS.learner.email }]) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await login(page, { ...identifier, password: ACCOUNTS.learner.password });
      await expect(page).toHaveURL(/\/learn$/);
      await expect(page.getByRole("heading", { level: 1, name: "Welcome, River" })).toBeVisible();
      await context.close();
    }
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
