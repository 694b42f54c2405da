// Programme staff flows: organisations, invitations through the (neutral) outbox, referral codes, and
// the educator application queue.
import type { Page } from "@playwright/test";
import {
  applyAndConfirm,
  DEMO,
  emailedLink,
  expect,
  fillSignup,
  login,
  newContext,
  STRONG_PASSWORD,
  test,
  uid,
  uniqueEmail,
  uniqueName,
  uniqueUsername,
} from "./helpers";

/** The outbox entry sent to `email` (the outbox lists the newest first; other tests add their own). */
function outboxEntry(page: Page, email: string) {
  return page.getByRole("listitem").filter({ hasText: `To: ${email}` });
}

test.describe("admin", () => {
  test("invites a sponsor through a neutral email; the link works once", async ({ page, browser }) => {
    const orgName = `Lumen Giving Trust ${uid()}`;
    const email = uniqueEmail("sponsor");
    await login(page, "admin");

    await page.goto("/admin/organisations");
    await page.getByLabel("Kind").selectOption({ label: "Sponsor" });
    await page.getByLabel("Name").fill(orgName);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await expect(page.getByRole("table", { name: "Organisations" }).getByRole("row").filter({ hasText: orgName })).toContainText(
      "Sponsor",
    );

    await page.goto("/admin/invitations");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Organisation", { exact: true }).selectOption({ label: `${orgName} (Sponsor)` });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("status")).toHaveText("The invitation was sent.");
    await expect(page.getByRole("table", { name: "Invitations" }).getByRole("row").filter({ hasText: orgName })).toContainText(
      "Open",
    );

    await page.goto("/admin/outbox");
    const entry = outboxEntry(page, email);
    await expect(entry).toHaveCount(1);
    await expect(entry.locator("p").filter({ hasText: /^Subject:/ })).toHaveText("Subject: You have an update on Waystone");
    const body = (await entry.locator("pre").innerText()).trim();
    expect(body).not.toContain(orgName);
    expect(body).not.toMatch(/sponsor|Lumen/i);
    const link = body.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)?.[0];
    expect(link, `invitation link in:\n${body}`).toBeTruthy();
    const invitePath = new URL(link!).pathname;

    // The invited person, in a browser of their own.
    const invitee = await newContext(browser);
    const inviteePage = await invitee.newPage();
    await inviteePage.goto(invitePath);
    await expect(inviteePage.getByRole("heading", { level: 1, name: "Accept your invitation" })).toBeVisible();
    await expect(inviteePage.getByText(`You have been invited to join ${orgName} as a sponsor on Waystone.`)).toBeVisible();
    const displayName = uniqueName("Sponsor");
    await inviteePage.getByLabel("Username", { exact: true }).fill(uniqueUsername("sponsor"));
    await inviteePage.getByLabel("Display name").fill(displayName);
    await inviteePage.getByLabel("New password").fill(STRONG_PASSWORD);
    await inviteePage.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
    await inviteePage.getByRole("button", { name: "Create my account" }).click();
    await expect(inviteePage.getByRole("heading", { level: 1, name: "Check your inbox to continue" })).toBeVisible();
    // The account is made when the emailed "finish joining" link is opened and its button pressed.
    const finish = await emailedLink(email, "/join/invitation/confirm/");
    expect(finish, "the finish-joining link in the outbox").not.toBeNull();
    await inviteePage.goto(finish!);
    await inviteePage.getByRole("button", { name: "Finish joining" }).click();
    await expect(inviteePage).toHaveURL(/\/sponsor$/);
    await expect(inviteePage.getByRole("heading", { level: 2, name: orgName })).toBeVisible();
    await expect(inviteePage.getByText(`Signed in as ${displayName}`)).toBeVisible();
    await invitee.close();

    // The same link a second time: it says it was used, and reveals nothing else.
    const again = await newContext(browser);
    const againPage = await again.newPage();
    const response = await againPage.goto(invitePath);
    expect(response?.status()).toBe(410);
    await expect(againPage.getByText("This invitation has already been used.")).toBeVisible();
    await expect(againPage.getByText(orgName)).toHaveCount(0);
    await again.close();

    await page.goto("/admin/invitations");
    await expect(page.getByRole("table", { name: "Invitations" }).getByRole("row").filter({ hasText: orgName })).toContainText(
      "Accepted",
    );
  });

  test("creates a referral code, shown once, that works for a new learner", async ({ page, browser }) => {
    await login(page, "admin");
    await page.goto("/admin/referral-codes");
    const label = `E2E office ${uid()}`;
    await page.getByLabel("Partner NGO").selectOption({ label: DEMO.ngoName });
    await page.getByLabel("Label").fill(label);
    await page.getByLabel("How many people can use it").fill("1");
    await page.getByLabel("Valid for (days)").fill("30");
    await page.getByRole("button", { name: "Create code" }).click();
    const shown = page.getByRole("status");
    await expect(shown).toContainText("The new code is shown only this once");
    const code = (await shown.locator(".code-display code").innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9-]{8,}$/);
    const row = page.getByRole("table", { name: "Referral codes" }).getByRole("row").filter({ hasText: label });
    await expect(row).toContainText("0 / 1");
    await expect(row).not.toContainText(code);

    // Shown once: reloading the page does not show it again.
    await page.goto("/admin/referral-codes");
    await expect(page.getByText(code)).toHaveCount(0);

    const newcomer = await newContext(browser);
    const newcomerPage = await newcomer.newPage();
    const learner = { username: uniqueUsername("coded"), password: STRONG_PASSWORD, displayName: uniqueName("Newcomer") };
    await newcomerPage.goto(`/signup?code=${encodeURIComponent(code)}`);
    await expect(newcomerPage.getByLabel("Referral code")).toHaveValue(code);
    await fillSignup(newcomerPage, learner, code);
    await newcomerPage.getByRole("link", { name: "Continue" }).click();
    await expect(newcomerPage).toHaveURL(/\/learn(\?welcome=1)?$/);
    await expect(newcomerPage.getByRole("heading", { level: 1, name: `Welcome, ${learner.displayName}` })).toBeVisible();
    await newcomer.close();

    await page.goto("/admin/referral-codes");
    await expect(page.getByRole("table", { name: "Referral codes" }).getByRole("row").filter({ hasText: label })).toContainText(
      "1 / 1",
    );
  });

  test("an educator application, confirmed by its emailed link, lands on /teach waiting for review and appears in the admin queue", async ({
    page,
    browser,
  }) => {
    const applicant = await newContext(browser);
    const applicantPage = await applicant.newPage();
    const displayName = uniqueName("Educator");
    await applyAndConfirm(applicantPage, { displayName, email: uniqueEmail("educator"), username: uniqueUsername("educator") });
    await expect(applicantPage.getByText("Waiting for review")).toBeVisible();
    await expect(applicantPage.getByText("Mathematics")).toBeVisible();
    await applicant.close();

    await login(page, "admin");
    await page.goto("/admin/applications");
    const row = page.getByRole("table", { name: "Educator applications" }).getByRole("row").filter({ hasText: displayName });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Waiting for review");
    await expect(row).toContainText("Master's degree");
  });
});
