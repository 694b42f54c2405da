// Shared fixtures and helpers of the e2e suite. Tests run two at a time against one server, so any test
// whose outcome depends on account state creates its own account (uniqueEmail + signUp).
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import {
  test as base,
  expect,
  request,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "@playwright/test";

/** The demo accounts of prisma/seed.ts (DEMO). Read-only use: never change their settings in a test. */
export const ACCOUNTS = {
  admin: { email: "admin@waystone.test", password: "Admin-demo-pass-2026", displayName: "Programme Admin" },
  learner: { email: "learner@waystone.test", password: "Learner-demo-pass-2026", displayName: "River" },
  educator: { email: "educator@waystone.test", password: "Educator-demo-pass-2026", displayName: "Dr. Amara" },
  verifier: { email: "verifier@waystone.test", password: "Verifier-demo-pass-2026", displayName: "Registrar Lee" },
  sponsor: { email: "sponsor@waystone.test", password: "Sponsor-demo-pass-2026", displayName: "Brightpath Giving" },
} as const;
export type Role = keyof typeof ACCOUNTS;
/** Who logs in: by username (learners who joined without an email) or by a confirmed email. */
export type Account = { email?: string; username?: string; password: string; displayName?: string };

export const DEMO = {
  referralCode: "WAYS-TONE-DEMO",
  ngoName: "Safe Harbour Network",
  sponsorOrgName: "Brightpath Foundation",
  universityName: "Northbridge University",
};

/** Passes the password policy (12+ characters, zxcvbn score ≥ 3). */
export const STRONG_PASSWORD = "Quartz-Meadow-Lantern-Orbit-47";
export const BASE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210)}`;
export const QUICK_EXIT_URL = "https://www.bbc.com/weather";
export const NEUTRAL_SITE = /^https:\/\/www\.bbc\.com\//;

export function uid() {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

export function uniqueEmail(prefix = "e2e") {
  return `${prefix}-${uid()}@example.test`;
}

/** A display name the schema accepts (letters, numbers, spaces, dots, dashes, apostrophes). */
export function uniqueName(prefix = "Learner") {
  return `${prefix} ${uid()}`;
}

/** There is no internet here: the neutral quick-exit site is answered locally. */
export async function routeNeutralSite(target: Page | BrowserContext) {
  await target.route("https://www.bbc.com/**", (r) =>
    r.fulfill({ contentType: "text/html", body: "<title>Weather</title><h1>Weather</h1>" }),
  );
}

/** A fresh browser context (its own cookies) with the neutral site routed. Close it at the end. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, ...options });
  await routeNeutralSite(context);
  return context;
}

/** The quick-exit control: a form button (it ends the session, then leaves: ADR 017). */
export function quickExit(page: Page) {
  return page.getByRole("button", { name: /^(Quick exit|Salida rápida|خروج سريع)/ });
}

export async function fillLogin(page: Page, account: Account) {
  await page.getByLabel("Username or email", { exact: true }).fill(account.username ?? account.email ?? "");
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
}

/** Logs in through the login form and waits until the browser has left /login. */
export async function login(page: Page, who: Role | Account) {
  const account = typeof who === "string" ? ACCOUNTS[who] : who;
  await page.goto("/login");
  await fillLogin(page, account);
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
}

/** A username the schema accepts (a-z, digits, dashes) and no other test uses. */
export function uniqueUsername(prefix = "learner") {
  return `${prefix}-${uid()}`;
}

/** A learner of the sign-up form: a username to log in with, and an email only if one is given. */
export type NewLearner = { username: string; email?: string; password: string; displayName: string };

export async function fillSignup(page: Page, learner: Partial<NewLearner> & { password: string }, code = DEMO.referralCode) {
  await page.getByLabel("Referral code").fill(code);
  if (learner.username !== undefined) await page.getByLabel("Username", { exact: true }).fill(learner.username);
  if (learner.displayName !== undefined) await page.getByLabel("Display name").fill(learner.displayName);
  if (learner.email !== undefined) await page.getByLabel("Email (optional)").fill(learner.email);
  await page.getByLabel("New password").fill(learner.password);
  await page.getByLabel("Repeat the password").fill(learner.password);
  await page.getByRole("button", { name: "Create my account" }).click();
}

/**
 * Creates a fresh learner through the sign-up form (no email unless `email` is given). The answer shows
 * the ten recovery codes once; "Continue" then leads to /learn, logged in.
 */
export async function signUp(page: Page, code = DEMO.referralCode, options: { email?: string } = {}): Promise<NewLearner> {
  const learner: NewLearner = {
    username: uniqueUsername(),
    ...(options.email ? { email: options.email } : {}),
    password: STRONG_PASSWORD,
    displayName: uniqueName("Learner"),
  };
  await page.goto("/signup");
  await fillSignup(page, learner, code);
  await expect(page.getByRole("heading", { level: 1, name: "Your account is ready" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Your recovery codes" })).toBeVisible();
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/learn(\?|$)/);
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${learner.displayName}` })).toBeVisible();
  return learner;
}

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Runs axe on the current page; returns its violations in a short, readable form. */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")} :: ${n.failureSummary?.split("\n").slice(1).join(" ").trim() ?? ""}`),
  }));
}

