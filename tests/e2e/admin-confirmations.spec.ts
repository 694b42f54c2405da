// Admin actions a person can trust (issue 7, item 9; ADR 015), with JavaScript off and on: revoking a
// referral code, suspending and reinstating an educator, granting and revoking a role, publishing and
// archiving a course each ask "Are you sure?" first; Cancel changes nothing; a forged single post
// changes nothing; a revoked code can be reinstated. Then the audit log shows what happened in words.
import type { Browser, Page } from "@playwright/test";
import {
  axeViolations,
  BASE_URL,
  expect,
  newContext,
  seedCourseByPosts,
  sessionOf,
  STRONG_PASSWORD,
  test,
  uid,
  uniqueEmail,
  uniqueName,
  uniqueSlug,
  uniqueUsername,
} from "./helpers";

const formPost = (page: Page, url: string, form: Record<string, string>) =>
  page.request.post(url, { form, headers: { Origin: BASE_URL }, maxRedirects: 0 });

/** A volunteer applies, confirms through the emailed link, and an admin approves: an active educator of their own. */
async function approvedEducator(browser: Browser, admin: Page, js: boolean) {
  const applicant = await newContext(browser, { javaScriptEnabled: js });
  const page = await applicant.newPage();
  const email = uniqueEmail("confirm-educator");
  const name = uniqueName("Educator");
  await page.goto("/join/educator");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Username", { exact: true }).fill(uniqueUsername("educator"));
  await page.getByLabel("Display name", { exact: true }).fill(name);
  await page.getByLabel("New password").fill(STRONG_PASSWORD);
  await page.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
  await page.getByRole("checkbox", { name: "Physics" }).check();
  await page.getByRole("checkbox", { name: "English" }).check();
  await page.getByLabel("Highest qualification").selectOption({ label: "Doctorate" });
  await page.getByLabel("Hours per week you can give").fill("3");
  await page.getByLabel("Reference 1: name").fill("Ada Colleague");
  await page.getByLabel("Reference 1: email or phone, and how you know them").fill("ada@example.test, colleague");
  await page.getByLabel("Reference 2: name").fill("Ben Mentor");
  await page.getByLabel("Reference 2: email or phone, and how you know them").fill("ben@example.test, mentor");
  await page
    .getByLabel("Why you want to teach")
    .fill("I have taught physics for a decade and would like to help learners finish a degree.");
  await page.getByRole("button", { name: "Send my application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your inbox to continue" })).toBeVisible();

  await admin.goto("/admin/outbox");
  const body = await admin
    .getByRole("listitem")
    .filter({ hasText: `To: ${email}` })
    .locator("pre")
    .innerText();
  const link = body.match(/\/join\/educator\/confirm\/[A-Za-z0-9_-]+/)?.[0];
  expect(link, `confirmation link in:\n${body}`).toBeTruthy();
  await page.goto(link!);
  await page.getByRole("button", { name: "Finish joining" }).click();
  await expect(page).toHaveURL(/\/teach$/);
  await applicant.close();

  await admin.goto("/admin/applications");
  await admin.getByRole("link", { name, exact: true }).click();
  const approve = admin.locator("form.decision-approve");
  await approve.getByLabel("Reason (the applicant sees it)").fill("References confirmed.");
  await approve.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByRole("status")).toContainText("Approved");
  return name;
}

