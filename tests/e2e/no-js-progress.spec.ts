// Grades, pause and return, more time from the educator, and the transcript with JavaScript off (issue 8,
// items 6, 7, 10; ADR 023). A learner enrolled through a seat sees "Your grade" on the outline, pauses
// (after a confirmation) and returns; the cohort's educator gives them a later due date and an extra
// attempt on a quiz, with a note the learner never sees; the learner's transcript and its print view.
// Screenshots at 390 and 1280 px (in E2E_ARTIFACTS), axe on each page, nothing wider than the phone.
import path from "node:path";
import type { Browser, BrowserContext } from "@playwright/test";
import { axeViolations, expect, newContext, sessionOf, signUp, test } from "./helpers";

const COURSE = { slug: "quantitative-reasoning", title: "Quantitative Reasoning" };
const QUIZ = "Quiz 1: Numbers, percentages and linear relationships";
const SHOTS = path.join(process.env.E2E_ARTIFACTS || path.join("tests", ".artifacts"), "screenshots");

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

test("with JavaScript off: your grade, pause and return, more time, and the transcript", async ({ browser }) => {
  test.setTimeout(240_000);
  const learnerContext = await newContext(browser, { javaScriptEnabled: false });
  const learnerPage = await learnerContext.newPage();
  const learner = await signUp(learnerPage);
  await learnerPage.goto(`/courses/${COURSE.slug}`);
  await learnerPage.getByRole("button", { name: "Ask for a place" }).click();

  const adminContext = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/cohorts");
  const cohortName = `Progress ${Date.now()}`;
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

  // The outline: "Your grade", with the quiz due on the cohort's last day.
  await learnerPage.goto("/learn");
  await learnerPage
    .getByRole("region", { name: "My enrolments" })
    .getByRole("link", { name: "Open the lessons" })
    .first()
    .click();
  const outlinePath = new URL(learnerPage.url()).pathname;
  const enrolmentId = outlinePath.split("/").at(-1)!;
  const grade = learnerPage.getByRole("region", { name: "Your grade" });
  await expect(grade).toContainText("Grade so far: 0%");
  await expect(grade.getByRole("row").filter({ hasText: QUIZ })).toContainText("Apr 30, 2027");
  await expect(grade.getByRole("row").filter({ hasText: QUIZ })).toContainText("Attempts left: 3 of 3");
  await shoot(browser, learnerContext, outlinePath, "learn-outline-grade");

  // Pause asks first, then pauses; return brings the learner back.
  const rest = learnerPage.getByRole("region", { name: "Taking a break" });
  await rest.getByRole("button", { name: "Pause this course" }).click();
  await expect(learnerPage.getByRole("heading", { name: "Pause this course?" })).toBeVisible();
  await learnerPage.getByRole("button", { name: "Yes, pause it" }).click();
  await expect(learnerPage.getByRole("status").filter({ hasText: "This course is paused." })).toBeVisible();
  await expect(rest).toContainText("This course is paused since");
  await shoot(browser, learnerContext, outlinePath, "learn-outline-paused");
  await rest.getByRole("button", { name: "Return to my group" }).click();
  await expect(learnerPage.getByRole("status").filter({ hasText: "Welcome back." })).toBeVisible();

  // The educator gives more time and an attempt, with a note.
  const educatorContext = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("educator") });
  const educator = await educatorContext.newPage();
  await educator.goto(`/teach/enrolments/${enrolmentId}`);
  await expect(educator.getByRole("heading", { level: 1, name: learner.displayName })).toBeVisible();
  const form = educator.getByRole("region", { name: "Give more time or attempts" });
  await form.getByLabel("Quiz or assignment").selectOption({ label: `${QUIZ} (Quiz)` });
  await form.getByLabel("New due date").fill("2027-04-20");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(educator.getByText("Choose a date after the current due date.")).toBeVisible();
  await form.getByLabel("Quiz or assignment").selectOption({ label: `${QUIZ} (Quiz)` });
  await form.getByLabel("New due date").fill("2027-05-15");
  await form.getByLabel("Extra attempts (quizzes only)").fill("1");
  await form.getByLabel("Note for the educators of this group").fill("Asked for more time.");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(educator.getByRole("status")).toHaveText("Saved. The learner now sees the new terms.");
  const work = educator.getByRole("region", { name: "Quizzes and assignments" });
  await expect(work.getByRole("row").filter({ hasText: QUIZ })).toContainText("May 15, 2027");
  await expect(work).toContainText("Asked for more time.");
  await shoot(browser, educatorContext, `/teach/enrolments/${enrolmentId}`, "teach-enrolment");
  await educatorContext.close();

  // The learner sees the new terms only.
  await learnerPage.goto(outlinePath);
  await expect(grade.getByRole("row").filter({ hasText: QUIZ })).toContainText("May 15, 2027");
  await expect(grade.getByRole("row").filter({ hasText: QUIZ })).toContainText("Attempts left: 4 of 4");
  await expect(learnerPage.locator("body")).not.toContainText("Asked for more time.");
  await expect(learnerPage.locator("body")).not.toContainText(/accommodation/i);

  // The transcript and its print view.
  await learnerPage.goto("/learn");
  await learnerPage.getByRole("link", { name: "My transcript" }).click();
  await expect(learnerPage.getByRole("heading", { level: 1, name: "Your transcript" })).toBeVisible();
  await expect(learnerPage.getByText(`Learner: ${learner.displayName}`)).toBeVisible();
  await expect(learnerPage.getByText("No completed courses yet.")).toBeVisible();
  await expect(learnerPage.getByRole("row").filter({ hasText: COURSE.title })).toContainText("In progress");
  await shoot(browser, learnerContext, "/learn/transcript", "learn-transcript");
  await learnerPage.getByRole("link", { name: "Printable version" }).click();
  await expect(learnerPage.locator(".site-header")).toBeHidden();
  await expect(learnerPage.getByRole("link", { name: /quick exit/i }).or(learnerPage.locator(".quick-exit"))).not.toHaveCount(0);
  await shoot(browser, learnerContext, "/learn/transcript?print=1", "learn-transcript-print");
  await learnerContext.close();
});
