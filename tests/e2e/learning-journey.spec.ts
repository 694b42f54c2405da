// The whole learning journey of issue 8, as people do it, twice: with JavaScript off, and in low-data
// mode (Save-Data: on, so no page sends any JavaScript). A new learner asks for a place; an admin opens a
// cohort with the demo educator, creates a seat and allocates it; the learner reads every lesson, passes
// both quizzes and hands in the assignment; the educator grades it against the rubric; the course is
// completed (the dashboard says so) and the transcript shows the grade and the credits. With JavaScript off
// the journey goes on to the credential: wallet, share, verification, revocation (credentialJourney).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "@playwright/test";
import { parse } from "yaml";
import { expect, newContext, sessionOf, signUp, test } from "./helpers";

const COURSE = { slug: "web-foundations", title: "Web Foundations", credits: "4 ECTS credits" };
const LESSONS_DIR = path.join("content", "courses", COURSE.slug, "lessons");

type Question =
  | { type: "single"; answer: number }
  | { type: "multiple"; answers: number[] }
  | { type: "numeric"; answer: number }
  | { type: "text"; accepted: string[] };

/** The quizzes of the course's content files, by lesson title, with their right answers. */
function quizzesByTitle(): Map<string, Question[]> {
  const quizzes = new Map<string, Question[]>();
  for (const file of readdirSync(LESSONS_DIR).filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(path.join(LESSONS_DIR, file), "utf8");
    const front = parse(text.split(/^---$/m)[1]!) as { title: string; kind: string; quiz?: { questions: Question[] } };
    if (front.kind === "quiz" && front.quiz) quizzes.set(front.title, front.quiz.questions);
  }
  return quizzes;
}

async function answerQuiz(page: Page, questions: Question[]) {
  for (const [i, q] of questions.entries()) {
    const name = `answers[${i}]`;
    if (q.type === "single") await page.locator(`input[name="${name}"][value="${q.answer}"]`).check();
    if (q.type === "multiple") for (const a of q.answers) await page.locator(`input[name="${name}"][value="${a}"]`).check();
    if (q.type === "numeric") await page.locator(`input[name="${name}"]`).fill(String(q.answer));
    if (q.type === "text") await page.locator(`input[name="${name}"]`).fill(q.accepted[0]!);
  }
}

