// Document titles are neutral (docs/architecture.md "safety first"): "<page> · Waystone" or just "Waystone",
// never a person, course or credential name, in every language and on error pages. pages.spec.ts checks
// every page of the issue in English.
import { expect, test, TITLE } from "./helpers";

test.describe("document titles", () => {
  test("are neutral on a used or unknown invitation link (404)", async ({ page }) => {
    const response = await page.goto("/invite/not-a-real-invitation-token-000000");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page).toHaveTitle(TITLE);
  });

  test.describe(() => {
    test.use({ as: "learner" });
    test("are neutral on the 403 page", async ({ page }) => {
      const response = await page.goto("/admin");
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page");
      await expect(page).toHaveTitle(TITLE);
    });
  });

  test.describe(() => {
    test.use({ as: "admin" });
    test("are neutral on an unknown account page (404)", async ({ page }) => {
      const response = await page.goto("/admin/users/no-such-user");
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
      await expect(page).toHaveTitle(TITLE);
    });
  });

  test("are neutral in Spanish and Arabic", async ({ page }) => {
    for (const [lang, label] of [
      ["es", "Español"],
      ["ar", "العربية"],
    ] as const) {
      await page.goto("/login");
      await page.locator("select[name=lang]").selectOption({ label });
      await page
        .locator("form")
        .filter({ has: page.locator("select[name=lang]") })
        .getByRole("button")
        .click();
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      for (const path of ["/", "/login", "/signup", "/join/educator", "/safety", "/nowhere"]) {
        await page.goto(path);
        await expect(page, `${lang} ${path}`).toHaveTitle(TITLE);
      }
    }
  });
});
