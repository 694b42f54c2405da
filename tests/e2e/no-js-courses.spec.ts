// The authoring forms with JavaScript disabled: every button is a plain form post answered by the server
// (Conform on the server), and a failed save shows again every value that was submitted, repeated blocks
// included, with each message on its field.
import type { Page } from "@playwright/test";
import { BASE_URL, expect, newContext, seedCourseByPosts, sessionOf, test, uid, uniqueSlug } from "./helpers";

/** The value of the input named `name` (a Conform path such as `quiz.questions[1].points`). */
const named = (page: Page, name: string) => page.locator(`[name="${name}"]`);

test.describe("authoring with JavaScript disabled", () => {
  test("the course details form shows every submitted value again, with the field messages", async ({ browser }) => {
    const context = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("educator") });
    const page = await context.newPage();
    const courseId = await seedCourseByPosts(page, { slug: uniqueSlug("no-js-details"), title: `Details ${uid()}` });
    await page.goto(`/author/${courseId}`);
    const details = page.locator("form").filter({ has: page.getByRole("button", { name: "Save the course details" }) });
    const tooLong = "x".repeat(301);
    const outcomes = `Solve linear equations.\n${tooLong}\nPlot a line.`;
    await details.getByLabel("Title", { exact: true }).fill("A new title");
    await details.getByLabel("Summary", { exact: true }).fill("");
    await details.getByLabel("Description", { exact: true }).fill("## About\n\nKept as typed.");
    await details.getByLabel("Subject", { exact: true }).selectOption({ label: "Physics" });
    await details.getByLabel("Level", { exact: true }).selectOption({ label: "Advanced" });
    await details.getByLabel("Language of the course").selectOption({ label: "Spanish" });
    await details.getByLabel("Learning outcomes").fill(outcomes);
    await details.getByLabel("Credits", { exact: true }).fill("3");
    await details.getByLabel("Credit unit").selectOption({ label: "US credit hours" });
    await details.getByLabel("Study hours", { exact: true }).fill("140");
    await details.getByLabel("Pass mark (%)").fill("70");
    await details.getByLabel("Prerequisites").fill("web-foundations, Not A Slug");
    await details.getByLabel("Translation of").fill("programming-foundations");
    await details.getByRole("button", { name: "Save the course details" }).click();

    await expect(page.getByRole("alert").first()).toContainText("Some answers need your attention.");
    // Every value as submitted…
    await expect(details.getByLabel("Title", { exact: true })).toHaveValue("A new title");
    await expect(details.getByLabel("Summary", { exact: true })).toHaveValue("");
    await expect(details.getByLabel("Description", { exact: true })).toHaveValue("## About\n\nKept as typed.");
    await expect(details.getByLabel("Subject", { exact: true })).toHaveValue("physics");
    await expect(details.getByLabel("Level", { exact: true })).toHaveValue("advanced");
    await expect(details.getByLabel("Language of the course")).toHaveValue("es");
    await expect(details.getByLabel("Learning outcomes")).toHaveValue(outcomes);
    await expect(details.getByLabel("Credits", { exact: true })).toHaveValue("3");
    await expect(details.getByLabel("Credit unit")).toHaveValue("US");
    await expect(details.getByLabel("Study hours", { exact: true })).toHaveValue("140");
    await expect(details.getByLabel("Pass mark (%)")).toHaveValue("70");
    await expect(details.getByLabel("Prerequisites")).toHaveValue("web-foundations, Not A Slug");
    await expect(details.getByLabel("Translation of")).toHaveValue("programming-foundations");
    // …and each message on its field.
    await expect(details.getByLabel("Summary", { exact: true })).toHaveAccessibleDescription(/This field is required\./);
    await expect(details.getByLabel("Learning outcomes")).toHaveAttribute("aria-invalid", "true");
    await expect(details.getByLabel("Learning outcomes")).toHaveAccessibleDescription(/This is too long\./);
    await expect(details.getByLabel("Prerequisites")).toHaveAccessibleDescription(/Use at least 2 lower-case letters/);
    await expect(details.getByLabel("Title", { exact: true })).not.toHaveAttribute("aria-invalid", "true");

    // Fixed, it saves.
    await details.getByLabel("Summary", { exact: true }).fill("Now with a summary.");
    await details.getByLabel("Learning outcomes").fill("Solve linear equations.\nPlot a line.");
    await details.getByLabel("Prerequisites").fill("web-foundations");
    await details.getByRole("button", { name: "Save the course details" }).click();
    await expect(page).toHaveURL(new RegExp(`/author/${courseId}\\?saved=fields$`));
    await expect(page.getByRole("status")).toHaveText("The course details were saved.");
    await expect(details.getByLabel("Learning outcomes")).toHaveValue("Solve linear equations.\nPlot a line.");
    await context.close();
  });

  test("the quiz editor adds a question with its button and shows every question again after a failed save", async ({
    browser,
  }) => {
    const context = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("educator") });
    const page = await context.newPage();
    const courseId = await seedCourseByPosts(page, { slug: uniqueSlug("no-js-quiz"), title: `Quiz ${uid()}` });
    await page.goto(`/author/${courseId}/lessons/new?module=first-steps`);
    await page.getByLabel("Lesson slug").fill("two-questions");
    await page.getByLabel("Lesson title").fill("Two questions");
    await page.getByLabel("Kind of lesson").selectOption({ label: "Quiz" });
    // Without JavaScript the quiz fields appear after a round trip that saves nothing.
    await page.getByRole("button", { name: "Show the fields for this kind" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Quiz" })).toBeVisible();
    await expect(page.getByRole("alert")).toHaveCount(0); // an intent shows no messages

    const first = page.getByRole("group", { name: "Question 1" });
    await first.getByLabel("Question", { exact: true }).fill("What is 2 + 2?");
    await first.getByLabel("Points").fill("2");
    await first.getByLabel("Options, one per line").fill("3\n4\n5");
    await first.getByLabel("Number of the correct option").fill("2");
    await page.getByRole("button", { name: "Add a question" }).click();

    // The new block, and the first one as it was typed.
    const second = page.getByRole("group", { name: "Question 2" });
    await expect(second).toBeVisible();
    await expect(first.getByLabel("Question", { exact: true })).toHaveValue("What is 2 + 2?");
    await expect(first.getByLabel("Options, one per line")).toHaveValue("3\n4\n5");
    await expect(second.getByLabel("Points")).toHaveValue("1");
    await second.getByLabel("Type of question").selectOption({ label: "Several correct options" });
    await second.getByLabel("Question", { exact: true }).fill("Which are even?");
    await second.getByLabel("Points").fill("3");
    await second.getByLabel("Options, one per line").fill("2\n3\n4");
    await second.getByLabel("Number of the correct option").fill("1, 5"); // there is no option 5
    await page.getByRole("button", { name: "Create the lesson" }).click();

    // Refused, with the message on its field and in the summary…
    await expect(page.getByRole("alert")).toContainText(
      "Question 2: Number of the correct option: Use the number of one of the options listed above",
    );
    const correct2 = named(page, "quiz.questions[1].correct");
    await expect(correct2).toHaveAttribute("aria-invalid", "true");
    await expect(correct2).toHaveAccessibleDescription(/Use the number of one of the options listed above/);
    await expect(second.getByLabel("Numbers of the correct options")).toHaveValue("1, 5");
    // …and every submitted value again: both blocks, their types, options, correct numbers and points.
    await expect(page.getByLabel("Lesson slug")).toHaveValue("two-questions");
    await expect(page.getByLabel("Lesson title")).toHaveValue("Two questions");
    await expect(page.getByLabel("Kind of lesson")).toHaveValue("quiz");
    await expect(page.getByRole("group", { name: /^Question \d$/ })).toHaveCount(2);
    await expect(named(page, "quiz.questions[0].type")).toHaveValue("single");
    await expect(named(page, "quiz.questions[0].prompt")).toHaveValue("What is 2 + 2?");
    await expect(named(page, "quiz.questions[0].points")).toHaveValue("2");
    await expect(named(page, "quiz.questions[0].options")).toHaveValue("3\n4\n5");
    await expect(named(page, "quiz.questions[0].correct")).toHaveValue("2");
    await expect(named(page, "quiz.questions[0].correct")).not.toHaveAttribute("aria-invalid", "true");
    await expect(named(page, "quiz.questions[1].type")).toHaveValue("multiple");
    await expect(named(page, "quiz.questions[1].prompt")).toHaveValue("Which are even?");
    await expect(named(page, "quiz.questions[1].points")).toHaveValue("3");
    await expect(named(page, "quiz.questions[1].options")).toHaveValue("2\n3\n4");
    await expect(page).toHaveURL(new RegExp(`/author/${courseId}/lessons/new\\?module=first-steps$`));

    // Removing the first question keeps the second, as typed; the fixed lesson saves.
    await page.getByRole("button", { name: "Remove question 1" }).click();
    await expect(page.getByRole("group", { name: /^Question \d$/ })).toHaveCount(1);
    await expect(named(page, "quiz.questions[0].prompt")).toHaveValue("Which are even?");
    await named(page, "quiz.questions[0].correct").fill("1, 3");
    await page.getByRole("button", { name: "Create the lesson" }).click();
    await expect(page).toHaveURL(new RegExp(`/author/${courseId}\\?saved=lesson#lesson-two-questions$`));
    await expect(page.getByRole("link", { name: "Two questions (edit)" })).toBeVisible();

    // The saved quiz opens with its option numbers from 1.
    await page.goto(`/author/${courseId}/lessons/two-questions`);
    await expect(named(page, "quiz.questions[0].type")).toHaveValue("multiple");
    await expect(named(page, "quiz.questions[0].correct")).toHaveValue("1, 3");
    await expect(named(page, "quiz.questions[0].options")).toHaveValue("2\n3\n4");

    // The grading rules (issue 8) are plain selects: their defaults show, and a changed rule is kept.
    await expect(named(page, "quiz.questions[0].partialCredit")).toHaveValue("all_or_nothing");
    await expect(named(page, "quiz.keep")).toHaveValue("highest");
    await named(page, "quiz.questions[0].partialCredit").selectOption("per_option");
    await named(page, "quiz.keep").selectOption("latest");
    await named(page, "quiz.showAnswers").selectOption("after_due");
    await page.getByRole("button", { name: "Save the lesson" }).click();
    await expect(page).toHaveURL(new RegExp(`/author/${courseId}\\?saved=lesson#lesson-two-questions$`));
    await page.goto(`/author/${courseId}/lessons/two-questions`);
    await expect(named(page, "quiz.questions[0].partialCredit")).toHaveValue("per_option");
    await expect(named(page, "quiz.keep")).toHaveValue("latest");
    await expect(named(page, "quiz.showAnswers")).toHaveValue("after_due");
    await context.close();
  });

  test("an admin's publish of a course that changed since they read it is refused, above the new version", async ({
    browser,
  }) => {
    const authorContext = await newContext(browser, { storageState: await sessionOf("educator") });
    const author = await authorContext.newPage();
    const title = `Changing ${uid()}`;
    const courseId = await seedCourseByPosts(author, { slug: uniqueSlug("changing"), title, submit: true });
    const post = (url: string, form: Record<string, string>) =>
      author.request.post(url, { form, headers: { Origin: BASE_URL }, maxRedirects: 0 });

    const adminContext = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("admin") });
    const admin = await adminContext.newPage();
    await admin.goto(`/admin/courses/${courseId}`);
    await expect(admin.locator(".lesson-review summary")).toContainText(["Welcome"]);

    // Meanwhile the author withdraws, rewrites the lesson and submits again (the same revision).
    expect((await post(`/author/${courseId}`, { intent: "withdraw" })).status()).toBe(302);
    const saved = await post(`/author/${courseId}/lessons/welcome`, {
      intent: "save",
      kind: "text",
      title: "Rewritten welcome",
      body: "New.",
    });
    expect(saved.status()).toBe(302);
    expect((await post(`/author/${courseId}`, { intent: "submit", note: "" })).status()).toBe(302);

    await admin.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(admin.getByRole("alert").first()).toContainText(
      "The course changed while you were reviewing it, so it was not published.",
    );
    await expect(admin.locator(".lesson-review summary")).toContainText(["Rewritten welcome"]);
    await admin.getByRole("button", { name: "Publish", exact: true }).click();
    // Publishing is confirmed (ADR 015): the page asks first.
    await admin.getByRole("button", { name: "Yes, publish the course" }).click();
    await expect(admin.getByRole("status")).toHaveText("The course was published. It is in the catalog now.");
    await adminContext.close();
    await authorContext.close();
  });
});
