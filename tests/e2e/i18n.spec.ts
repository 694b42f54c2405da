// Languages: the header switch, right-to-left layout for Arabic, and Accept-Language for a new visitor.
import { expect, newContext, quickExit, test } from "./helpers";
import type { Page } from "@playwright/test";

async function switchLanguage(page: Page, language: "English" | "Español" | "العربية") {
  const form = page.locator("form").filter({ has: page.locator("select[name=lang]") });
  await form.getByRole("combobox").selectOption({ label: language });
  await form.getByRole("button").click();
}

/** Where the brand link sits: the left or the right half of the viewport. */
async function brandSide(page: Page) {
  const box = await page.getByRole("link", { name: "Waystone", exact: true }).boundingBox();
  const width = page.viewportSize()!.width;
  expect(box).not.toBeNull();
  const centre = box!.x + box!.width / 2;
  return centre < width / 2 ? "left" : "right";
}

test.describe("languages", () => {
  test("English by default, laid out left to right", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(quickExit(page)).toContainText("Quick exit");
    expect(await brandSide(page)).toBe("left");
  });

  test("switching to Español through the header form translates the page and keeps it", async ({ page }) => {
    await page.goto("/safety");
    await expect(page.getByLabel("Language")).toBeVisible();
    await switchLanguage(page, "Español");
    await expect(page).toHaveURL(/\/safety$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(quickExit(page)).toContainText("Salida rápida");
    await expect(page.getByLabel("Idioma")).toHaveValue("es");
    await expect(page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Seguridad" })).toBeVisible();
    await expect(page).toHaveTitle(/ · Waystone$/);

    // The choice sticks for the next page.
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1, name: "Iniciar sesión" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });

  test("switching to العربية sets lang=ar, dir=rtl and mirrors the layout", async ({ page }) => {
    await page.goto("/");
    expect(await brandSide(page)).toBe("left");
    await switchLanguage(page, "العربية");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(quickExit(page)).toContainText("خروج سريع");
    expect(await brandSide(page)).toBe("right");
    // The language form sits after the brand in reading order, so in RTL it is to the brand's left.
    const nav = await page.getByRole("navigation", { name: "الرئيسية" }).boundingBox();
    const brand = await page.getByRole("link", { name: "Waystone", exact: true }).boundingBox();
    expect(nav!.x + nav!.width).toBeLessThanOrEqual(brand!.x + 1);

    // And back to English.
    await switchLanguage(page, "English");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    expect(await brandSide(page)).toBe("left");
  });

  test("Accept-Language: es picks Spanish for an anonymous visitor", async ({ browser }) => {
    const context = await newContext(browser, { locale: "es-ES", extraHTTPHeaders: { "Accept-Language": "es-ES,es;q=0.9" } });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(quickExit(page)).toContainText("Salida rápida");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aprendizaje que cuenta, a tu propio ritmo");
    await context.close();
  });

  test("Accept-Language with an unsupported language falls back to English", async ({ browser }) => {
    const context = await newContext(browser, { locale: "de-DE", extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9" } });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(quickExit(page)).toContainText("Quick exit");
    await context.close();
  });
});