async function journey(browser: Browser, mode: BrowserContextOptions, label: string) {
  const quizzes = quizzesByTitle();
  expect(quizzes.size).toBe(2);
  const learnerContext = await newContext(browser, mode);
  const learnerPage = await learnerContext.newPage();
  const noScripts = async (p: Page) => expect(p.locator("script[src], link[rel=modulepreload]")).toHaveCount(0);
  const learner = await signUp(learnerPage);

  // 1. Ask for a place.
  await learnerPage.goto(`/courses/${COURSE.slug}`);
  await learnerPage.getByRole("button", { name: "Ask for a place" }).click();
  await expect(learnerPage.getByText(/^Number \d+ on the waitlist$/)).toBeVisible();

  // 2. The admin opens a cohort taught by the demo educator, creates a seat and allocates it.
  const adminContext = await newContext(browser, { ...mode, storageState: await sessionOf("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/cohorts");
  const cohortName = `Journey ${label} ${Date.now()}`;
  const cohortForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create cohort" }) });
  await cohortForm.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await cohortForm.getByLabel("Cohort name").fill(cohortName);
  await cohortForm.getByLabel("Starts on").fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
  await cohortForm.getByRole("button", { name: "Create cohort" }).click();
  await expect(admin.getByRole("rowheader", { name: cohortName })).toBeVisible();
  const assignForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Assign", exact: true }) });
  await assignForm.getByLabel("Cohort", { exact: true }).selectOption({ label: cohortName });
  await assignForm.getByLabel("Educator", { exact: true }).selectOption({ label: "Dr. Amara" });
  await assignForm.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(admin.getByRole("row").filter({ hasText: cohortName })).toContainText("Dr. Amara");
  await admin.goto("/admin/seats");
  const seatsForm = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Create seats" }) });
  await seatsForm.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await seatsForm.getByLabel("For", { exact: true }).selectOption({ label: cohortName });
  await seatsForm.getByLabel("Number of seats").fill("1");
  await seatsForm.getByRole("button", { name: "Create seats" }).click();
  const row = admin.getByRole("row").filter({ has: admin.getByRole("rowheader", { name: learner.displayName }) });
  await row.getByLabel("Cohort", { exact: true }).selectOption({ label: cohortName });
  await row.getByRole("button", { name: "Allocate" }).click();
  await expect(admin.getByRole("status")).toHaveText("The seat was allocated: the learner is enrolled.");
  await adminContext.close();

  // 3. The learner works through every lesson from the outline, in order.
  await learnerPage.goto("/learn");
  const outline = (
    await learnerPage
      .getByRole("region", { name: "My enrolments" })
      .locator("a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))
  ).find((h) => /^\/learn\/[a-z0-9]{20,}$/.test(h));
  expect(outline).toBeTruthy();
  await learnerPage.goto(outline!);
  const lessons = await learnerPage
    .locator(`main a[href^="${outline}/"]`)
    .evaluateAll((links) => links.map((a) => ({ href: a.getAttribute("href")!, title: a.textContent!.trim() })));
  const unique = lessons.filter((l, i) => lessons.findIndex((m) => m.href === l.href) === i && !/\/offline\//.test(l.href));
  expect(unique.length).toBe(12);
  for (const lesson of unique) {
    await learnerPage.goto(lesson.href);
    if (await learnerPage.getByRole("link", { name: "Continue", exact: true }).count()) {
      await learnerPage.getByRole("link", { name: "Continue", exact: true }).click();
    }
    const title = (await learnerPage.getByRole("heading", { level: 1 }).textContent())!.trim();
    const quiz = quizzes.get(title);
    if (quiz) {
      await learnerPage.getByRole("link", { name: "Take the quiz" }).click();
      await answerQuiz(learnerPage, quiz);
      await learnerPage.getByRole("button", { name: "Send my answers" }).click();
      await expect(learnerPage).toHaveURL(/\/quiz\/1$/);
      await expect(learnerPage.getByText("100 %").first()).toBeVisible();
    } else if (await learnerPage.getByRole("link", { name: "Open the assignment" }).count()) {
      await learnerPage.getByRole("link", { name: "Open the assignment" }).click();
      await learnerPage
        .getByLabel("Your answer")
        .fill("My page uses semantic landmarks, labelled form fields and a responsive layout.");
      await learnerPage.getByRole("button", { name: "Hand in", exact: true }).click();
      await expect(learnerPage.getByRole("status")).toContainText("Your work is handed in.");
    } else {
      await learnerPage.getByRole("button", { name: "Mark complete" }).click();
      await expect(learnerPage.getByText("You have completed this lesson.")).toBeVisible();
    }
    if (mode.extraHTTPHeaders) await noScripts(learnerPage);
  }
  // Everything is done but the assignment waits for its grade: not completed yet.
  await learnerPage.goto("/learn");
  await expect(learnerPage.getByRole("region", { name: "My enrolments" })).not.toContainText("Completed");

  // 4. The educator grades the work against the rubric, full marks.
  const educatorContext = await newContext(browser, { ...mode, storageState: await sessionOf("educator") });
  const educator = await educatorContext.newPage();
  await educator.goto("/teach/grading");
  await educator.getByRole("row").filter({ hasText: cohortName }).getByRole("link", { name: learner.displayName }).click();
  const points = educator.getByLabel(/^Points \(0 to/);
  for (let i = 0; i < (await points.count()); i++) {
    await points.nth(i).fill((await points.nth(i).getAttribute("max"))!);
  }
  await educator.getByLabel("Overall comments").fill("Well structured and accessible.");
  await educator.getByRole("button", { name: "Save the grade" }).click();
  // Where the save led, and what the page said, name the cause if the notice is missing.
  await educator.waitForLoadState();
  const said = async () =>
    `${educator.url()}: ${(
      await educator
        .locator("main")
        .innerText()
        .catch(() => "")
    ).slice(0, 400)}`;
  await expect(educator, await said()).toHaveURL(/\?done=1$/);
  await expect(educator.getByRole("status")).toHaveText("The grade is saved and the learner has been told.");
  if (mode.extraHTTPHeaders) await noScripts(educator);
  await educatorContext.close();

  // 5. The course is completed: the dashboard says so, the transcript shows grade and credits.
  await learnerPage.goto("/learn");
  await expect(learnerPage.getByRole("region", { name: "My enrolments" })).toContainText("Completed");
  await learnerPage.goto("/learn/transcript");
  await expect(learnerPage.getByText("No completed courses yet.")).toHaveCount(0);
  const completed = learnerPage.getByRole("row").filter({ hasText: COURSE.title });
  await expect(completed).toHaveCount(1);
  await expect(completed).toContainText("100");
  await expect(completed).toContainText(COURSE.credits);
  if (mode.extraHTTPHeaders) await noScripts(learnerPage);
  if (label === "no-js") await credentialJourney(browser, learnerPage, learner.displayName, mode);
  await learnerContext.close();
}

/** Runs the offline CLI (npm run verify) on files; returns its exit code and output. */
function verifyOffline(files: { credential: unknown; did: unknown; status: unknown }) {
  const dir = mkdtempSync(path.join(tmpdir(), "waystone-verify-"));
  const write = (name: string, value: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/verify.ts",
      write("credential.json", files.credential),
      "--did",
      write("did.json", files.did),
      "--status",
      write("status.json", files.status),
    ],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } },
  );
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Issue 9, item 9: the completed course's credential is issued (by the job the completion queued), the
 * learner finds it in the wallet, downloads the JSON (it verifies with the CLI, offline), makes a share link
 * with no name, a stranger opens it logged out and sees it verified, an admin revokes it, and the same
 * link then says revoked (and the CLI, given the new status list, fails it).
 */
async function credentialJourney(browser: Browser, learnerPage: Page, displayName: string, mode: BrowserContextOptions) {
  await learnerPage.goto("/wallet");
  // Issued by the enrolment.completed job a moment after the completion.
  await expect(async () => {
    await learnerPage.reload();
    await expect(learnerPage.getByRole("link", { name: COURSE.title })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await learnerPage.getByRole("link", { name: COURSE.title }).click();
  await expect(learnerPage).toHaveURL(/\/wallet\/[0-9a-f-]{36}$/);
  const credentialId = learnerPage.url().split("/").pop()!;

  // The JSON, as downloaded, with the issuer's DID document and status list as a verifier would save them.
  const jsonHref = await learnerPage.getByRole("link", { name: "Download JSON" }).getAttribute("href");
  const download = await learnerPage.request.get(jsonHref!);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment/);
  const credential = (await download.json()) as { credentialStatus: { statusListCredential: string } };
  expect(JSON.stringify(credential)).not.toContain(displayName);
  const anonymous = await newContext(browser, mode);
  const did = await (await anonymous.request.get("/.well-known/did.json")).json();
  const statusPath = new URL(credential.credentialStatus.statusListCredential).pathname;
  const before = verifyOffline({ credential, did, status: await (await anonymous.request.get(statusPath)).json() });
  expect(before.output).toContain("PASS");
  expect(before.status, before.output).toBe(0);

  // A share link for one audience, with no name.
  await learnerPage.getByLabel("Who is it for?").fill("Admissions at Northbridge University");
  await learnerPage.getByLabel("30 days").check();
  await learnerPage.getByLabel("No name (the safest choice)").check();
  await learnerPage.getByRole("button", { name: "Make the link" }).click();
  const shareUrl = (await learnerPage.getByLabel("Copy the link now:").inputValue()).trim();
  expect(shareUrl).toMatch(/\/s\/[A-Za-z0-9_-]{40,}$/);

  // A stranger opens it, logged out: verified, and nothing of the learner's name.
  const stranger = await anonymous.newPage();
  await stranger.goto(shareUrl);
  await expect(stranger.getByRole("heading", { name: "Verified: this credential is genuine and valid" })).toBeVisible();
  await expect(stranger.getByText(COURSE.title).first()).toBeVisible();
  await expect(stranger.getByText(displayName)).toHaveCount(0);
  await expect(stranger.getByRole("heading", { name: "From the holder" })).toHaveCount(0);

  // The admin revokes it, with a reason, confirmed.
  const adminContext = await newContext(browser, { ...mode, storageState: await sessionOf("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/credentials");
  const row = admin.getByRole("row").filter({ hasText: credentialId });
  await row.locator("summary").click();
  await row.getByLabel("Reason for revoking").fill("Issued in error: the grade was entered twice");
  await row.getByRole("button", { name: /^Revoke the credential/ }).click();
  await expect(admin.getByRole("heading", { name: "Revoke this credential?" })).toBeVisible();
  await admin.getByRole("button", { name: "Yes, revoke it" }).click();
  await expect(admin.getByRole("row").filter({ hasText: credentialId })).toContainText("Revoked");
  await adminContext.close();

  // The same link now says revoked, at once; so does the CLI with the list as it is now.
  await stranger.reload();
  await expect(stranger.getByRole("heading", { name: "Not verified" })).toBeVisible();
  await expect(stranger.getByText(/revoked/i).first()).toBeVisible();
  const after = verifyOffline({ credential, did, status: await (await anonymous.request.get(statusPath)).json() });
  expect(after.status, after.output).toBe(1);
  await anonymous.close();
}

test("the learning journey with JavaScript off: place, seat, lessons, quizzes, assignment, grade, completion, transcript", async ({
  browser,
}) => {
  test.setTimeout(480_000);
  await journey(browser, { javaScriptEnabled: false }, "no-js");
});

test("the same journey in low-data mode: no page sends JavaScript", async ({ browser }) => {
  test.setTimeout(240_000);
  await journey(browser, { extraHTTPHeaders: { "Save-Data": "on" } }, "low-data");
});