export const TITLE = /^(.+ · )?Waystone$/;

/** Every page of the identity/shell issue, with who may see it. */
export const PAGES: { path: string; as: Role | null; name: string }[] = [
  { path: "/", as: null, name: "home" },
  { path: "/login", as: null, name: "login" },
  { path: "/signup", as: null, name: "signup" },
  { path: "/join/educator", as: null, name: "educator application" },
  { path: "/safety", as: null, name: "safety" },
  { path: "/this-page-does-not-exist", as: null, name: "404" },
  { path: "/learn", as: "learner", name: "learner dashboard" },
  { path: "/settings", as: "learner", name: "learner settings" },
  // The learner's credentials (issue 9; the credential, share and certificate pages: credentials-print.spec.ts).
  { path: "/wallet", as: "learner", name: "learner credentials" },
  // Joining (the pages behind emailed links, which need a token, are scanned in joining.spec.ts).
  { path: "/notices", as: "learner", name: "notices" },
  { path: "/join/educator?sent=1", as: null, name: "application sent" },
  // Account recovery (the link and admin pages, which need a token or an id, are scanned in recovery.spec.ts).
  { path: "/recover", as: null, name: "account recovery" },
  { path: "/recover/code", as: null, name: "recovery with a code" },
  { path: "/settings/recovery-codes", as: "learner", name: "recovery codes settings" },
  { path: "/teach", as: "educator", name: "educator dashboard" },
  { path: "/sponsor", as: "sponsor", name: "sponsor home" },
  { path: "/partner", as: "verifier", name: "partner institution" },
  { path: "/admin", as: "admin", name: "admin overview" },
  { path: "/admin/users", as: "admin", name: "admin accounts" },
  { path: "/admin/organisations", as: "admin", name: "admin organisations" },
  { path: "/admin/referral-codes", as: "admin", name: "admin referral codes" },
  { path: "/admin/invitations", as: "admin", name: "admin invitations" },
  { path: "/admin/applications", as: "admin", name: "admin applications" },
  { path: "/admin/audit", as: "admin", name: "admin audit log" },
  { path: "/admin/outbox", as: "admin", name: "admin outbox" },
  // Course authoring and review (pages with an id in their address are scanned in courses.spec.ts).
  { path: "/courses", as: null, name: "course catalog" },
  { path: "/author", as: "educator", name: "course authoring" },
  { path: "/admin/courses", as: "admin", name: "admin courses" },
  { path: "/admin/educators", as: "admin", name: "admin educators" },
  { path: "/admin/cohorts", as: "admin", name: "admin cohorts" },
  { path: "/admin/seats", as: "admin", name: "admin seats" },
  // Credentials (issue 9): public verification, and programme staff's revocations and keys.
  { path: "/verify", as: null, name: "credential verification" },
  { path: "/admin/credentials", as: "admin", name: "admin credentials" },
  // Sponsorship (issue 10; the order, checkout and receipt pages, which need an order, are scanned in sponsorship.spec.ts).
  { path: "/admin/sponsorship", as: "admin", name: "admin sponsorship" },
];

/** Pages grouped by the account that sees them (null: anonymous). */
export function pagesByRole() {
  const groups = new Map<Role | null, string[]>();
  for (const p of PAGES) groups.set(p.as, [...(groups.get(p.as) ?? []), p.path]);
  return groups;
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
const sessions = new Map<Role, Promise<StorageState>>();

/**
 * A logged-in session of a demo account, made once per worker through a plain form POST (the login UI
 * itself is covered by auth.spec.ts). Sessions live in the database, so tests can share one.
 */
export function sessionOf(role: Role): Promise<StorageState> {
  let pending = sessions.get(role);
  if (!pending) {
    pending = (async () => {
      const api = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Origin: BASE_URL } });
      const { email, password } = ACCOUNTS[role];
      const response = await api.post("/login", { form: { identifier: email, password }, maxRedirects: 0 });
      expect(response.status(), `logging in as ${role}`).toBe(302);
      const state = await api.storageState();
      await api.dispose();
      return state;
    })();
    sessions.set(role, pending);
  }
  return pending;
}

