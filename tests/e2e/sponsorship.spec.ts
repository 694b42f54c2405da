// Sponsorship end to end (issue 10 item 9), as the people do it. The demo sponsor buys 12 seats of the
// seeded course (prisma/seed-sponsorship.ts: an open cohort, 14 pseudonymous learners waiting) through the
// offline provider's local checkout (the e2e server has no Stripe keys): the order page says paid with 12
// seats in the pool, the background job (pg-boss, in the server) allocates them to the waitlist, the admin
// sees the learners enrolled, and the sponsor's impact report counts them with small cells suppressed.
// Also: the receipt, bad input on the order form with JavaScript on and off (400, a field message), and
// on every sponsorship page axe finds nothing and nothing scrolls sideways at 390 px.
// SCREENSHOTS=1 saves each page at 390 × 844 and 1280 × 800 in /tmp/sponsor-shots (SPONSOR_SHOTS to change).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { axeViolationsAtTop, BASE_URL, DEMO, expect, newContext, sessionOf, test } from "./helpers";

/** The seeded course with learners waiting (DEMO_SPONSORSHIP of prisma/seed-sponsorship.ts). */
const COURSE = { title: "Fundamentos de programación", cohort: "Fundamentos · grupo de demostración", waiting: 14 };
const SEATS = 12;
const K = 11;
const SEATS_MESSAGE = "Enter a number of seats from 1 to 1,000.";
/** The seeded learners' display names ("Seed learner 01" …): a sponsor's page never shows one. */
const LEARNER_NAME = /Seed learner/i;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = process.env.SCREENSHOTS === "1" ? process.env.SPONSOR_SHOTS || "/tmp/sponsor-shots" : null;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

/**
 * The page now open, at 1280 × 800 and at 390 × 844: no axe violation, nothing wider than the screen (and a
 * screenshot of each when SCREENSHOTS=1). It is loaded again at each width (GET pages only).
 */
async function checkPage(page: Page, name: string) {
  const url = page.url();
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 }), name).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} scrolls sideways at ${size.width} px`).toBeLessThanOrEqual(0);
    expect(await axeViolationsAtTop(page), `${name} at ${size.width} px`).toEqual([]);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

/** The value next to a label of the page's details list (<dt>label</dt><dd>value</dd>). */
function detail(page: Page, label: string) {
  return page.locator("dl.details dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");
}

/** The seeded course's option value in the order form's course list. */
async function courseValue(page: Page) {
  const option = page.getByLabel("Course", { exact: true }).locator("option", { hasText: COURSE.title });
  await expect(option).toHaveCount(1);
  return (await option.getAttribute("value"))!;
}

/** Sends the order form with `seats` and expects it back: status 400, the field message, the values kept. */
async function expectSeatsRefused(page: Page, orgId: string, seats: string) {
  const form = page.locator("form").filter({ has: page.getByLabel("Seats", { exact: true }) });
  await form.getByLabel("Course", { exact: true }).selectOption(await courseValue(page));
  await form.getByLabel("Seats", { exact: true }).fill(seats);
  const answer = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith(`/sponsor/orgs/${orgId}/order`),
  );
  await form.getByRole("button", { name: "Continue to the local checkout" }).click();
  expect((await answer).status(), `${seats} seats`).toBe(400);
  await expect(page).toHaveURL(new RegExp(`/sponsor/orgs/${orgId}/order$`));
  const input = page.getByLabel("Seats", { exact: true });
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(input).toHaveValue(seats);
  await expect(page.locator(`#${await input.getAttribute("id")}-error`)).toHaveText(SEATS_MESSAGE);
  await expect(page.getByLabel("Course", { exact: true })).toHaveValue(await courseValue(page));
}

