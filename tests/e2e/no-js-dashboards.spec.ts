// The dashboards with JavaScript off (issue 8, items 9, 11 and 12): a learner enrolled through a seat sees
// progress, grade and deadlines on /learn and downloads a module to read offline; the cohort's educator
// opens the cohort page from /teach and downloads the gradebook CSV. Screenshots at 390 and 1280 px (in
// E2E_ARTIFACTS), axe on each page, nothing wider than the phone.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext } from "@playwright/test";
import { axeViolations, expect, newContext, sessionOf, signUp, test } from "./helpers";

const COURSE = { slug: "quantitative-reasoning", title: "Quantitative Reasoning" };
const SHOTS = path.join(process.env.E2E_ARTIFACTS || path.join("tests", ".artifacts"), "screenshots");

/**
 * Screenshots of a page at 390 and 1280 px with JavaScript off (as the person saw it); then, in a
 * JavaScript-on copy of the session (axe and the width check run scripts), no axe violation and nothing
 * wider than the phone.
 */
async function shoot(browser: Browser, from: BrowserContext, url: string, name: string) {
  const state = await from.storageState();
  for (const javaScriptEnabled of [false, true]) {
    const context = await newContext(browser, { javaScriptEnabled, storageState: state });
    const page = await context.newPage();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url);
      if (!javaScriptEnabled) {
        await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
        continue;
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} fits ${width} px`).toBeLessThanOrEqual(0);
      expect(await axeViolations(page), `${name} at ${width} px`).toEqual([]);
    }
    await context.close();
  }
}

test("with JavaScript off: dashboard, offline module, cohort page and gradebook CSV", async ({ browser }) => {
  test.setTimeout(180_000);
  const learnerContext = await newContext(browser, { javaScriptEnabled: false });
  const learnerPage = await learnerContext.newPage();
  const learner = await signUp(learnerPage);
  await learnerPage.goto(`/courses/${COURSE.slug}`);
  await learnerPage.getByRole("button", { name: "Ask for a place" }).click();

  // The admin opens a cohort, funds a seat, enrols the learner and assigns the demo educator.
  const adminContext = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/cohorts");
  const cohortName = `Dashboards ${Date.now()}`;
  const cohortForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create cohort" }) });
  await cohortForm.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await cohortForm.getByLabel("Cohort name").fill(cohortName);
  await cohortForm.getByLabel("Starts on").fill("2027-01-11");
  await cohortForm.getByLabel("Ends on").fill("2027-04-30");
  await cohortForm.getByRole("button", { name: "Create cohort" }).click();
  await expect(admin.getByRole("rowheader", { name: cohortName })).toBeVisible();
  const assignForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Assign", exact: true }) });
  await assignForm.getByLabel("Cohort", { exact: true }).selectOption({ label: cohortName });
  await assignForm.getByLabel("Educator", { exact: true }).selectOption({ label: "Dr. Amara" });
  await assignForm.getByRole("button", { name: "Assign", exact: true }).click();
  await admin.goto("/admin/seats");
  const seatsForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create seats" }) });
  await seatsForm.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await seatsForm.getByLabel("For", { exact: true }).selectOption({ label: cohortName });
  await seatsForm.getByLabel("Number of seats").fill("1");
  await seatsForm.getByRole("button", { name: "Create seats" }).click();
  const row = admin.getByRole("row").filter({ has: admin.getByRole("rowheader", { name: learner.displayName }) });
  await row.getByLabel("Cohort", { exact: true }).selectOption({ label: cohortName });
  await row.getByRole("button", { name: "Allocate" }).click();
  await expect(admin.getByRole("status")).toHaveText("The seat was allocated: the learner is enrolled.");
  await adminContext.close();

  // The learner's dashboard.
  await learnerPage.goto("/learn");
  const enrolments = learnerPage.getByRole("region", { name: "My enrolments" });
  await expect(enrolments).toContainText(/Lessons done: 0 of \d+/);
  await expect(enrolments).toContainText("No grades yet");
  await expect(enrolments).toContainText("Next step:");
  const coming = learnerPage.getByRole("region", { name: "Coming up" });
  await expect(coming).toContainText("Quiz");
  await expect(coming).toContainText("Assignment");
  await expect(coming).toContainText("Due ");
  await shoot(browser, learnerContext, "/learn", "learn-dashboard");

  // The outline's download link gives one self-contained file.
  await enrolments.getByRole("link", { name: "Open the lessons" }).first().click();
  await expect(learnerPage.getByRole("link", { name: "Download to read offline" }).first()).toBeVisible();
  await shoot(browser, learnerContext, new URL(learnerPage.url()).pathname, "learn-outline");
  const [download] = await Promise.all([
    learnerPage.waitForEvent("download"),
    learnerPage.getByRole("link", { name: "Download to read offline" }).first().click(),
  ]);
  expect(download.suggestedFilename()).toBe("module-1.html");
  const html = await readFile((await download.path())!, "utf8");
  expect(html).toContain("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toContain(learner.displayName);
  expect(html).not.toContain("Waystone");
  expect(html).not.toContain(COURSE.title);
  const href = await learnerPage.getByRole("link", { name: "Download to read offline" }).first().getAttribute("href");
  const served = await learnerPage.request.get(href!);
  expect(served.status()).toBe(200);
  expect(served.headers()["cache-control"]).toContain("no-store");
  expect(served.headers()["content-disposition"]).toBe('attachment; filename="module-1.html"');
  const forged = await learnerPage.request.get(href!.replace(/[^/]+$/, "cmxnosuchmodule0000000000"));
  expect(forged.status()).toBe(404);
  expect(await forged.text()).not.toContain("Module");
  const offline = await learnerContext.newPage();
  await offline.setContent(html);
  await offline.setViewportSize({ width: 390, height: 900 });
  await offline.screenshot({ path: path.join(SHOTS, "offline-module-390.png"), fullPage: true });
  await learnerContext.close();

  // The educator's cohort page and gradebook.
  const educatorContext = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("educator") });
  const educator = await educatorContext.newPage();
  await educator.goto("/teach");
  await educator.getByRole("link", { name: cohortName }).click();
  await expect(educator.getByRole("heading", { level: 1, name: cohortName })).toBeVisible();
  const book = educator.getByRole("region", { name: "Learners and gradebook" });
  await expect(book.getByRole("rowheader", { name: learner.displayName })).toBeVisible();
  await expect(book).toContainText("1 learner");
  await shoot(browser, educatorContext, new URL(educator.url()).pathname, "teach-cohort");
  const [csv] = await Promise.all([
    educator.waitForEvent("download"),
    educator.getByRole("link", { name: "Download the gradebook (CSV)" }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe("gradebook.csv");
  const bytes = await readFile((await csv.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString("utf8")).toContain(learner.displayName);
  const other = await educator.request.get("/teach/cohorts/cmxnosuchcohort0000000000/gradebook.csv");
  expect(other.status()).toBe(404);
  expect(other.headers()["content-type"]).not.toContain("text/csv");
  await educatorContext.close();
});
