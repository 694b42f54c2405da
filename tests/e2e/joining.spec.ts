// Joining with and without an email (issue 7): JavaScript off throughout the joining flows, links read
// from the outbox as the mailbox would receive them, and the same screens whether or not an address
// already has an account. Then Settings: language and low-data mode in force at once, with JavaScript.
import type { Browser, Page } from "@playwright/test";
import {
  axeViolations,
  DEMO,
  emailedLink,
  expect,
  fillLogin,
  fillSignup,
  newContext,
  sessionOf,
  signUp,
  STRONG_PASSWORD,
  test,
  uniqueEmail,
  uniqueName,
  uniqueUsername,
} from "./helpers";

const NO_JS = { javaScriptEnabled: false } as const;

/** The text of the page's main region, with the values that differ from person to person taken out. */
async function mainText(page: Page, ...personal: string[]) {
  let text = await page.locator("main").innerText();
  for (const value of personal) text = text.replaceAll(value, "…");
  return text.replace(/\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b/g, "CODE");
}

/** A sign-up through the form with JavaScript off; returns the page on the answer (codes shown). */
async function signUpWithoutJs(browser: Browser, learner: { username: string; email?: string; displayName: string }) {
  const context = await newContext(browser, NO_JS);
  const page = await context.newPage();
  await page.goto("/signup");
  await fillSignup(page, { ...learner, password: STRONG_PASSWORD });
  await expect(page.getByRole("heading", { level: 1, name: "Your account is ready" })).toBeVisible();
  // The answer streams in: wait for its end (the Continue link) before anyone reads the page's text.
  await expect(page.getByRole("link", { name: "Continue" })).toBeVisible();
  await page.waitForLoadState("load");
  return { context, page };
}

/** An admin invites `email` to the demo sponsor organisation; returns the invitation's path. */
async function invite(browser: Browser, email: string) {
  const context = await newContext(browser, { storageState: await sessionOf("admin") });
  const page = await context.newPage();
  await page.goto("/admin/invitations");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Organisation", { exact: true }).selectOption({ label: `${DEMO.sponsorOrgName} (Sponsor)` });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("The invitation was sent.");
  await context.close();
  const path = await emailedLink(email, "/invite/");
  expect(path, "the invitation link").not.toBeNull();
  return path!;
}