/**
 * `test` with the neutral site routed on every page, and an `as` option: `test.use({ as: "admin" })`
 * starts each test of the block already logged in as that demo account.
 */
export const test = base.extend<{ as: Role | null }>({
  as: [null, { option: true }],
  storageState: async ({ as, storageState }, use) => {
    await use(as ? await sessionOf(as) : storageState);
  },
  page: async ({ page }, use) => {
    await routeNeutralSite(page.context());
    await use(page);
  },
});
export { expect };

// ---------------------------------------------------------------------------------------------------
// Course authoring

/** The fields of a new course, as typed in the form (strings; subject and level by their English label). */
export type CourseInput = {
  slug: string;
  title: string;
  summary: string;
  description?: string;
  subject?: string;
  level?: string;
  language?: string;
  outcomes: string;
  credits?: string;
  studyHours?: string;
  passMark?: string;
};

/** A slug the schema accepts and no other test uses. */
export function uniqueSlug(prefix = "e2e-course") {
  return `${prefix}-${uid()}`;
}

/** Fills "Start a new course" on /author and creates it; returns the new course's id (the page is on /author/:id). */
export async function createCourseInForm(page: Page, c: CourseInput) {
  await page.getByLabel("Slug", { exact: true }).fill(c.slug);
  await page.getByLabel("Title", { exact: true }).fill(c.title);
  await page.getByLabel("Summary", { exact: true }).fill(c.summary);
  if (c.description !== undefined) await page.getByLabel("Description", { exact: true }).fill(c.description);
  await page.getByLabel("Subject", { exact: true }).selectOption({ label: c.subject ?? "Mathematics" });
  await page.getByLabel("Level", { exact: true }).selectOption({ label: c.level ?? "Introductory" });
  await page.getByLabel("Language of the course").selectOption({ label: c.language ?? "English" });
  await page.getByLabel("Learning outcomes").fill(c.outcomes);
  await page.getByLabel("Credits", { exact: true }).fill(c.credits ?? "2");
  await page.getByLabel("Credit unit").selectOption({ label: "ECTS" });
  await page.getByLabel("Study hours", { exact: true }).fill(c.studyHours ?? "55");
  await page.getByLabel("Pass mark (%)").fill(c.passMark ?? "60");
  await page.getByRole("button", { name: "Create the course" }).click();
  await expect(page).toHaveURL(/\/author\/[a-z0-9]+\?saved=created$/);
  await expect(page.getByRole("status")).toHaveText("The course was created as a draft. Add modules and lessons next.");
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** Adds a module through the "Add a module" form of /author/:id. */
export async function addModuleInForm(page: Page, m: { title: string; slug: string; summary?: string }) {
  await page.getByLabel("Module title").fill(m.title);
  await page.getByLabel("Module slug").fill(m.slug);
  if (m.summary) await page.getByLabel("One-sentence summary").fill(m.summary);
  await page.getByRole("button", { name: "Add the module" }).click();
  await expect(page.getByRole("status")).toHaveText("The module was added.");
  await expect(page.getByRole("heading", { level: 3, name: m.title })).toBeVisible();
}

/**
 * A draft course with one module and one text lesson, made through plain form posts as the logged-in
 * educator of `page` (no UI: for tests that need such a course, not for testing the forms). With
 * `submit`, the course is then submitted for review. Returns the course id.
 */
export async function seedCourseByPosts(page: Page, c: { slug: string; title: string; submit?: boolean }) {
  const post = (url: string, form: Record<string, string>) =>
    page.request.post(url, { form, headers: { Origin: BASE_URL }, maxRedirects: 0 });
  const created = await post("/author", {
    intent: "create-course",
    slug: c.slug,
    title: c.title,
    summary: "A short course made by the e2e suite.",
    description: "",
    subject: "mathematics",
    level: "introductory",
    language: "en",
    outcomes: "Solve small problems.",
    credits: "2",
    creditUnit: "ECTS",
    studyHours: "55",
    passMark: "60",
    prerequisites: "",
    translationOf: "",
  });
  expect(created.status(), "create the course").toBe(302);
  const courseId = new URL(created.headers()["location"]!, BASE_URL).pathname.split("/")[2]!;
  const module = await post(`/author/${courseId}`, {
    intent: "add-module",
    title: "First steps",
    slug: "first-steps",
    summary: "",
  });
  expect(module.status(), "add a module").toBe(302);
  const lesson = await post(`/author/${courseId}/lessons/new`, {
    intent: "save",
    module: "first-steps",
    slug: "welcome",
    title: "Welcome",
    kind: "text",
    contentWarning: "",
    body: "Hello **there**.",
  });
  expect(lesson.status(), "add a lesson").toBe(302);
  if (c.submit) {
    const submitted = await post(`/author/${courseId}`, { intent: "submit", note: "Please review." });
    expect(submitted.status(), "submit for review").toBe(302);
  }
  return courseId;
}

/**
 * axe at the top of the page (some rules depend on what is in view), once the page has settled: no
 * request in flight and every stylesheet applied (a scan of an unstyled moment reports false target sizes).
 */
export async function axeViolationsAtTop(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].every((l) => l.sheet !== null),
  );
  await page.evaluate(() => window.scrollTo({ top: 0, left: 0, behavior: "instant" }));
  return axeViolations(page);
}

