// Programme staff flows: organisations, invitations through the (neutral) outbox, referral codes, and
// the educator application queue.
import type { Page } from "@playwright/test";
import { DEMO, expect, fillSignup, login, newContext, STRONG_PASSWORD, test, uid, uniqueEmail, uniqueName } from "./helpers";

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
    await page.getByLabel("Organisation").selectOption({ label: `${orgName} (Sponsor)` });
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
    await inviteePage.getByLabel("Display name").fill(displayName);
    await inviteePage.getByLabel("New password").fill(STRONG_PASSWORD);
    await inviteePage.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
    await inviteePage.getByRole("button", { name: "Create my account" }).click();
    await expect(inviteePage).toHaveURL(/\/sponsor$/);
    await expect(inviteePage.getByRole("heading", { level: 2, name: orgName })).toBeVisible();
    await expect(inviteePage.getByText(`Signed in as ${displayName}`)).toBeVisible();
    await invitee.close();

    // The same link a second time: the 404 page, revealing nothing.
    const again = await newContext(browser);
    const againPage = await again.newPage();
    const response = await againPage.goto(invitePath);
    expect(response?.status()).toBe(404);
    await expect(againPage.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
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
    const learner = { email: uniqueEmail("coded"), password: STRONG_PASSWORD, displayName: uniqueName("Newcomer") };
    await newcomerPage.goto(`/signup?code=${encodeURIComponent(code)}`);
    await expect(newcomerPage.getByLabel("Referral code")).toHaveValue(code);
    await fillSignup(newcomerPage, learner, code);
    await expect(newcomerPage).toHaveURL(/\/learn(\?welcome=1)?$/);
    await expect(newcomerPage.getByRole("heading", { level: 1, name: `Welcome, ${learner.displayName}` })).toBeVisible();
    await newcomer.close();

    await page.goto("/admin/referral-codes");
    await expect(page.getByRole("table", { name: "Referral codes" }).getByRole("row").filter({ hasText: label })).toContainText(
      "1 / 1",
    );
  });

  test("an educator application lands on /teach waiting for review and appears in the admin queue", async ({ page, browser }) => {
    const applicant = await newContext(browser);
    const applicantPage = await applicant.newPage();
    const displayName = uniqueName("Educator");
    await applicantPage.goto("/join/educator");
    await applicantPage.getByLabel("Display name").fill(displayName);
    await applicantPage.getByLabel("Email", { exact: true }).fill(uniqueEmail("educator"));
    await applicantPage.getByLabel("New password").fill(STRONG_PASSWORD);
    await applicantPage.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
    await applicantPage.getByRole("group", { name: "Subjects you can teach" }).getByLabel("Mathematics").check();
    await applicantPage.getByRole("group", { name: "Subjects you can teach" }).getByLabel("Physics").check();
    await applicantPage.getByRole("group", { name: "Languages you can teach in" }).getByLabel("English").check();
    await applicantPage.getByLabel("Highest qualification").selectOption({ label: "Doctorate" });
    await applicantPage.getByLabel("Institution").fill("Open University of Somewhere");
    await applicantPage.getByLabel("Hours per week you can give").fill("5");
    await applicantPage.getByLabel("Reference 1: name").fill("Ada Colleague");
    await applicantPage
      .getByLabel("Reference 1: email or phone, and how you know them")
      .fill("ada@example.test, head of department");
    await applicantPage.getByLabel("Reference 2: name").fill("Ben Mentor");
    await applicantPage
      .getByLabel("Reference 2: email or phone, and how you know them")
      .fill("ben@example.test, former supervisor");
    await applicantPage
      .getByLabel("Why you want to teach")
      .fill("I have taught undergraduate calculus and mechanics for ten years and want to help people finish a degree.");
    await applicantPage.getByRole("button", { name: "Send my application" }).click();
    await expect(applicantPage).toHaveURL(/\/teach$/);
    await expect(applicantPage.getByRole("heading", { level: 1, name: `Welcome, ${displayName}` })).toBeVisible();
    await expect(applicantPage.getByText("Waiting for review")).toBeVisible();
    await expect(applicantPage.getByText("Mathematics, Physics")).toBeVisible();
    await applicant.close();

    await login(page, "admin");
    await page.goto("/admin/applications");
    const row = page.getByRole("table", { name: "Educator applications" }).getByRole("row").filter({ hasText: displayName });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Waiting for review");
    await expect(row).toContainText("Doctorate");
  });
});
