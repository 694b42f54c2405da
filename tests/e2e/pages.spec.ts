// The shell on every page of the issue, as the account that sees it: a neutral document title
// (docs/architecture.md "safety first": "<page> · Waystone", never a name) and the quick-exit control first
// in the tab order, pointing at the neutral site.
import { BASE_URL, expect, pagesByRole, QUICK_EXIT_URL, quickExit, test, TITLE } from "./helpers";

const NAMES = /River|Programme Admin|Dr\. Amara|Registrar Lee|Brightpath|Northbridge|Safe Harbour/;

for (const [role, paths] of pagesByRole()) {
  test.describe(`every ${role ?? "anonymous"} page`, () => {
    test.use({ as: role });

    test("has a neutral title and quick exit first in the tab order", async ({ page }) => {
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.url(), `${path} was not redirected`).toBe(new URL(path, BASE_URL).toString());
        await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();

        await expect(page, path).toHaveTitle(TITLE);
        expect(await page.title(), path).not.toMatch(NAMES);

        await page.keyboard.press("Tab");
        await expect(quickExit(page), `${path}: first Tab stop`).toBeFocused();
        await expect(page.locator("form[data-quick-exit]"), path).toHaveAttribute("data-href", QUICK_EXIT_URL);
      }
    });
  });
}
