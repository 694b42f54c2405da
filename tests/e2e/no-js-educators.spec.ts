// Progressive enhancement of the educators and cohorts forms: with JavaScript off, a post with an error
// comes back as a plain page (400) showing every value that was submitted, the passwords excepted,
// with the message beside the field at fault.
import {
  emailedLink,
  expect,
  newContext,
  sessionOf,
  STRONG_PASSWORD,
  test,
  uniqueEmail,
  uniqueName,
  uniqueUsername,
} from "./helpers";

test.describe("with JavaScript disabled", () => {
  test("the educator application re-renders every submitted value with the field's message", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/join/educator");
    const name = uniqueName("Volunteer");
    const email = uniqueEmail("nojs-educator");
    const username = uniqueUsername("nojs-educator");
    await page.getByLabel("Display name", { exact: true }).fill(name);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Username", { exact: true }).fill(username);
    await page.getByLabel("New password").fill(STRONG_PASSWORD);
    await page.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
    await page.getByRole("checkbox", { name: "Physics" }).check();
    await page.getByRole("checkbox", { name: "Chemistry" }).check();
    await page.getByRole("checkbox", { name: "Spanish" }).check();
    await page.getByRole("checkbox", { name: "French" }).check();
    await page.getByLabel("Highest qualification").selectOption({ label: "Master's degree" });
    await page.getByLabel("Institution").fill("Universidad de Ejemplo");
    await page.getByLabel("Hours per week you can give").fill("6");
    await page.getByLabel("Reference 1: name").fill("Rosa Uno");
    await page.getByLabel("Reference 1: email or phone, and how you know them").fill("rosa@example.test (colleague)");
    await page.getByLabel("Reference 2: name").fill("Tomás Dos");
    await page.getByLabel("Reference 2: email or phone, and how you know them").fill("+00 555 0199 (mentor)");
    await page.getByLabel("Why you want to teach").fill("Too short to be read.");

    const response = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/join/educator",
    );
    await page.getByRole("button", { name: "Send my application" }).click();
    expect((await response).status()).toBe(400);

    await expect(page.getByLabel("Why you want to teach")).toHaveValue("Too short to be read.");
    await expect(page.getByLabel("Why you want to teach")).toHaveAccessibleDescription(/Write at least 50 characters\./);
    await expect(page.getByLabel("Display name", { exact: true })).toHaveValue(name);
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
    await expect(page.getByLabel("Username", { exact: true })).toHaveValue(username);
    await expect(page.getByLabel("New password")).toHaveValue("");
    await expect(page.getByLabel("Repeat the password")).toHaveValue("");
    for (const ticked of ["Physics", "Chemistry", "Spanish", "French"])
      await expect(page.getByRole("checkbox", { name: ticked })).toBeChecked();
    for (const unticked of ["Mathematics", "Biology", "English", "Arabic"])
      await expect(page.getByRole("checkbox", { name: unticked })).not.toBeChecked();
    await expect(page.getByLabel("Highest qualification")).toHaveValue("master");
    await expect(page.getByLabel("Institution")).toHaveValue("Universidad de Ejemplo");
    await expect(page.getByLabel("Hours per week you can give")).toHaveValue("6");
    await expect(page.getByLabel("Reference 1: name")).toHaveValue("Rosa Uno");
    await expect(page.getByLabel("Reference 1: email or phone, and how you know them")).toHaveValue(
      "rosa@example.test (colleague)",
    );
    await expect(page.getByLabel("Reference 2: name")).toHaveValue("Tomás Dos");
    await expect(page.getByLabel("Reference 2: email or phone, and how you know them")).toHaveValue("+00 555 0199 (mentor)");
    // Only the statement is at fault: no other field is marked.
    await expect(page.locator("[aria-invalid=true]")).toHaveCount(1);

    // Fixing the statement (and typing the passwords again) sends the application.
    await page.getByLabel("New password").fill(STRONG_PASSWORD);
    await page.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
    await page
      .getByLabel("Why you want to teach")
      .fill("I have taught chemistry for twelve years and want to help people continue their studies.");
    await page.getByRole("button", { name: "Send my application" }).click();
    await expect(page).toHaveURL(/\/join\/educator\?sent=1$/);
    await expect(page.getByRole("heading", { level: 1, name: "Check your inbox to continue" })).toBeVisible();

    // The emailed link: its page (a GET, which changes nothing) has one button; pressing it joins.
    const link = await emailedLink(email, "/join/educator/confirm/");
    expect(link).not.toBeNull();
    await page.goto(link!);
    await expect(page.getByRole("heading", { level: 1, name: "Finish joining Waystone" })).toBeVisible();
    await page.getByRole("button", { name: "Finish joining" }).click();
    await expect(page).toHaveURL(/\/teach$/);
    await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${name}` })).toBeVisible();
    await expect(page.getByText("Waiting for review")).toBeVisible();
    await context.close();
  });

  test("the admin cohort form re-renders every submitted value with the date message", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("admin") });
    const page = await context.newPage();
    await page.goto("/admin/cohorts");
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create cohort" }) });
    const course = form.getByLabel("Course", { exact: true });
    const firstCourse = await course.locator("option").nth(1).getAttribute("value");
    expect(firstCourse).toBeTruthy();
    await course.selectOption(firstCourse!);
    const cohortName = `Autumn ${Date.now()}`;
    await form.getByLabel("Cohort name").fill(cohortName);
    await form.getByLabel("Starts on").fill("2027-09-15");
    await form.getByLabel("Ends on").fill("2027-09-01");

    const response = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/admin/cohorts",
    );
    await form.getByRole("button", { name: "Create cohort" }).click();
    expect((await response).status()).toBe(400);

    const again = page.locator("form").filter({ has: page.getByRole("button", { name: "Create cohort" }) });
    await expect(again.getByLabel("Ends on")).toHaveValue("2027-09-01");
    await expect(again.getByLabel("Ends on")).toHaveAccessibleDescription(/The end date must be on or after the start date\./);
    await expect(again.getByLabel("Course", { exact: true })).toHaveValue(firstCourse!);
    await expect(again.getByLabel("Cohort name")).toHaveValue(cohortName);
    await expect(again.getByLabel("Starts on")).toHaveValue("2027-09-15");
    await expect(page.getByRole("alert")).toContainText("Some answers need your attention");
    // Nothing was created.
    await expect(page.getByRole("rowheader", { name: cohortName })).toHaveCount(0);
    await context.close();
  });
});
