// With JavaScript off, a refused form of the identity pages comes back exactly as it was submitted:
// every typed value, every choice and checkbox, with the message on its field (passwords excepted).
import type { Page } from "@playwright/test";
import { expect, fillSignup, newContext, STRONG_PASSWORD, test, uniqueEmail, uniqueName, uniqueUsername } from "./helpers";

function post(page: Page, path: string) {
  return page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === path);
}

test.describe("identity forms without JavaScript", () => {
  test("settings: the profile and legal-name forms re-render every submitted value with the field message", async ({
    browser,
  }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const learner = { username: uniqueUsername("nojs-settings"), password: STRONG_PASSWORD, displayName: uniqueName("Stored") };
    await page.goto("/signup");
    await fillSignup(page, learner);
    await page.getByRole("link", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/learn\?welcome=1$/);

    // Profile: an invalid display name, another language, low-data mode ticked.
    await page.goto("/settings");
    const profile = page.getByRole("region", { name: "Profile" });
    await expect(profile.getByLabel("Display name")).toHaveValue(learner.displayName);
    await expect(profile.getByLabel("Low-data mode")).not.toBeChecked();
    await profile.getByLabel("Display name").fill("Typed # name");
    await profile.getByLabel("Language").selectOption("es");
    await profile.getByLabel("Low-data mode").check();
    let response = post(page, "/settings");
    await profile.getByRole("button", { name: "Save" }).click();
    expect((await response).status()).toBe(400);
    await expect(profile.getByLabel("Display name")).toHaveValue("Typed # name");
    await expect(profile.getByLabel("Display name")).toHaveAttribute("aria-invalid", "true");
    await expect(profile.getByLabel("Display name")).toHaveAccessibleDescription(/letters, numbers, spaces/i);
    await expect(profile.getByLabel("Language")).toHaveValue("es");
    await expect(profile.getByLabel("Low-data mode")).toBeChecked();
    await expect(profile.getByRole("alert")).toContainText("Some answers need your attention");
    // Nothing was saved: the page is still in English, under the stored name.
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByText(`Signed in as ${learner.displayName}`)).toBeVisible();
    // The other forms on the page are not touched by the profile's reply.
    const legal = page.getByRole("region", { name: "Legal name (optional)" });
    await expect(legal.getByRole("alert")).toHaveCount(0);
    await expect(legal.getByLabel("Legal name", { exact: true })).toHaveValue("");

    // Legal name: a control character in the name, consent ticked.
    await legal.getByLabel("Legal name", { exact: true }).fill("Maria\u0007 Example");
    await legal.getByRole("checkbox").check();
    response = post(page, "/settings");
    await legal.getByRole("button", { name: "Save" }).click();
    expect((await response).status()).toBe(400);
    await expect(legal.getByLabel("Legal name", { exact: true })).toHaveValue("Maria Example");
    await expect(legal.getByLabel("Legal name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(legal.getByLabel("Legal name", { exact: true })).toHaveAccessibleDescription(/characters that cannot be stored/);
    await expect(legal.getByRole("checkbox")).toBeChecked();
    // …and the profile form shows the stored values again, not the earlier refused ones.
    await expect(profile.getByLabel("Display name")).toHaveValue(learner.displayName);
    await expect(profile.getByLabel("Low-data mode")).not.toBeChecked();
    await expect(page.getByText("A legal name is saved.")).toHaveCount(0);

    // Unticking the box is kept too.
    await legal.getByLabel("Legal name", { exact: true }).fill("Maria\u0007 Example");
    await legal.getByRole("checkbox").uncheck();
    response = post(page, "/settings");
    await legal.getByRole("button", { name: "Save" }).click();
    expect((await response).status()).toBe(400);
    await expect(legal.getByRole("checkbox")).not.toBeChecked();
    await context.close();
  });

  test("sign-up: a refused form keeps every value but the passwords", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const learner = {
      username: uniqueUsername("nojs-signup"),
      email: uniqueEmail("nojs-signup"),
      password: STRONG_PASSWORD,
      displayName: "x",
    };
    await page.goto("/signup");
    let response = post(page, "/signup");
    await fillSignup(page, learner, "SOME-CODE-1234");
    expect((await response).status()).toBe(400);
    await expect(page.getByLabel("Referral code")).toHaveValue("SOME-CODE-1234");
    await expect(page.getByLabel("Display name")).toHaveValue("x");
    await expect(page.getByLabel("Display name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Username", { exact: true })).toHaveValue(learner.username);
    await expect(page.getByLabel("Email (optional)")).toHaveValue(learner.email);
    await expect(page.getByLabel("New password")).toHaveValue("");
    await expect(page.getByLabel("Repeat the password")).toHaveValue("");

    // A valid form refused by the operation (an unknown code): the same, with the message on the code.
    const named = { ...learner, displayName: uniqueName("Kept") };
    response = post(page, "/signup");
    await fillSignup(page, named, "SOME-CODE-1234");
    expect((await response).status()).toBe(400);
    await expect(page.getByLabel("Referral code")).toHaveAccessibleDescription(/This referral code cannot be used/);
    await expect(page.getByLabel("Display name")).toHaveValue(named.displayName);
    await expect(page.getByLabel("Email (optional)")).toHaveValue(named.email);
    await expect(page.getByLabel("New password")).toHaveValue("");
    await context.close();
  });

  test("login: a wrong password keeps the username or email and not the password", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    const email = uniqueEmail("nojs-login");
    await page.getByLabel("Username or email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill("Not-the-right-password-1");
    const response = post(page, "/login");
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    expect((await response).status()).toBe(400);
    await expect(page.getByRole("alert")).toHaveText("The username, email or password is not right. Check them and try again.");
    await expect(page.getByLabel("Username or email", { exact: true })).toHaveValue(email);
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    await context.close();
  });
});
