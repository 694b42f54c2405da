// A place through a seat with JavaScript off (issue 8): a learner asks for a place on a course page, an
// admin opens a cohort, creates a seat for it and allocates it from the waitlist, and the learner's
// dashboard then shows the enrolment. Every step is a plain form POST answered by a redirect.
import { expect, newContext, sessionOf, signUp, test } from "./helpers";

const COURSE = { slug: "quantitative-reasoning", title: "Quantitative Reasoning" };

test("with JavaScript off: ask for a place, the admin allocates a seat, the dashboard shows the enrolment", async ({
  browser,
}) => {
  const learnerContext = await newContext(browser, { javaScriptEnabled: false });
  const learnerPage = await learnerContext.newPage();
  const learner = await signUp(learnerPage);

  await learnerPage.goto(`/courses/${COURSE.slug}`);
  await learnerPage.getByRole("button", { name: "Ask for a place" }).click();
  await expect(learnerPage).toHaveURL(new RegExp(`/courses/${COURSE.slug}$`));
  await expect(learnerPage.getByText(/^Number \d+ on the waitlist$/)).toBeVisible();
  await expect(learnerPage.getByRole("button", { name: "Withdraw my request" })).toBeVisible();

  const adminContext = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/cohorts");
  const cohortName = `Seats ${Date.now()}`;
  const cohortForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create cohort" }) });
  await cohortForm.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await cohortForm.getByLabel("Cohort name").fill(cohortName);
  await cohortForm.getByLabel("Starts on").fill("2027-09-15");
  await cohortForm.getByRole("button", { name: "Create cohort" }).click();
  await expect(admin.getByRole("rowheader", { name: cohortName })).toBeVisible();

  await admin.goto("/admin/seats");
  const seatsForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create seats" }) });
  await seatsForm.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await seatsForm.getByLabel("For", { exact: true }).selectOption({ label: cohortName });
  await seatsForm.getByLabel("Number of seats").fill("1");
  await seatsForm.getByRole("button", { name: "Create seats" }).click();
  await expect(admin.getByRole("status")).toHaveText("The seats were created.");

  const row = admin.getByRole("row").filter({ has: admin.getByRole("rowheader", { name: learner.displayName }) });
  await row.getByLabel("Cohort", { exact: true }).selectOption({ label: cohortName });
  await row.getByRole("button", { name: "Allocate" }).click();
  await expect(admin.getByRole("status")).toHaveText("The seat was allocated: the learner is enrolled.");
  await expect(admin.getByRole("rowheader", { name: learner.displayName })).toHaveCount(0);

  await learnerPage.goto("/learn");
  const enrolments = learnerPage.getByRole("region", { name: "My enrolments" });
  await expect(enrolments).toContainText(COURSE.title);
  await expect(enrolments).toContainText(`Cohort ${cohortName}`);
  await expect(enrolments).toContainText("Active");
  await expect(learnerPage.getByRole("region", { name: "My place requests" })).toContainText("You are not waiting for a place.");
  await learnerPage.goto(`/courses/${COURSE.slug}`);
  await expect(learnerPage.getByText(`You are enrolled in ${cohortName}.`)).toBeVisible();

  await adminContext.close();
  await learnerContext.close();
});
