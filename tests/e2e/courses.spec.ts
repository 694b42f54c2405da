// Course authoring and review: an educator from application to a published course, authored fields that
// try to inject script, axe on the new pages, and the authoring and catalog forms without JavaScript.
import type { Page, Response } from "@playwright/test";
import {
  addModuleInForm,
  applyAndConfirm,
  BASE_URL,
  axeViolationsAtTop,
  createCourseInForm,
  expect,
  login,
  newContext,
  seedCourseByPosts,
  sessionOf,
  test,
  uid,
  uniqueEmail,
  uniqueName,
  uniqueSlug,
  uniqueUsername,
} from "./helpers";

/** The new-lesson editor is hydrated once its no-JS "Show the fields for this kind" button is hidden. */
async function waitForEditor(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: "New lesson" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Show the fields for this kind" })).toBeHidden();
}

test.describe("course authoring", () => {
  test("an educator applies, is approved, writes a course that an admin publishes to the catalog", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const id = uid();
    const displayName = uniqueName("Educator");
    const email = uniqueEmail("author");

    // 1. The application, in the applicant's own browser.
    const applicant = await newContext(browser);
    const me = await applicant.newPage();
    await applyAndConfirm(me, { displayName, email, username: uniqueUsername("author") });
    await expect(me.getByText("Waiting for review")).toBeVisible();

    // Not approved yet: authoring says so.
    await me.goto("/author");
    await expect(me.getByText("Your application to teach is waiting for review.")).toBeVisible();
    await expect(me.getByRole("button", { name: "Create the course" })).toHaveCount(0);

    // 2. An admin approves it with a reason.
    const reason = `Strong references and teaching record ${id}.`;
    await login(page, "admin");
    await page.goto("/admin/applications");
    await page
      .getByRole("table", { name: "Educator applications" })
      .getByRole("link", { name: displayName, exact: true })
      .click();
    await expect(page).toHaveURL(/\/admin\/applications\/[a-z0-9]+$/i);
    await expect(page.getByRole("heading", { level: 1, name: `Application from ${displayName}` })).toBeVisible();
    const approve = page.getByRole("form", { name: "Approve" });
    await approve.getByLabel("Reason (the applicant sees it)").fill(reason);
    await approve.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status")).toHaveText("Decision recorded: Approved. The applicant was sent a neutral notice.");

    // 3. The applicant, still logged in, sees the decision and opens authoring.
    await me.goto("/teach");
    await expect(me.getByText("Status: Approved")).toBeVisible();
    await expect(me.getByText(reason)).toBeVisible();
    await me.getByRole("link", { name: "Go to course authoring" }).click();
    await expect(me).toHaveURL(/\/author$/);
    await expect(me.getByText("You do not author any course yet.")).toBeVisible();

    // 4. A course, a module, a text lesson and a quiz.
    const title = `Calculus Journey ${id}`;
    const slug = uniqueSlug("calculus-journey");
    const courseId = await createCourseInForm(me, {
      slug,
      title,
      summary: "Limits, derivatives and integrals, one step at a time.",
      description: "## Who it is for\n\nAnyone who finished school algebra.",
      subject: "Mathematics",
      level: "Introductory",
      language: "English",
      outcomes: "Compute simple limits.\nDifferentiate polynomials.",
      credits: "2",
      studyHours: "55",
      passMark: "60",
    });
    await expect(me.getByRole("heading", { level: 1 })).toHaveText(`Course ${title}`);
    await expect(me.getByRole("heading", { level: 2, name: "Status: Draft" })).toBeVisible();

    const moduleTitle = `Limits ${id}`;
    await addModuleInForm(me, { title: moduleTitle, slug: "limits", summary: "What a limit is." });

    const textLesson = `What is a limit ${id}`;
    await me.getByRole("link", { name: `Add a lesson Module: ${moduleTitle}` }).click();
    await waitForEditor(me);
    await expect(me.getByLabel("Module", { exact: true })).toHaveValue("limits");
    await me.getByLabel("Lesson slug").fill("what-is-a-limit");
    await me.getByLabel("Lesson title").fill(textLesson);
    await me.getByLabel("Lesson text").fill("A **limit** describes where a function is heading.");
    await me.getByRole("button", { name: "Create the lesson" }).click();
    await expect(me).toHaveURL(new RegExp(`/author/${courseId}\\?saved=lesson#lesson-what-is-a-limit$`));
    await expect(me.getByRole("status")).toHaveText("The lesson was saved.");
    await expect(me.getByRole("link", { name: `${textLesson} (edit)` })).toBeVisible();

    const quizLesson = `Check your limits ${id}`;
    await me.getByRole("link", { name: `Add a lesson Module: ${moduleTitle}` }).click();
    await waitForEditor(me);
    await me.getByLabel("Lesson slug").fill("check-your-limits");
    await me.getByLabel("Lesson title").fill(quizLesson);
    await me.getByLabel("Kind of lesson").selectOption({ label: "Quiz" });
    await expect(me.getByRole("heading", { level: 2, name: "Quiz" })).toBeVisible();
    await me.getByLabel("Introduction to the quiz").fill("One question about limits.");
    await me.getByLabel("Question", { exact: true }).fill("What is the limit of 2x as x goes to 2?");
    await me.getByLabel("Options, one per line").fill("2\n4\n8");
    // First without a correct answer: refused, the editor stays with its field error.
    const correct = me.getByLabel("Number of the correct option");
    await expect(correct).toHaveValue("");
    await me.getByRole("button", { name: "Create the lesson" }).click();
    await expect(me.getByRole("alert")).toContainText("Question 1: Number of the correct option: Give the correct answer.");
    await expect(correct).toHaveAttribute("aria-invalid", "true");
    await expect(correct).toHaveAccessibleDescription(/Give the correct answer\./);
    await expect(me).toHaveURL(new RegExp(`/author/${courseId}/lessons/new\\?module=limits$`));
    await expect(me.getByRole("heading", { level: 1, name: "New lesson" })).toBeVisible();
    // What was typed is kept.
    await expect(me.getByLabel("Options, one per line")).toHaveValue("2\n4\n8");
    await expect(me.getByLabel("Lesson title")).toHaveValue(quizLesson);
    await correct.fill("2");
    await me.getByRole("button", { name: "Create the lesson" }).click();
    await expect(me).toHaveURL(new RegExp(`/author/${courseId}\\?saved=lesson#lesson-check-your-limits$`));
    await expect(me.getByRole("link", { name: `${quizLesson} (edit)` })).toBeVisible();
    // The whole checklist is done.
    await expect(me.locator(".checklist .check-missing")).toHaveCount(0);

    await me.getByLabel("Note to the reviewer").fill(`First version ${id}.`);
    await me.getByRole("button", { name: "Submit for review" }).click();
    await expect(me.getByRole("status")).toHaveText(
      "The course was submitted for review. Editing is locked until the review ends or you withdraw it.",
    );
    await expect(me.getByRole("heading", { level: 2, name: "Status: In review" })).toBeVisible();

    // 5. The admin reviews and publishes.
    await page.goto("/admin/courses");
    await page.getByRole("table", { name: "Waiting for review" }).getByRole("link", { name: title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/courses/${courseId}$`));
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByText(`First version ${id}.`)).toBeVisible();
    await expect(page.locator(".checklist .check-fail")).toHaveCount(0);
    await expect(page.getByText("What is the limit of 2x as x goes to 2?")).toBeVisible();
    await expect(page.locator(".option-correct")).toHaveText("4 (correct answer)");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    // Publishing is confirmed (ADR 015): the page asks first.
    await page.getByRole("button", { name: "Yes, publish the course" }).click();
    await expect(page.getByRole("status")).toHaveText("The course was published. It is in the catalog now.");
    await expect(page.getByRole("link", { name: `/courses/${slug}` })).toBeVisible();

    // The author sees it published.
    await me.goto("/author");
    await expect(me.getByRole("row").filter({ hasText: title })).toContainText("Published");
    await applicant.close();

    // 6. Anyone finds it in the catalog.
    const visitor = await newContext(browser);
    const anon = await visitor.newPage();
    await anon.goto("/courses");
    await anon.getByLabel("Search courses").fill(title);
    await anon.getByRole("button", { name: "Show courses" }).click();
    await expect(anon).toHaveURL(/\/courses\?q=/);
    await expect(anon.getByRole("status")).toHaveText("1 course");
    const card = anon.locator(".course-card");
    await expect(card).toHaveCount(1);
    await expect(card).toContainText("Limits, derivatives and integrals, one step at a time.");
    await expect(card).toContainText("2 ECTS");
    await expect(card).toContainText("55 hours");
    await card.getByRole("link", { name: title }).click();
    await expect(anon).toHaveURL(new RegExp(`/courses/${slug}$`));
    await expect(anon.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(anon.locator(".course-facts div").filter({ hasText: "Pass mark" })).toContainText("60%");
    await expect(anon.getByRole("heading", { level: 3, name: moduleTitle })).toBeVisible();
    await expect(anon.getByText("1 module, 2 lessons.")).toBeVisible();
    await expect(anon.locator(".lesson-list li")).toHaveText([`${textLesson} Reading`, `${quizLesson} Quiz`]);
    await expect(anon.locator(".outcomes li")).toHaveText(["Compute simple limits.", "Differentiate polynomials."]);
    await expect(anon.locator(".educator-names li")).toHaveText([displayName]);
    // Nothing private: not the email, not the references.
    await expect(anon.getByText(email)).toHaveCount(0);
    await expect(anon.getByText("Ada Colleague")).toHaveCount(0);
    await visitor.close();
  });
});

// ---------------------------------------------------------------------------------------------------

const XSS = {
  img: `<img src=x onerror="window.__xss=1">`,
  script: `<script>window.__xss=1</script>`,
  link: `[click](javascript:window.__xss=1)`,
  iframe: `<iframe src="javascript:window.__xss=1"></iframe>`,
  svg: `<svg onload="window.__xss=1">`,
};
const ALL_XSS = Object.values(XSS).join(" ");

/** Fails the test on any dialog the page opens (alert(), confirm(), prompt()). */
function failOnDialogs(page: Page, dialogs: string[]) {
  page.on("dialog", async (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
}

async function expectNoXss(page: Page, where: string) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `${where}: window.__xss`).toBeUndefined();
  const main = page.locator("main");
  await expect(main, where).toBeVisible();
  await expect(main.locator("img[onerror], svg[onload], iframe, script:not([nonce]), [onerror], [onload]"), where).toHaveCount(0);
  const hrefs = await main.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(
    hrefs.filter((h) => /^\s*javascript:/i.test(h)),
    `${where}: javascript: links`,
  ).toEqual([]);
}

function expectCsp(response: Response | null, where: string) {
  expect(response?.status(), where).toBe(200);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp, `${where}: Content-Security-Policy`).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(csp, where).not.toContain("unsafe-inline");
}

/** Goes to `path`, checks its CSP header, then that nothing authored became markup or script. */
async function visitAndCheck(page: Page, path: string, where: string) {
  const response = await page.goto(path);
  expectCsp(response, where);
  await expect(page.getByRole("heading", { level: 1 }), where).toBeVisible();
  await expectNoXss(page, where);
}

test.describe("authored fields are text, never markup", () => {
  test("script in a course's fields and lessons runs nowhere, from authoring to the public page", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const id = uid();
    const dialogs: string[] = [];
    failOnDialogs(page, dialogs);

    const title = `${XSS.img} Safe ${id}`;
    const slug = uniqueSlug("xss");
    await login(page, "educator");
    await page.goto("/author");
    const courseId = await createCourseInForm(page, {
      slug,
      title,
      summary: `${XSS.script} ${XSS.svg} ${XSS.link} summary ${id}`,
      description: `# Heading\n\n${ALL_XSS}\n\n[click](javascript:window.__xss=1) and <a href="javascript:window.__xss=1">raw</a>\n\n![pic](javascript:window.__xss=1)`,
      outcomes: Object.values(XSS).join("\n"),
    });
    // Shown as typed, as text.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Course ${title}`);
    await expectNoXss(page, "course created");

    const moduleTitle = `${XSS.svg} Module ${id}`;
    await addModuleInForm(page, { title: moduleTitle, slug: "xss-module", summary: XSS.iframe });

    const lessonTitle = `${XSS.script} Lesson ${id}`;
    await page.goto(`/author/${courseId}/lessons/new?module=xss-module`);
    await waitForEditor(page);
    await page.getByLabel("Lesson slug").fill("xss-lesson");
    await page.getByLabel("Lesson title").fill(lessonTitle);
    await page.getByLabel("Content warning (optional)").fill(XSS.img);
    await page
      .getByLabel("Lesson text")
      .fill(`Intro\n\n${ALL_XSS}\n\n<a href="javascript:window.__xss=1">raw</a>\n\n[ok](https://example.test/)`);
    await page.getByRole("button", { name: "Preview the lesson text" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Preview" })).toBeVisible();
    const preview = page.locator("#preview .markdown");
    await expect(preview).toContainText(XSS.img);
    await expect(preview).toContainText(XSS.script);
    await expect(preview.getByRole("link", { name: "ok" })).toHaveAttribute("href", "https://example.test/");
    await expect(page.locator("#preview .content-warning")).toContainText(XSS.img);
    await expectNoXss(page, "lesson preview");
    await page.getByRole("button", { name: "Create the lesson" }).click();
    await expect(page.getByRole("status")).toHaveText("The lesson was saved.");
    await expect(page.getByRole("link", { name: `${lessonTitle} (edit)` })).toBeVisible();

    await visitAndCheck(page, "/author", "author list");
    await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
    await visitAndCheck(page, `/author/${courseId}/lessons/xss-lesson`, "lesson editor");
    await expect(page.getByRole("heading", { level: 1 })).toContainText(lessonTitle);
    await expect(page.getByLabel("Lesson text")).toHaveValue(/<iframe src="javascript:window.__xss=1"><\/iframe>/);
    await visitAndCheck(page, `/author/${courseId}`, "author course");
    await expect(page.getByRole("heading", { level: 3, name: moduleTitle })).toBeVisible();
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Status: In review" })).toBeVisible();
    await expectNoXss(page, "submitted");
    expect(dialogs).toEqual([]);

    // The review, as an admin.
    const staff = await newContext(browser, { storageState: await sessionOf("admin") });
    const admin = await staff.newPage();
    failOnDialogs(admin, dialogs);
    await visitAndCheck(admin, "/admin/courses", "admin courses");
    await expect(
      admin.getByRole("table", { name: "Waiting for review" }).getByRole("link", { name: title, exact: true }),
    ).toBeVisible();
    await visitAndCheck(admin, `/admin/courses/${courseId}`, "review page");
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(admin.locator(".prose").first()).toContainText(XSS.img);
    await expect(admin.locator(".lesson-review summary")).toContainText(lessonTitle);
    await admin.getByRole("button", { name: "Publish", exact: true }).click();
    // Publishing is confirmed (ADR 015): the page asks first.
    await admin.getByRole("button", { name: "Yes, publish the course" }).click();
    await expect(admin.getByRole("status")).toHaveText("The course was published. It is in the catalog now.");
    await expectNoXss(admin, "review page after publishing");
    await staff.close();

    // The public pages, as anyone.
    const visitor = await newContext(browser);
    const anon = await visitor.newPage();
    failOnDialogs(anon, dialogs);
    await visitAndCheck(anon, `/courses?q=${encodeURIComponent(id)}`, "catalog search");
    await expect(anon.locator(".course-card")).toHaveCount(1);
    await expect(anon.locator(".course-card").getByRole("link", { name: title, exact: true })).toBeVisible();
    await expect(anon.locator(".course-card")).toContainText(`${XSS.script} ${XSS.svg} ${XSS.link} summary ${id}`);
    await visitAndCheck(anon, `/courses/${slug}`, "course page");
    await expect(anon.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(anon.locator(".outcomes li")).toHaveText(Object.values(XSS));
    await expect(anon.locator(".prose")).toContainText(XSS.iframe);
    await expect(anon.getByRole("heading", { level: 3, name: moduleTitle })).toBeVisible();
    await expect(anon.locator(".lesson-list li")).toContainText(lessonTitle);
    await visitor.close();

    expect(dialogs).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

test.describe("review", () => {
  test("a publish of a course that changed since the admin read it is refused, and the new version is shown", async ({
    browser,
  }) => {
    const authorContext = await newContext(browser, { storageState: await sessionOf("educator") });
    const author = await authorContext.newPage();
    const courseId = await seedCourseByPosts(author, { slug: uniqueSlug("changed"), title: `Changed ${uid()}`, submit: true });
    const post = (url: string, form: Record<string, string>) =>
      author.request.post(url, { form, headers: { Origin: BASE_URL }, maxRedirects: 0 });
    const adminContext = await newContext(browser, { storageState: await sessionOf("admin") });
    const admin = await adminContext.newPage();
    await admin.goto(`/admin/courses/${courseId}`);
    await expect(admin.locator(".lesson-review summary")).toContainText(["Welcome"]);
    expect((await post(`/author/${courseId}`, { intent: "withdraw" })).status()).toBe(302);
    const saved = await post(`/author/${courseId}/lessons/welcome`, {
      intent: "save",
      kind: "text",
      title: "Welcome again",
      body: "New.",
    });
    expect(saved.status()).toBe(302);
    expect((await post(`/author/${courseId}`, { intent: "submit", note: "" })).status()).toBe(302);

    await admin.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(admin.getByRole("alert").first()).toContainText("The course changed while you were reviewing it");
    await expect(admin.locator(".lesson-review summary")).toContainText(["Welcome again"]);
    await admin.getByRole("button", { name: "Publish", exact: true }).click();
    // Publishing is confirmed (ADR 015): the page asks first.
    await admin.getByRole("button", { name: "Yes, publish the course" }).click();
    await expect(admin.getByRole("status")).toHaveText("The course was published. It is in the catalog now.");
    await adminContext.close();
    await authorContext.close();
  });
});

// ---------------------------------------------------------------------------------------------------

test.describe("axe scan of the authoring and review pages", () => {
  test("catalog and a course page (anonymous)", async ({ page }) => {
    const found: Record<string, unknown> = {};
    for (const path of ["/courses", "/courses/programming-foundations"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      found[path] = await axeViolationsAtTop(page);
    }
    expect(found).toEqual({ "/courses": [], "/courses/programming-foundations": [] });
  });

  test.describe(() => {
    test.use({ as: "educator" });
    test("authoring pages and /teach (approved demo educator)", async ({ page }) => {
      const found: Record<string, unknown> = {};
      const scan = async (name: string) => {
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        found[name] = await axeViolationsAtTop(page);
      };
      await page.goto("/teach");
      await expect(page.getByText("Status: Approved")).toBeVisible();
      await scan("/teach");
      await page.goto("/author");
      await scan("/author");
      await page.getByRole("link", { name: "Programming Foundations", exact: true }).click();
      await expect(page).toHaveURL(/\/author\/[a-z0-9]+$/);
      await scan("author course page");
      await page
        .getByRole("link", { name: /^Add a lesson/ })
        .first()
        .click();
      await waitForEditor(page);
      await page.getByLabel("Kind of lesson").selectOption({ label: "Quiz" });
      await page.getByRole("button", { name: "Add a question" }).click();
      await expect(page.getByRole("group", { name: "Question 2" })).toBeVisible();
      await expect(page.getByLabel("Type of question").nth(1)).toBeFocused();
      await scan("new lesson with a quiz");
      expect(found).toEqual({ "/teach": [], "/author": [], "author course page": [], "new lesson with a quiz": [] });
    });
  });

  test.describe(() => {
    test.use({ as: "admin" });
    test("admin course, review, educator, cohort and application pages", async ({ page, browser }) => {
      // A course waiting for review, so the review page shows its checklist and decision forms.
      const author = await newContext(browser, { storageState: await sessionOf("educator") });
      const authorPage = await author.newPage();
      const title = `Review me ${uid()}`;
      const courseId = await seedCourseByPosts(authorPage, { slug: uniqueSlug("review-me"), title, submit: true });
      await author.close();

      const found: Record<string, unknown> = {};
      const scan = async (name: string) => {
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        found[name] = await axeViolationsAtTop(page);
      };
      for (const path of ["/admin/courses", "/admin/educators", "/admin/cohorts"]) {
        await page.goto(path);
        await scan(path);
      }
      await page.goto(`/admin/courses/${courseId}`);
      await expect(page.getByRole("heading", { level: 2, name: "Decision" })).toBeVisible();
      await scan("review page");
      await page.goto("/admin/applications");
      await page
        .getByRole("table", { name: "Educator applications" })
        .getByRole("link", { name: "Dr. Amara", exact: true })
        .click();
      await expect(page).toHaveURL(/\/admin\/applications\/[a-z0-9]+$/i);
      await scan("application page");
      expect(found).toEqual({
        "/admin/courses": [],
        "/admin/educators": [],
        "/admin/cohorts": [],
        "review page": [],
        "application page": [],
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------------

test.describe("course forms with JavaScript disabled", () => {
  test("the catalog search (GET) filters the courses", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/courses");
    await expect(page.getByRole("link", { name: "Quantitative Reasoning" })).toBeVisible();
    await page.getByLabel("Search courses").fill("Programming Foundations");
    await page.getByRole("button", { name: "Show courses" }).click();
    await expect(page).toHaveURL(/\/courses\?q=Programming\+Foundations/);
    await expect(page.getByRole("heading", { level: 2, name: "Matching courses" })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText("1 course");
    await expect(page.locator(".course-card h3")).toHaveText(["Programming Foundations"]);
    await expect(page.getByLabel("Search courses")).toHaveValue("Programming Foundations");

    // A filter with no match, then back to everything.
    await page.getByLabel("Course language").selectOption({ label: "Arabic" });
    await page.getByRole("button", { name: "Show courses" }).click();
    await expect(page.getByText("No courses match your search.")).toBeVisible();
    await page.getByRole("link", { name: "Clear search and filters" }).click();
    await expect(page).toHaveURL(/\/courses$/);
    await expect(page.getByRole("link", { name: "Quantitative Reasoning" })).toBeVisible();
    await context.close();
  });

  test("an educator creates a course and adds a module through plain forms", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("educator") });
    const page = await context.newPage();
    const id = uid();
    await page.goto("/author");
    const courseId = await createCourseInForm(page, {
      slug: uniqueSlug("no-js"),
      title: `Offline algebra ${id}`,
      summary: "Made without JavaScript.",
      outcomes: "Solve linear equations.",
    });
    // A field error comes back from the server, with what was typed.
    await page.getByLabel("Module title").fill(`Equations ${id}`);
    await page.getByLabel("Module slug").fill("Not A Slug");
    await page.getByRole("button", { name: "Add the module" }).click();
    await expect(page.getByLabel("Module slug")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Module slug")).toHaveAccessibleDescription(/Use at least 2 lower-case letters/);
    await expect(page.getByLabel("Module title")).toHaveValue(`Equations ${id}`);
    await page.getByLabel("Module slug").fill("equations");
    await page.getByRole("button", { name: "Add the module" }).click();
    await expect(page).toHaveURL(new RegExp(`/author/${courseId}\\?saved=module#module-equations$`));
    await expect(page.getByRole("status")).toHaveText("The module was added.");
    await expect(page.getByRole("heading", { level: 3, name: `Module 1: Equations ${id}` })).toBeVisible();
    await expect(page.getByText("No lessons yet.")).toBeVisible();
    await context.close();
  });
});
