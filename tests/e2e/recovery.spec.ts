// Account recovery end to end (docs/decisions/014-account-recovery.md): the emailed link through the
// outbox, recovery codes with JavaScript off (and their printed sheet), and the reset code an admin issues
// at the request of the learner's partner NGO. Every path ends the account's other sessions.
import type { Browser, Page } from "@playwright/test";
import {
  axeViolationsAtTop,
  BASE_URL,
  DEMO,
  expect,
  newContext,
  sessionOf,
  STRONG_PASSWORD,
  test,
  uid,
  uniqueEmail,
  uniqueName,
} from "./helpers";

const NEW_PASSWORD = "Harbour-Lantern-Willow-Quiet-83";
type Learner = { username: string; displayName: string; password: string; codes: string[] };

/** Signs a learner up through the form (an email only when given); returns the ten codes it shows once. */
async function signUpLearner(page: Page, options: { email?: string } = {}): Promise<Learner> {
  const learner = { username: `rec-${uid()}`, displayName: uniqueName("Recovering"), password: STRONG_PASSWORD };
  await page.goto("/signup");
  await page.getByLabel("Referral code").fill(DEMO.referralCode);
  await page.getByLabel("Username", { exact: true }).fill(learner.username);
  await page.getByLabel("Display name").fill(learner.displayName);
  if (options.email) await page.getByLabel("Email (optional)").fill(options.email);
  await page.getByLabel("New password", { exact: true }).fill(learner.password);
  await page.getByLabel("Repeat the password").fill(learner.password);
  await page.getByRole("button", { name: "Create my account" }).click();
  const sheet = page.getByRole("region", { name: "Your recovery codes" });
  await expect(sheet).toBeVisible();
  const codes = await sheet.locator("code").allInnerTexts();
  expect(codes).toHaveLength(10);
  return { ...learner, codes };
}

/** The path of the newest link matching `pattern` in an email to `to`, read from the admin outbox. */
async function linkSentTo(browser: Browser, to: string, pattern: RegExp): Promise<string> {
  const admin = await browser.newContext({ baseURL: BASE_URL, storageState: await sessionOf("admin") });
  const page = await admin.newPage();
  let link: string | undefined;
  // Reset emails are written just after the answer (request-password-reset.server.ts): look again until it is there.
  await expect(async () => {
    await page.goto("/admin/outbox");
    const entry = page.getByRole("listitem").filter({ hasText: to }).filter({ hasText: pattern }).first();
    link = (await entry.locator("pre").innerText({ timeout: 1000 })).match(pattern)?.[0];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 20_000 });
  await admin.close();
  return new URL(link!).pathname;
}

async function confirmAddress(page: Page, browser: Browser, email: string) {
  await page.goto(await linkSentTo(browser, email, /https?:\/\/\S+\/confirm-email\/[A-Za-z0-9_-]+/));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("status")).toHaveText("Your email address is confirmed.");
}

async function logIn(page: Page, identifier: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Username or email").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

/** A session that has ended sends the person to the login page. */
async function expectSignedOut(page: Page) {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
}

function postTo(page: Page, path: string) {
  return page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === path);
}

async function fillCodeForm(page: Page, username: string, code: string, password = NEW_PASSWORD) {
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Set my new password" }).click();
}