// ---------------------------------------------------------------------------------------------------
// Joining with an email: links arrive by email (in tests, the admin outbox)

/**
 * The path (and query) of the newest emailed link to `email` that starts with `prefix` (e.g. "/confirm-email/"),
 * read from the admin outbox, where every email lands in tests; null when that mailbox got no such link.
 */
export async function emailedLink(email: string, prefix: string): Promise<string | null> {
  const api = await request.newContext({ baseURL: BASE_URL, storageState: await sessionOf("admin") });
  const html = await (await api.get("/admin/outbox")).text();
  await api.dispose();
  const pattern = new RegExp(`https?://[^\\s<"]*${prefix.replace(/[/?]/g, "\\$&")}[A-Za-z0-9_%?=&-]*`);
  // Each email is one <li class="panel"> (the page's hydration data, which lists them all, is left out).
  for (const chunk of html.split('<li class="panel">').slice(1)) {
    const item = chunk.split("</li>")[0]!;
    if (!item.includes(email)) continue;
    const link = pattern.exec(item);
    if (link) return new URL(link[0].replaceAll("&amp;", "&")).pathname + new URL(link[0]).search;
  }
  return null;
}

export type Applicant = { displayName: string; email: string; username: string };

/** Fills and sends the application to teach (mathematics, English); the page then says "check your inbox". */
export async function applyToTeach(page: Page, who: Applicant) {
  await page.goto("/join/educator");
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Username", { exact: true }).fill(who.username);
  await page.getByLabel("Display name").fill(who.displayName);
  await page.getByLabel("New password").fill(STRONG_PASSWORD);
  await page.getByLabel("Repeat the password").fill(STRONG_PASSWORD);
  await page.getByRole("group", { name: "Subjects you can teach" }).getByLabel("Mathematics").check();
  await page.getByRole("group", { name: "Languages you can teach in" }).getByLabel("English").check();
  await page.getByLabel("Highest qualification").selectOption({ label: "Master's degree" });
  await page.getByLabel("Hours per week you can give").fill("4");
  await page.getByLabel("Reference 1: name").fill("Ada Colleague");
  await page.getByLabel("Reference 1: email or phone, and how you know them").fill("ada@example.test, head of department");
  await page.getByLabel("Reference 2: name").fill("Ben Mentor");
  await page.getByLabel("Reference 2: email or phone, and how you know them").fill("ben@example.test, former supervisor");
  await page
    .getByLabel("Why you want to teach")
    .fill("I have taught first-year calculus for eight years and want to help people finish a degree.");
  await page.getByRole("button", { name: "Send my application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your inbox to continue" })).toBeVisible();
}

/** Applies to teach, then opens the emailed link and finishes joining: the page is then logged in on /teach. */
export async function applyAndConfirm(page: Page, who: Applicant) {
  await applyToTeach(page, who);
  const link = await emailedLink(who.email, "/join/educator/confirm/");
  expect(link, "the confirmation link in the outbox").not.toBeNull();
  await page.goto(link!);
  await page.getByRole("button", { name: "Finish joining" }).click();
  await expect(page).toHaveURL(/\/teach$/);
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${who.displayName}` })).toBeVisible();
}
