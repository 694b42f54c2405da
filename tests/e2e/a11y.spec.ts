// WCAG 2.2 AA: every page passes an axe scan (docs/architecture.md "accessibility"), in English and RTL Arabic,
// and in the error states of the forms.
import { axeViolations, BASE_URL, expect, fillLogin, fillSignup, PAGES, STRONG_PASSWORD, test, uniqueEmail } from "./helpers";

test.describe("axe scan", () => {
  for (const { path, as, name } of PAGES) {
    test.describe(() => {
      test.use({ as });
      test(`${name} (${path}${as ? `, as ${as}` : ""}) has no violations`, async ({ page }) => {
        const response = await page.goto(path);
        expect(response?.url(), "not sent elsewhere (e.g. to /login)").toBe(new URL(path, BASE_URL).toString());
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
      });
    });
  }

  test("/login after a failed submit (error state) has no violations", async ({ page }) => {
    await page.goto("/login");
    await fillLogin(page, { email: uniqueEmail("nobody"), password: "Not-a-real-password-2" });
    await expect(page.getByRole("alert")).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  test("/login with field errors (empty submit) has no violations", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await expect(page.getByLabel("Username or email", { exact: true })).toHaveAttribute("aria-invalid", "true");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("/signup with field errors has no violations", async ({ page }) => {
    await page.goto("/signup");
    await fillSignup(page, { username: "Rіver", email: "not-an-email", password: STRONG_PASSWORD, displayName: "x" }, "");
    await expect(page.getByLabel("Referral code")).toHaveAttribute("aria-invalid", "true");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("/ in Arabic (right to left) has no violations", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Language").selectOption({ label: "العربية" });
    await page.getByRole("button", { name: "Change" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    expect(await axeViolations(page)).toEqual([]);
  });
});