test.describe("joining with JavaScript off", () => {
  test("sign-up with an email: the address waits for its link; the link's page confirms it with a POST", async ({ browser }) => {
    const email = uniqueEmail("confirm-me");
    const learner = { username: uniqueUsername("confirm"), email, displayName: uniqueName("Confirm") };
    const { context, page } = await signUpWithoutJs(browser, learner);
    await expect(page.getByRole("status")).toHaveText(
      "Check your inbox to confirm your email address. It is used only once you open the link we sent.",
    );
    await page.getByRole("link", { name: "Continue" }).click();
    await page.goto("/settings");
    await expect(page.getByText("Waiting for confirmation:")).toContainText(email);
    await expect(page.getByText("No email address is in use.")).toBeVisible();

    const link = await emailedLink(email, "/confirm-email/");
    expect(link).not.toBeNull();
    // Opening the link (as a mail scanner would) changes nothing.
    await page.goto(link!);
    await page.goto("/settings");
    await expect(page.getByText("Waiting for confirmation:")).toContainText(email);
    await page.goto(link!);
    await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page.getByRole("status")).toHaveText("Your email address is confirmed.");
    await page.goto("/settings");
    await expect(page.getByText("Your confirmed address:")).toContainText(email);
    // Single use.
    await page.goto(link!);
    await expect(page.getByRole("alert")).toHaveText(
      "This link can no longer be used. It may have expired or been used already.",
    );
    await context.close();
  });

  test("sign-up with an address that already has an account looks exactly like one with a new address", async ({ browser }) => {
    const taken = await (async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const email = uniqueEmail("taken");
      await signUp(page, DEMO.referralCode, { email });
      const link = await emailedLink(email, "/confirm-email/");
      await page.goto(link!);
      await page.getByRole("button", { name: "Confirm my address" }).click();
      await expect(page.getByRole("status")).toHaveText("Your email address is confirmed.");
      await context.close();
      return email;
    })();
    const screens: string[] = [];
    for (const email of [taken, uniqueEmail("fresh")]) {
      const learner = { username: uniqueUsername("look"), email, displayName: uniqueName("Look") };
      const { context, page } = await signUpWithoutJs(browser, learner);
      screens.push(await mainText(page, learner.username));
      await context.close();
    }
    expect(screens[0]).toBe(screens[1]);
    // The address that has an account got the neutral message, with no link that would attach it.
    expect(await emailedLink(taken, "/confirm-email/")).not.toBeNull(); // its own, from before
    const api = await newContext(browser, { storageState: await sessionOf("admin") });
    const outbox = await api.newPage();
    await outbox.goto("/admin/outbox");
    const newest = outbox.locator("li").filter({ hasText: taken }).first();
    await expect(newest).toContainText("you already have an account");
    await api.close();
  });

  test("an invitation: the form says 'check your inbox'; the emailed link finishes joining", async ({ browser }) => {
    const email = uniqueEmail("invitee");
    const invitation = await invite(browser, email);
    const context = await newContext(browser, NO_JS);
    const page = await context.newPage();
    await page.goto(invitation);
    const displayName = uniqueName("Sponsor");
    const username = uniqueUsername("sponsor");
    await page.getByLabel("Username", { exact: true }).fill(username);
    await page.getByLabel("Display name").fill(displayName);
    await page.getByLabel("New password").fill(STRONG_PASSWORD);
    await page.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check your inbox to continue" })).toBeVisible();
    const finish = await emailedLink(email, "/join/invitation/confirm/");
    expect(finish).not.toBeNull();
    await page.goto(finish!);
    await page.getByRole("button", { name: "Finish joining" }).click();
    await expect(page).toHaveURL(/\/sponsor$/);
    await expect(page.getByRole("heading", { level: 2, name: DEMO.sponsorOrgName })).toBeVisible();
    await context.close();
    // The account logs in by its username.
    const later = await newContext(browser, NO_JS);
    const again = await later.newPage();
    await again.goto("/login");
    await fillLogin(again, { username, password: STRONG_PASSWORD });
    await expect(again).toHaveURL(/\/sponsor$/);
    await later.close();
  });

  test("an invitation to an address with an account: the same answer, then 'Join with this account' once logged in", async ({
    browser,
  }) => {
    // A learner with a confirmed address.
    const email = uniqueEmail("member");
    const setup = await newContext(browser);
    const setupPage = await setup.newPage();
    const learner = await signUp(setupPage, DEMO.referralCode, { email });
    await setupPage.goto((await emailedLink(email, "/confirm-email/"))!);
    await setupPage.getByRole("button", { name: "Confirm my address" }).click();
    await expect(setupPage.getByRole("status")).toHaveText("Your email address is confirmed.");
    await setup.close();

    const invitation = await invite(browser, email);
    const context = await newContext(browser, NO_JS);
    const page = await context.newPage();
    await page.goto(invitation);
    await page.getByLabel("Username", { exact: true }).fill(uniqueUsername("second"));
    await page.getByLabel("Display name").fill(uniqueName("Second"));
    await page.getByLabel("New password").fill(STRONG_PASSWORD);
    await page.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check your inbox to continue" })).toBeVisible();
    expect(await emailedLink(email, "/join/invitation/confirm/")).toBeNull();

    // The mailbox was told to sign in and open the invitation again: the login leads back to it.
    const signIn = await emailedLink(email, "/login");
    expect(signIn).toBe(`/login?redirectTo=${encodeURIComponent(invitation)}`);
    await page.goto(signIn!);
    await fillLogin(page, { username: learner.username, password: STRONG_PASSWORD });
    await expect(page).toHaveURL(new RegExp(`${invitation}$`));
    await page.getByRole("button", { name: `Join ${DEMO.sponsorOrgName} with this account` }).click();
    await expect(page).toHaveURL(/\/sponsor$/);
    await expect(page.getByRole("heading", { level: 2, name: DEMO.sponsorOrgName })).toBeVisible();
    await context.close();
  });
});

