import { test, expect, fillSignup, uniqueEmail, STRONG_PASSWORD } from "./helpers";
test("probe", async ({ page }) => {
  await page.goto("/signup");
  page.on("response", (r) => { if (r.request().method() === "POST") console.log("POST", r.url(), r.status()); });
  await fillSignup(page, { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: "Probe" }, "NOPE-NOPE-NOPE");
  await page.waitForTimeout(1500);
  console.log(await page.locator("main").innerText());
});