test("the demo sponsor buys 12 seats; they go to the waitlist; the admin sees them enrolled; the report suppresses small counts", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const sponsorContext = await newContext(browser, { viewport: DESKTOP });
  const page = await sponsorContext.newPage();

  // Log in as the demo sponsor, through the form, by username.
  await page.goto("/login");
  await page.getByLabel("Username or email", { exact: true }).fill("brightpath");
  await page.getByLabel("Password", { exact: true }).fill("Sponsor-demo-pass-2026");
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await expect(page).toHaveURL(/\/sponsor$/);

  // The sponsor's home: the organisation, the offline note, the way to buy.
  await expect(page.getByRole("heading", { level: 2, name: DEMO.sponsorOrgName })).toBeVisible();
  await expect(page.getByRole("note").filter({ hasText: "no money moves" })).toBeVisible();
  await checkPage(page, "sponsor-home");

  // The order form.
  const org = page.getByRole("region", { name: DEMO.sponsorOrgName });
  await org.getByRole("link", { name: "Buy seats" }).click();
  await expect(page).toHaveURL(/\/sponsor\/orgs\/[a-z0-9]+\/order$/);
  const orgId = new URL(page.url()).pathname.split("/")[3]!;
  await expect(page.getByRole("heading", { level: 1, name: "Buy seats" })).toBeVisible();
  await expect(page.getByText(`For ${DEMO.sponsorOrgName}`)).toBeVisible();
  await expect(page.getByLabel("Course", { exact: true }).locator("option", { hasText: COURSE.title })).toContainText(
    "$120.00 a seat",
  );
  await checkPage(page, "sponsor-order-form");

  // Bad input (JavaScript on): 0 and 1001 seats come back with the field message and status 400.
  await expectSeatsRefused(page, orgId, "0");
  await expectSeatsRefused(page, orgId, "1001");
  await expect(page.getByRole("alert").first()).toBeVisible();
  expect(await axeViolationsAtTop(page), "the order form with a field message").toEqual([]);
  if (SHOTS) {
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SHOTS, "sponsor-order-form-error-390.png"), fullPage: true });
    await page.setViewportSize(DESKTOP);
  }

  // 12 seats of the seeded course, any cohort: on to the local checkout.
  await page.goto(`/sponsor/orgs/${orgId}/order`);
  await page.getByLabel("Course", { exact: true }).selectOption(await courseValue(page));
  await expect(page.getByLabel("Cohort", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Cohort", { exact: true }).locator("option:checked")).toHaveText("Any cohort of the course");
  await page.getByLabel("Seats", { exact: true }).fill(String(SEATS));
  await page.getByRole("button", { name: "Continue to the local checkout" }).click();
  await expect(page).toHaveURL(/\/sponsor\/orders\/[a-z0-9]+\/checkout$/);
  const orderId = new URL(page.url()).pathname.split("/")[3]!;

  // The checkout page says plainly that it is a test: no money moves.
  await expect(page.getByRole("heading", { level: 1, name: "Local checkout" })).toBeVisible();
  const testMode = page.getByRole("note").filter({ hasText: "Test mode: no money moves." });
  await expect(testMode).toBeVisible();
  await expect(testMode).toContainText("stands in for Stripe");
  await expect(detail(page, "Seats")).toHaveText(String(SEATS));
  await expect(detail(page, "Amount")).toHaveText("$1,440.00");
  await expect(page.getByRole("button", { name: "Complete the order (no payment)" })).toBeVisible();
  await checkPage(page, "sponsor-checkout");

  // Complete it: the order page says paid, 12 seats in the pool.
  await page.getByRole("button", { name: "Complete the order (no payment)" }).click();
  await expect(page).toHaveURL(new RegExp(`/sponsor/orders/${orderId}\\?paid=1$`));
  await expect(page.getByRole("status")).toHaveText(
    `Paid: ${SEATS} seats are in your pool and go to learners waiting, in order.`,
  );
  await expect(detail(page, "Status")).toHaveText("Paid");
  await expect(detail(page, "Course")).toHaveText(COURSE.title);
  await expect(detail(page, "Cohort")).toHaveText("Any cohort of the course");
  await expect(detail(page, "Seats in the pool")).toHaveText(`${SEATS} seats`);

  // Auto-allocation runs in a background job: reload until the seats are in use (bounded wait). Until
  // then the page shows 0 (or, between 1 and 10, "Fewer than 11", never the number).
  const inUse = detail(page, "Seats in use");
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        await page.reload();
        const text = (await inUse.textContent())?.trim() ?? "";
        seen.add(text);
        return text;
      },
      { timeout: 60_000, intervals: [500, 1000, 2000] },
    )
    .toBe(String(SEATS));
  for (const text of seen) expect(["0", "Fewer than 11", String(SEATS)], "what Seats in use showed").toContain(text);
  await expect(page.locator("main")).not.toContainText(LEARNER_NAME);
  await checkPage(page, "sponsor-order");

  // The receipt.
  await page.getByRole("link", { name: "Receipt (printable)" }).click();
  await expect(page).toHaveURL(new RegExp(`/sponsor/orders/${orderId}/receipt$`));
  await expect(page.getByRole("heading", { level: 1, name: "Receipt" })).toBeVisible();
  await expect(detail(page, "Organisation")).toHaveText(DEMO.sponsorOrgName);
  await expect(detail(page, "Order")).toHaveText(orderId);
  await expect(detail(page, "Item")).toHaveText(`${SEATS} seats in ${COURSE.title} at $120.00 each`);
  await expect(detail(page, "Total paid")).toHaveText("$1,440.00");
  await expect(detail(page, "Payment")).toHaveText("Local checkout (test mode, no payment)");
  await checkPage(page, "sponsor-receipt");

  // An admin sees the learners enrolled: the cohort's places taken, the waitlist shorter by 12.
  const adminContext = await newContext(browser, { viewport: DESKTOP, storageState: await sessionOf("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/seats");
  const cohortRow = admin
    .getByRole("table", { name: "Cohorts: places and free seats" })
    .getByRole("row")
    .filter({ has: admin.getByRole("rowheader", { name: COURSE.cohort }) });
  await expect(cohortRow.locator('td[data-label="Enrolled / places"]')).toHaveText(`${SEATS} / 30`);
  const courseRow = admin
    .getByRole("table", { name: "Courses: waiting learners and course-wide seats" })
    .getByRole("row")
    .filter({ has: admin.getByRole("rowheader", { name: COURSE.title }) });
  await expect(courseRow.locator('td[data-label="Waiting learners"]')).toHaveText(String(COURSE.waiting - SEATS));
  await expect(courseRow.locator('td[data-label="Free seats for any cohort"]')).toHaveText("0");
  // First come, first served: the first twelve are enrolled, the last two still wait.
  const waitlist = admin.getByRole("table", { name: COURSE.title, exact: true });
  await expect(waitlist.getByRole("rowheader")).toHaveText(["Seed learner 13", "Seed learner 14"]);

  // The admins' sponsorship page lists the order.
  await admin.goto("/admin/sponsorship");
  await expect(admin.getByRole("heading", { level: 1, name: "Sponsorship: prices and orders" })).toBeVisible();
  const orderRow = admin
    .getByRole("table", { name: "Orders of every sponsor, newest first" })
    .getByRole("row")
    .filter({ hasText: COURSE.title })
    .filter({ hasText: "$1,440.00" })
    .first();
  await expect(orderRow).toContainText(DEMO.sponsorOrgName);
  await expect(orderRow).toContainText("Paid");
  const priceRow = admin
    .getByRole("table", { name: "Price of one seat, per published course" })
    .getByRole("row")
    .filter({ has: admin.getByRole("rowheader", { name: COURSE.title }) });
  await expect(priceRow).toContainText("$120.00");
  await checkPage(admin, "admin-sponsorship");
  await adminContext.close();

  // The impact report (when its route is there): counts of 11 or more shown, smaller ones suppressed.
  const report = await page.goto(`/sponsor/orgs/${orgId}/report`);
  if (report?.status() === 404) {
    test.info().annotations.push({ type: "missing", description: `/sponsor/orgs/:orgId/report is not built yet` });
  } else {
    expect(report?.status(), "the impact report").toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Impact report");
    const main = page.locator("main");
    // 12 seats bought and 12 allocated (shown: at least 11); nobody has completed yet (0: suppressed).
    await expect(main).toContainText(`<${K}`);
    await expect(main).toContainText(String(SEATS));
    await expect(main).not.toContainText(LEARNER_NAME);
    for (const table of await page.getByRole("table").all()) {
      // No cell shows a learner count from 1 to 10, nor 0 (the rule of suppression.ts), apart from seats bought.
      const cells = await table.locator("td").allTextContents();
      for (const cell of cells.map((c) => c.trim()))
        expect(cell, "a visible learner count below k").not.toMatch(/^(?:[0-9]|10)$/);
    }
    await checkPage(page, "sponsor-report");
    if (SHOTS) {
      // The charts at phone width, as a person sees them (the full-page picture is too tall to read).
      await page.setViewportSize(PHONE);
      await page.reload();
      const charts = await page.locator("svg.bar-chart").all();
      for (const [i, chart] of charts.entries())
        await chart.screenshot({ path: path.join(SHOTS, `sponsor-report-chart-${i + 1}-390.png`) });
      await page.setViewportSize(DESKTOP);
    }
  }

  // The members page (when its route is there).
  const members = await page.goto(`/sponsor/orgs/${orgId}/members`);
  if (members?.status() === 404) {
    test.info().annotations.push({ type: "missing", description: `/sponsor/orgs/:orgId/members is not built yet` });
  } else {
    expect(members?.status(), "the members page").toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(DEMO.sponsorOrgName);
    await expect(page.locator("main")).not.toContainText(LEARNER_NAME);
    await checkPage(page, "sponsor-members");
  }

  // The sponsor's home lists the order with its pool.
  await page.goto("/sponsor");
  const row = page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: COURSE.title }) })
    .first();
  await expect(row).toContainText(`${SEATS} (${SEATS} in the pool)`);
  await expect(row).toContainText("Paid");
  await checkPage(page, "sponsor-home-with-order");
  await sponsorContext.close();
});