for (const js of [false, true]) {
  test.describe(`with JavaScript ${js ? "on" : "off"}`, () => {
    test("revoking a referral code asks first; Cancel keeps it; a forged post does nothing; it can be reinstated", async ({
      browser,
    }) => {
      const context = await newContext(browser, { javaScriptEnabled: js, storageState: await sessionOf("admin") });
      const page = await context.newPage();
      await page.goto("/admin/referral-codes");
      const label = `Confirm desk ${uid()}`;
      await page.getByLabel("Partner NGO").selectOption({ index: 1 });
      await page.getByLabel("Label").fill(label);
      await page.getByRole("button", { name: "Create code" }).click();
      // The sign-up link is absolute, ready to hand over.
      await expect(page.getByRole("status")).toContainText(new RegExp(`Sign-up link: ${BASE_URL}/signup\\?code=[A-Z0-9-]+`));
      const row = () => page.getByRole("table", { name: "Referral codes" }).getByRole("row").filter({ hasText: label });
      await expect(row()).toContainText("Active");
      const codeId = await row().locator('input[name="codeId"]').getAttribute("value");

      // A forged single post is answered with the question, and revokes nothing.
      expect((await formPost(page, "/admin/referral-codes", { intent: "revoke-code", codeId: codeId! })).status()).toBe(428);
      await page.goto("/admin/referral-codes");
      await expect(row()).toContainText("Active");

      await row()
        .getByRole("button", { name: `Revoke ${label}` })
        .click();
      const question = page.getByRole("region", { name: "Revoke this referral code?" });
      await expect(question).toBeVisible();
      await expect(question).toContainText(`Nobody will be able to sign up with the code “${label}” after this.`);
      // axe runs in the page, so only with JavaScript on.
      if (js) expect(await axeViolations(page)).toEqual([]);
      await question.getByRole("link", { name: "Cancel" }).click();
      await expect(page.getByRole("region", { name: "Revoke this referral code?" })).toHaveCount(0);
      await expect(row()).toContainText("Active");

      await row()
        .getByRole("button", { name: `Revoke ${label}` })
        .click();
      await page.getByRole("button", { name: "Yes, revoke the code" }).click();
      await expect(page.getByRole("status")).toHaveText("The code was revoked. You can reinstate it from the list.");
      await expect(row()).toContainText("Revoked");
      await row()
        .getByRole("button", { name: `Reinstate ${label}` })
        .click();
      await expect(page.getByRole("status")).toContainText("The code was reinstated.");
      await expect(row()).toContainText("Active");

      // The audit log says it in words: the action, the code's label and who did it; no JSON.
      await page.goto("/admin/audit");
      await page.getByText("Filter the log").click();
      await page.getByLabel("Action").selectOption({ label: "Referral code revoked" });
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page).toHaveURL(/action=referral_code\.revoked/);
      const logged = page.getByRole("table", { name: "Audit log" }).getByRole("row").filter({ hasText: label });
      await expect(logged).toHaveCount(1);
      await expect(logged).toContainText("Referral code revoked");
      await expect(logged).toContainText("Programme Admin");
      await expect(page.getByRole("table", { name: "Audit log" })).not.toContainText("{");
      await context.close();
    });

    test("publishing and archiving a course ask first", async ({ browser }) => {
      const author = await newContext(browser, { storageState: await sessionOf("educator") });
      const title = `Confirmed course ${uid()}`;
      const courseId = await seedCourseByPosts(await author.newPage(), { slug: uniqueSlug("confirm"), title, submit: true });
      await author.close();

      const context = await newContext(browser, { javaScriptEnabled: js, storageState: await sessionOf("admin") });
      const page = await context.newPage();
      await page.goto(`/admin/courses/${courseId}`);
      await page.getByRole("button", { name: "Publish", exact: true }).click();
      const question = page.getByRole("region", { name: "Publish this course?" });
      await expect(question).toContainText(title);
      // axe runs in the page, so only with JavaScript on.
      if (js) expect(await axeViolations(page)).toEqual([]);
      await question.getByRole("link", { name: "Cancel" }).click();
      await expect(page.getByRole("region", { name: "Publish this course?" })).toHaveCount(0);
      await expect(page.getByText("Revision 1 (in review)")).toBeVisible();
      await page.getByRole("button", { name: "Publish", exact: true }).click();
      await page.getByRole("button", { name: "Yes, publish the course" }).click();
      await expect(page.getByRole("status")).toHaveText("The course was published. It is in the catalog now.");

      const archive = page.locator("form").filter({ has: page.getByRole("button", { name: "Archive the course" }) });
      await archive.getByLabel("Reason").fill("Replaced by a new edition.");
      await archive.getByRole("button", { name: "Archive the course" }).click();
      const archiveQuestion = page.getByRole("region", { name: "Archive this course?" });
      await expect(archiveQuestion).toContainText(title);
      await expect(archiveQuestion).toContainText("Replaced by a new edition.");
      await page.getByRole("button", { name: "Yes, archive the course" }).click();
      await expect(page.getByRole("status")).toHaveText("The course was archived and has left the catalog.");
      await context.close();
    });

    test("suspending and reinstating an educator, granting and revoking a role, ask first", async ({ browser }) => {
      const context = await newContext(browser, { javaScriptEnabled: js, storageState: await sessionOf("admin") });
      const page = await context.newPage();
      const name = await approvedEducator(browser, page, js);

      await page.goto("/admin/educators");
      const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name }) });
      await row.getByLabel(`Reason for suspending ${name}`).fill("Complaint under review");
      await row.getByRole("button", { name: `Suspend ${name}` }).click();
      const question = page.getByRole("region", { name: `Suspend ${name}?` });
      await expect(question).toContainText("Complaint under review");
      // axe runs in the page, so only with JavaScript on.
      if (js) expect(await axeViolations(page)).toEqual([]);
      await question.getByRole("link", { name: "Cancel" }).click();
      await expect(question).toHaveCount(0);
      await expect(page.getByRole("row").filter({ has: page.getByRole("rowheader", { name }) })).toContainText("Active");
      await row.getByLabel(`Reason for suspending ${name}`).fill("Complaint under review");
      await row.getByRole("button", { name: `Suspend ${name}` }).click();
      await page.getByRole("button", { name: `Yes, suspend ${name}` }).click();
      await expect(page.getByRole("status")).toHaveText("The educator was suspended.");
      await expect(page.getByRole("region", { name: `Suspend ${name}?` })).toHaveCount(0);
      await row.getByLabel(`Reason for reinstating ${name}`).fill("Cleared");
      await row.getByRole("button", { name: `Reinstate ${name}` }).click();
      await page.getByRole("button", { name: `Yes, reinstate ${name}` }).click();
      await expect(page.getByRole("status")).toHaveText("The educator was reinstated.");

      await page.goto("/admin/users");
      await page.getByRole("link", { name, exact: true }).click();
      await page.getByRole("button", { name: "Grant Verifier" }).click();
      await expect(page.getByRole("region", { name: "Grant the role “Verifier”?" })).toContainText(name);
      await page.getByRole("button", { name: "Yes, grant “Verifier”" }).click();
      await expect(page.getByRole("status")).toHaveText("The role was granted.");
      await page.getByRole("button", { name: "Revoke Verifier" }).click();
      await page.getByRole("button", { name: "Yes, revoke “Verifier”" }).click();
      await expect(page.getByRole("status")).toHaveText("The role was revoked and the person was signed out.");
      await expect(page.getByRole("button", { name: "Grant Verifier" })).toBeVisible();

      // The log, filtered by this educator through the link on their name: their own actions, in words.
      await page.goto("/admin/audit?action=educator.suspended");
      await expect(
        page.getByRole("table", { name: "Audit log" }).getByRole("row").filter({ hasText: name }).first(),
      ).toContainText("Complaint under review");
      await context.close();
    });
  });
}