test.describe("the joining pages pass axe (with JavaScript, which axe needs)", () => {
  test("sign-up answer, address confirmation, invitation form and answer, finish-joining page", async ({ browser }) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const email = uniqueEmail("axe");
    await page.goto("/signup");
    await fillSignup(page, { username: uniqueUsername("axe"), email, displayName: uniqueName("Axe"), password: STRONG_PASSWORD });
    await expect(page.getByRole("heading", { level: 2, name: "Your recovery codes" })).toBeVisible();
    expect(await axeViolations(page), "sign-up answer").toEqual([]);
    await page.goto((await emailedLink(email, "/confirm-email/"))!);
    await expect(page.getByRole("button", { name: "Confirm my address" })).toBeVisible();
    expect(await axeViolations(page), "confirm-email page").toEqual([]);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page.getByRole("status")).toHaveText("Your email address is confirmed.");
    expect(await axeViolations(page), "confirmed").toEqual([]);
    await context.close();

    const invitee = uniqueEmail("axe-invitee");
    const invitation = await invite(browser, invitee);
    const anon = await newContext(browser);
    const visitor = await anon.newPage();
    await visitor.goto(invitation);
    expect(await axeViolations(visitor), "invitation form").toEqual([]);
    await visitor.getByLabel("Username", { exact: true }).fill(uniqueUsername("axe"));
    await visitor.getByLabel("Display name").fill(uniqueName("Axe"));
    await visitor.getByLabel("New password").fill(STRONG_PASSWORD);
    await visitor.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
    await visitor.getByRole("button", { name: "Create my account" }).click();
    await expect(visitor.getByRole("heading", { level: 1, name: "Check your inbox to continue" })).toBeVisible();
    expect(await axeViolations(visitor), "invitation answer").toEqual([]);
    await visitor.goto((await emailedLink(invitee, "/join/invitation/confirm/"))!);
    await expect(visitor.getByRole("button", { name: "Finish joining" })).toBeVisible();
    expect(await axeViolations(visitor), "finish joining").toEqual([]);
    await anon.close();
  });
});

test.describe("settings take effect on the response that saves them", () => {
  test("with JavaScript: a new language shows in the header picker at once; low-data mode stops scripts at once", async ({
    page,
  }) => {
    await signUp(page);
    await page.goto("/settings");
    const profile = page.getByRole("region", { name: "Profile" });
    await profile.getByLabel("Language").selectOption("es");
    await profile.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/settings\?saved=profile$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.locator("#pref-lang")).toHaveValue("es");
    await expect(page.getByRole("status")).toHaveText("Se guardaron tus cambios.");

    const perfil = page.getByRole("region", { name: "Perfil" });
    await perfil.getByRole("checkbox").check();
    await perfil.getByRole("button", { name: "Guardar" }).click();
    await expect(page).toHaveURL(/\/settings\?saved=profile$/);
    await expect(page.locator("script")).toHaveCount(0);
    await expect(page.locator("link[rel=modulepreload]")).toHaveCount(0);
  });

  test("the legal name is not left on screen after saving", async ({ browser }) => {
    const context = await newContext(browser, NO_JS);
    const page = await context.newPage();
    await page.goto("/signup");
    await fillSignup(page, { username: uniqueUsername("legal"), displayName: uniqueName("Legal"), password: STRONG_PASSWORD });
    await page.getByRole("link", { name: "Continue" }).click();
    await page.goto("/settings");
    const legal = page.getByRole("region", { name: "Legal name (optional)" });
    await legal.getByLabel("Legal name", { exact: true }).fill("Amina Example");
    await legal.getByRole("button", { name: "Save my legal name" }).click();
    await expect(page.getByRole("status")).toHaveText("Your legal name was saved. It is not shown here.");
    await expect(legal.getByText("A legal name is saved.")).toBeVisible();
    await expect(legal.getByLabel("New legal name")).toHaveValue("");
    await expect(page.getByText("Amina Example")).toHaveCount(0);
    await legal.getByRole("button", { name: "Remove my legal name" }).click();
    await expect(page.getByRole("status")).toHaveText("Your legal name was removed.");
    await context.close();
  });

  test("no legal name is offered to a sponsor", async ({ browser }) => {
    const context = await newContext(browser, { storageState: await sessionOf("sponsor") });
    const page = await context.newPage();
    await page.goto("/settings");
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Legal name (optional)" })).toHaveCount(0);
    await context.close();
  });
});

test.describe("the sign-up answer with JavaScript", () => {
  test("on a phone it opens at its heading, which takes the focus, not where the submit button was", async ({ browser }) => {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto("/signup");
    await fillSignup(page, { username: uniqueUsername(), displayName: uniqueName("Learner"), password: STRONG_PASSWORD });
    const heading = page.getByRole("heading", { level: 1, name: "Your account is ready" });
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await context.close();
  });
});