test("with JavaScript off, the order form answers bad seat numbers with status 400 and the field message", async ({
  browser,
}) => {
  const context = await newContext(browser, { javaScriptEnabled: false, storageState: await sessionOf("sponsor") });
  const page = await context.newPage();
  await page.goto("/sponsor");
  await page.getByRole("link", { name: "Buy seats" }).first().click();
  await expect(page).toHaveURL(/\/sponsor\/orgs\/[a-z0-9]+\/order$/);
  await expect(page.locator("script[src]")).toHaveCount(0);
  const orgId = new URL(page.url()).pathname.split("/")[3]!;
  await expectSeatsRefused(page, orgId, "0");
  await expectSeatsRefused(page, orgId, "1001");

  // "abc" cannot be typed into a number field: the same POST a browser without number fields would send.
  const courseId = await courseValue(page);
  const response = await page.request.post(`/sponsor/orgs/${orgId}/order`, {
    form: { courseId, cohortId: "", seats: "abc" },
    headers: { Origin: BASE_URL },
    maxRedirects: 0,
  });
  expect(response.status(), "abc seats").toBe(400);
  const html = await response.text();
  expect(html).toMatch(/aria-invalid="true"[^>]*name="seats"|name="seats"[^>]*aria-invalid="true"/);
  expect(/<ul id="f-seats-error" class="field-errors">(.*?)<\/ul>/.exec(html)?.[1], "the seats field's message").toBe(
    `<li>${SEATS_MESSAGE}</li>`,
  );
  await context.close();
});
