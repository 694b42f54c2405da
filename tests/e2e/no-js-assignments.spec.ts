// An assignment from hand-in to grade with JavaScript off (issue 8, item 5): an admin opens a cohort of
// Quantitative Reasoning, assigns the demo educator and enrols a new learner through a seat; the learner
// hands in text and a CSV file from the assignment lesson; the educator finds it in the grading queue,
// downloads the file and grades it against the rubric; the learner sees the grade with its feedback.
// Every step is a plain form POST (multipart for the file) answered by a redirect. Each page passes axe,
// fits 390 px, and is captured at 390 and 1280 px.
import type { Browser, BrowserContext } from "@playwright/test";
import { axeViolations, expect, newContext, sessionOf, signUp, test } from "./helpers";

const COURSE = { slug: "quantitative-reasoning", title: "Quantitative Reasoning" };
const ASSIGNMENT = "Assignment: Analysing a year of bus journey times";
const SHOTS = `${process.env.E2E_ARTIFACTS || "tests/.artifacts"}/screenshots`;

/**
 * The page this context shows now: screenshots at 390 and 1280 px with JavaScript off (as the person saw
 * it); then, in a JavaScript-on copy of the session (axe and the width check run scripts), no axe
 * violation and nothing wider than the phone.
 */
async function checkPage(browser: Browser, from: BrowserContext, url: string, name: string) {
  const state = await from.storageState();
  for (const javaScriptEnabled of [false, true]) {
    const context = await newContext(browser, { javaScriptEnabled, storageState: state });
    const page = await context.newPage();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url);
      if (!javaScriptEnabled) {
        await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
        continue;
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} fits ${width} px`).toBeLessThanOrEqual(0);
      expect(await axeViolations(page), `${name} at ${width} px`).toEqual([]);
    }
    await context.close();
  }
}

test("with JavaScript off: hand in an assignment with a file, the educator grades it, the learner sees the grade", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const learnerContext = await newContext(browser, { javaScriptEnabled: false });
  const learnerPage = await learnerContext.newPage();
  const learner = await signUp(learnerPage);
  await learnerPage.goto(`/courses/${COURSE.slug}`);
  await learnerPage.getByRole("button", { name: "Ask for a place" }).click();
  await expect(learnerPage.getByRole("button", { name: "Withdraw my request" })).toBeVisible();

  const adminContext = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/cohorts");
  const cohortName = `Work ${Date.now()}`;
  const cohortForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create cohort" }) });
  await cohortForm.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await cohortForm.getByLabel("Cohort name").fill(cohortName);
  await cohortForm.getByLabel("Starts on").fill("2026-11-02");
  await cohortForm.getByRole("button", { name: "Create cohort" }).click();
  await expect(admin.getByRole("rowheader", { name: cohortName })).toBeVisible();
  const assignForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Assign", exact: true }) });
  await assignForm.getByLabel("Cohort", { exact: true }).selectOption({ label: cohortName });
  await assignForm.getByLabel("Educator", { exact: true }).selectOption({ label: "Dr. Amara" });
  await assignForm.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(admin.getByRole("row").filter({ hasText: cohortName })).toContainText("Dr. Amara");

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

  // The learner: outline → the assignment lesson → its page.
  await learnerPage.goto("/learn");
  const hrefs = await learnerPage
    .getByRole("region", { name: "My enrolments" })
    .locator("a")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const outline = hrefs.find((h) => /^\/learn\/[a-z0-9]{20,}$/.test(h));
  expect(outline, `an outline link among ${hrefs.join(" ")}`).toBeTruthy();
  await learnerPage.goto(outline!);
  await learnerPage.getByRole("link", { name: ASSIGNMENT }).click();
  await learnerPage.getByRole("link", { name: "Open the assignment" }).click();
  await expect(learnerPage).toHaveURL(/\/submission$/);
  await expect(learnerPage.getByRole("heading", { name: "Rubric: the points for each criterion" })).toBeVisible();
  await checkPage(browser, learnerContext, learnerPage.url(), "submission-form");

  // With JavaScript on, the same form posts through React Router's fetch (multipart, to `.data`): a CSV
  // named .pdf is refused on the file field there too.
  const scripted = await newContext(browser, { javaScriptEnabled: true, storageState: await learnerContext.storageState() });
  const scriptedPage = await scripted.newPage();
  await scriptedPage.goto(learnerPage.url());
  await scriptedPage.getByLabel("Your answer").fill("With scripts on.");
  await scriptedPage.getByLabel("File (optional)").setInputFiles({
    name: "journeys.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("month,minutes\nJan,31\n"),
  });
  await scriptedPage.getByRole("button", { name: "Hand in", exact: true }).click();
  await expect(scriptedPage.getByText("This file is not really a .pdf file.", { exact: false })).toBeVisible();
  await expect(scriptedPage.getByRole("button", { name: "Hand in", exact: true })).toBeVisible();
  await scripted.close();

  // A CSV named .pdf is refused on the file field; the text stays.
  await learnerPage.getByLabel("Your answer").fill("My analysis is in the attached spreadsheet.");
  await learnerPage.getByLabel("File (optional)").setInputFiles({
    name: "journeys.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("month,minutes\nJan,31\n"),
  });
  await learnerPage.getByRole("button", { name: "Hand in", exact: true }).click();
  await expect(learnerPage.getByText("This file is not really a .pdf file.", { exact: false })).toBeVisible();
  await expect(learnerPage.getByLabel("Your answer")).toHaveValue("My analysis is in the attached spreadsheet.");

  await learnerPage.getByLabel("File (optional)").setInputFiles({
    name: "journeys.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("month,minutes\nJan,31\nFeb,29\n"),
  });
  await learnerPage.getByRole("button", { name: "Hand in", exact: true }).click();
  await expect(learnerPage).toHaveURL(/\/submission\?done=1$/);
  await expect(learnerPage.getByRole("status")).toContainText("Your work is handed in.");
  await expect(learnerPage.getByRole("link", { name: "journeys.csv" })).toBeVisible();
  await checkPage(browser, learnerContext, learnerPage.url(), "submission-handed-in");

  // The educator: /teach → the queue → the submission → the file → the rubric form.
  const educatorContext = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("educator") });
  const educator = await educatorContext.newPage();
  await educator.goto("/teach");
  await educator.getByRole("link", { name: "Work waiting for a grade" }).click();
  await expect(educator).toHaveURL(/\/teach\/grading$/);
  const queueRow = educator.getByRole("row").filter({ hasText: cohortName });
  await expect(queueRow).toContainText(ASSIGNMENT);
  await checkPage(browser, educatorContext, educator.url(), "grading-queue");
  await queueRow.getByRole("link", { name: learner.displayName }).click();
  await expect(educator.getByText("My analysis is in the attached spreadsheet.")).toBeVisible();
  const download = await educator.request.get(
    (await educator.getByRole("link", { name: "Download journeys.csv" }).getAttribute("href")) ?? "",
  );
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="journeys.csv"/);
  // The server adds nosniff and no-store to every response as well (server/index.ts): the values may repeat.
  expect(new Set(download.headers()["x-content-type-options"]!.split(/,\s*/))).toEqual(new Set(["nosniff"]));
  expect(download.headers()["cache-control"]).toMatch(/no-store/);
  expect(download.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  expect(await download.text()).toBe("month,minutes\nJan,31\nFeb,29\n");
  await checkPage(browser, educatorContext, educator.url(), "grading-form");

  const points = educator.getByLabel(/^Points \(0 to/);
  const count = await points.count();
  expect(count).toBe(5);
  // Each field carries the criterion's range (the browser checks it; the server does too:
  // tests/integration/submission-routes.test.ts).
  await expect(points.nth(0)).toHaveAttribute("max", "8");
  for (let i = 1; i < count; i++) await points.nth(i).fill("3");
  await educator.getByLabel("Overall comments").fill("Clear and careful work.");
  await points.nth(0).fill("7");
  await educator.getByLabel("Comments on this criterion").nth(0).fill("Every statistic is right.");
  await educator.getByRole("button", { name: "Save the grade" }).click();
  await expect(educator).toHaveURL(/\?done=1$/);
  await expect(educator.getByRole("status")).toHaveText("The grade is saved and the learner has been told.");
  await checkPage(browser, educatorContext, educator.url(), "grading-saved");
  await educator.goto("/teach/grading");
  await expect(educator.getByRole("row").filter({ hasText: cohortName })).toHaveCount(0);

  // The learner sees the grade and the feedback.
  await learnerPage.reload();
  await expect(learnerPage.getByRole("heading", { name: "Your grade" })).toBeVisible();
  await expect(learnerPage.getByText("19 of 25 points (76 %)")).toBeVisible();
  await expect(learnerPage.getByText("Every statistic is right.")).toBeVisible();
  await expect(learnerPage.getByText("Clear and careful work.")).toBeVisible();
  await expect(learnerPage.getByRole("button", { name: "Hand in", exact: true })).toHaveCount(0);
  await checkPage(browser, learnerContext, learnerPage.url(), "submission-graded");

  await educatorContext.close();
  await adminContext.close();
  await learnerContext.close();
});