test.describe("account recovery", () => {
  test("an emailed link: asked from the login page, opened from the outbox, works once and ends other sessions", async ({
    browser,
  }) => {
    const email = uniqueEmail("recover");
    const phoneContext = await newContext(browser);
    const phone = await phoneContext.newPage();
    const learner = await signUpLearner(phone, { email });
    await confirmAddress(phone, browser, email);

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page).toHaveURL(/\/recover$/);
    await expect(page.getByRole("heading", { level: 1, name: "Get back into your account" })).toBeVisible();
    const sent = "If an account matches and has a confirmed address, a link is on its way.";
    // An unknown name first: the same answer as for the real one.
    await page.getByLabel("Username or email").fill(`nobody-${uid()}`);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect(page).toHaveURL(/\/recover\?sent=1$/);
    await expect(page.getByRole("status")).toContainText(sent);
    await page.getByLabel("Username or email").fill(email.toUpperCase());
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect(page).toHaveURL(/\/recover\?sent=1$/);
    await expect(page.getByRole("status")).toContainText(sent);

    const resetPath = await linkSentTo(browser, email, /https?:\/\/\S+\/reset\/[A-Za-z0-9_-]+/);
    await page.goto(resetPath);
    await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await expect(page.getByText(learner.username, { exact: true })).toBeVisible();
    expect(await axeViolationsAtTop(page)).toEqual([]);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Repeat the password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set my new password" }).click();
    await expect(page).toHaveURL(/\/recover\/done\?method=email_link$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your new password is set" })).toBeVisible();
    expect(await axeViolationsAtTop(page)).toEqual([]);
    await page.getByRole("link", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/learn/);

    // The session on the phone has ended.
    await expectSignedOut(phone);

    // The link works once: opened again, it says so plainly.
    const later = await newContext(browser);
    const laterPage = await later.newPage();
    const response = await laterPage.goto(resetPath);
    expect(response?.status()).toBe(410);
    await expect(laterPage.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
    await expect(laterPage.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
    expect(await axeViolationsAtTop(laterPage)).toEqual([]);
    await logIn(laterPage, learner.username, NEW_PASSWORD);

    await Promise.all([phoneContext.close(), context.close(), later.close()]);
  });

  test("a reset link opened while signed in as someone else is refused, and changes nothing", async ({ browser }) => {
    const email = uniqueEmail("recover-other");
    const ownerContext = await newContext(browser);
    const owner = await ownerContext.newPage();
    await signUpLearner(owner, { email });
    await confirmAddress(owner, browser, email);
    await owner.goto("/recover");
    await owner.getByLabel("Username or email").fill(email);
    await owner.getByRole("button", { name: "Send me a link" }).click();
    const resetPath = await linkSentTo(browser, email, /https?:\/\/\S+\/reset\/[A-Za-z0-9_-]+/);

    const otherContext = await newContext(browser);
    const other = await otherContext.newPage();
    await signUpLearner(other);
    const response = await other.goto(resetPath);
    expect(response?.status()).toBe(409);
    await expect(other.getByRole("heading", { level: 1, name: "You are signed in as someone else" })).toBeVisible();
    await expect(other.getByRole("alert")).toContainText("Log out first");
    // The link is still open for its owner.
    await owner.goto(resetPath);
    await expect(owner.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await Promise.all([ownerContext.close(), otherContext.close()]);
  });

  test("recovery codes without JavaScript: one code, once; Settings makes a new batch with a sheet that names nothing but Waystone", async ({
    browser,
  }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const phone = await context.newPage();
    const learner = await signUpLearner(phone);
    // Without JavaScript there is no Print button: the page says to use the browser's Print.
    await expect(phone.getByText("use your browser's Print command")).toBeVisible();

    const helperContext = await newContext(browser, { javaScriptEnabled: false });
    const page = await helperContext.newPage();
    const elsewhereContext = await newContext(browser);
    const elsewhere = await elsewhereContext.newPage();
    await logIn(elsewhere, learner.username, learner.password);

    await page.goto("/recover");
    await page.getByRole("link", { name: "Use a code" }).click();
    await expect(page).toHaveURL(/\/recover\/code$/);
    // A wrong code: a clear message, the username kept, nothing changed.
    let response = postTo(page, "/recover/code");
    await fillCodeForm(page, learner.username, "ABCD-EFGH-JKMN");
    expect((await response).status()).toBe(400);
    await expect(page.getByRole("alert")).toHaveText("The username or the code is not right. Check both and try again.");
    await expect(page.getByLabel("Username", { exact: true })).toHaveValue(learner.username);
    await expect(page.getByLabel("New password", { exact: true })).toHaveValue("");

    // One of the ten, typed in lower case with spaces.
    response = postTo(page, "/recover/code");
    await fillCodeForm(page, learner.username, learner.codes[0]!.toLowerCase().replace(/-/g, " "));
    expect((await response).status()).toBe(303);
    await expect(page).toHaveURL(/\/recover\/done\?method=recovery_code$/);
    await expect(page.getByText("You have 9 recovery codes left.")).toBeVisible();
    await expectSignedOut(elsewhere);

    // The same code again, from another browser: refused clearly.
    const againContext = await newContext(browser, { javaScriptEnabled: false });
    const again = await againContext.newPage();
    await again.goto("/recover/code");
    response = postTo(again, "/recover/code");
    await fillCodeForm(again, learner.username, learner.codes[0]!, "Another-Copper-Kettle-Window-19");
    expect((await response).status()).toBe(410);
    await expect(again.getByRole("alert")).toContainText("This code was already used.");

    // Settings: a new batch, after the current password.
    await page.goto("/recover/done?method=recovery_code");
    await page.getByRole("link", { name: "Make new recovery codes" }).click();
    await expect(page).toHaveURL(/\/settings\/recovery-codes$/);
    await expect(page.getByText("You have 9 unused recovery codes.")).toBeVisible();
    response = postTo(page, "/settings/recovery-codes");
    await page.getByLabel("Current password").fill("not my password");
    await page.getByRole("button", { name: "Make new codes" }).click();
    expect((await response).status()).toBe(400);
    await expect(page.getByLabel("Current password")).toHaveAccessibleDescription(/current password is not right/i);
    await page.getByLabel("Current password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Make new codes" }).click();
    await expect(page.getByRole("status")).toHaveText("Your new recovery codes are ready. Your old codes no longer work.");
    const sheet = page.getByRole("region", { name: "Your recovery codes" });
    const fresh = await sheet.locator("code").allInnerTexts();
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => learner.codes.includes(c))).toEqual([]);

    // Printed, the page is the sheet alone: Waystone, the codes, how to use them; no name of any kind.
    await page.emulateMedia({ media: "print" });
    const printed = await page.locator("body").innerText();
    expect(printed).toContain("Waystone");
    for (const code of fresh) expect(printed).toContain(code);
    for (const secret of [learner.username, learner.displayName, "Signed in", "Quick exit", "Log out"]) {
      expect(printed).not.toContain(secret);
    }
    await page.emulateMedia({ media: "screen" });

    // A code of the new batch works (the old batch is covered by recover-with-code.test.ts).
    await again.goto("/recover/code");
    response = postTo(again, "/recover/code");
    await fillCodeForm(again, learner.username, fresh[0]!, "Another-Copper-Kettle-Window-19");
    expect((await response).status()).toBe(303);
    await expectSignedOut(page);

    await Promise.all([context.close(), helperContext.close(), elsewhereContext.close(), againContext.close()]);
  });

  test("a reset code: an admin issues it at the NGO's request (confirmed, shown once); the learner uses it", async ({
    browser,
  }) => {
    const learnerContext = await newContext(browser);
    const phone = await learnerContext.newPage();
    const learner = await signUpLearner(phone);
    // The codes as shown once after sign-up (RecoveryCodesList), with JavaScript: a Print button, and axe.
    await expect(phone.getByRole("button", { name: "Print the codes" })).toBeVisible();
    expect(await axeViolationsAtTop(phone)).toEqual([]);

    const adminContext = await browser.newContext({ baseURL: BASE_URL, storageState: await sessionOf("admin") });
    const admin = await adminContext.newPage();
    // No learner directory: the NGO gives the username, and staff find that one account.
    await admin.goto(`/admin/users?email=${encodeURIComponent(learner.username)}`);
    await admin.getByRole("link", { name: learner.displayName }).click();
    await admin.getByRole("link", { name: "Issue a reset code" }).click();
    await expect(admin).toHaveURL(/\/admin\/users\/[^/]+\/reset-code$/);
    await expect(admin.getByRole("heading", { level: 1, name: "Issue a reset code" })).toBeVisible();
    expect(await axeViolationsAtTop(admin)).toEqual([]);
    await admin.getByLabel("Partner NGO that asked").selectOption({ label: DEMO.ngoName });
    await admin.getByRole("button", { name: "Continue" }).click();
    // The first post only asks: the confirmation names the learner and the NGO, and nothing is issued yet.
    const question = admin.getByRole("region", { name: "Issue a one-time reset code?" });
    await expect(question).toBeVisible();
    await expect(question.getByText(`At the request of: ${DEMO.ngoName}`)).toBeVisible();
    await expect(question.getByText(`Reset code for: ${learner.displayName}`)).toBeVisible();
    expect(await axeViolationsAtTop(admin)).toEqual([]);
    await admin.getByRole("button", { name: "Issue the code" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Reset code issued" })).toBeVisible();
    const code = (await admin.locator(".code-display code").innerText()).trim();
    expect(code).toMatch(/^([A-Z2-9]{4}-){3}[A-Z2-9]{4}$/);
    await expect(admin.getByText(learner.username, { exact: true })).toBeVisible();
    expect(await axeViolationsAtTop(admin)).toEqual([]);

    // Handed over in person; the learner uses it on another browser.
    const helperContext = await newContext(browser);
    const page = await helperContext.newPage();
    await page.goto("/recover/code");
    await fillCodeForm(page, learner.username, code);
    await expect(page).toHaveURL(/\/recover\/done\?method=admin_code$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your new password is set" })).toBeVisible();
    await expectSignedOut(phone);

    // Once only.
    await phone.goto("/recover/code");
    await fillCodeForm(phone, learner.username, code, "Another-Copper-Kettle-Window-19");
    await expect(phone.getByRole("alert")).toContainText("This code was already used.");

    // The audit log names the action; the page never shows the code again.
    await admin.goto(admin.url());
    await expect(admin.getByText(code)).toHaveCount(0);
    await Promise.all([learnerContext.close(), adminContext.close(), helperContext.close()]);
  });

  test.describe("on a 390 px phone, in Arabic", () => {
    test.use({ viewport: { width: 390, height: 844 }, locale: "ar" });

    async function expectFits(page: Page, where: string) {
      await expect(page.getByRole("heading", { level: 1 }), where).toBeVisible();
      const m = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
      }));
      expect(m, where).toEqual({ width: expect.any(Number), lang: "ar", dir: "rtl" });
      expect(m.width, `${where}: scrolls sideways`).toBeLessThanOrEqual(390);
    }

    test("the pages behind a link or an id fit the screen, with no English left", async ({ browser }) => {
      const unusable = await newContext(browser, { viewport: { width: 390, height: 844 }, locale: "ar" });
      const page = await unusable.newPage();
      const response = await page.goto(`/reset/${"x".repeat(43)}`);
      expect(response?.status()).toBe(410);
      await expectFits(page, "/reset/<used link>");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("لا يمكن استخدام هذا الرابط");
      expect(await axeViolationsAtTop(page)).toEqual([]);

      const signupContext = await newContext(browser, { locale: "en", viewport: { width: 1280, height: 800 } });
      const learner = await signUpLearner(await signupContext.newPage());
      const adminContext = await browser.newContext({
        baseURL: BASE_URL,
        storageState: await sessionOf("admin"),
        viewport: { width: 390, height: 844 },
        locale: "ar",
      });
      const admin = await adminContext.newPage();
      await admin.goto(`/admin/users?email=${encodeURIComponent(learner.username)}`);
      await admin.getByRole("link", { name: learner.displayName }).click();
      await admin.locator('main a[href$="/reset-code"]').click();
      await expectFits(admin, "/admin/users/:id/reset-code");
      await expect(admin.getByRole("heading", { level: 1 })).toHaveText("أصدِر رمز إعادة تعيين");
      await admin.getByLabel("المنظمة غير الحكومية الشريكة التي طلبته").selectOption({ label: DEMO.ngoName });
      await admin.getByRole("button", { name: "متابعة" }).click();
      await expect(admin.getByRole("region", { name: "هل تريد إصدار رمز إعادة تعيين لمرة واحدة؟" })).toBeVisible();
      await expectFits(admin, "the confirmation");
      await admin.getByRole("button", { name: "أصدِر الرمز" }).click();
      await expect(admin.getByRole("heading", { level: 1 })).toHaveText("صدر رمز إعادة التعيين");
      await expectFits(admin, "the issued code");
      expect(await axeViolationsAtTop(admin)).toEqual([]);
      await Promise.all([unusable.close(), signupContext.close(), adminContext.close()]);
    });
  });
});
