// The sponsor's impact report pages (issue 10 item 6): /sponsor/orgs/:orgId/report, rendered on the
// server as a browser gets it (React Router's static handler, the real root loader, a real session),
// and /sponsor/orgs/:orgId/report.csv. A recovery attack reads only the page's HTML and the CSV and
// tries to work out every hidden count exactly (tests/impact-attacker.ts); it must find none, while
// the same attacker does find them when only counts below 11 are hidden. No learner's name, username,
// id or enrolment id is anywhere in either. Only the organisation's members and admins read them.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, Outlet, StaticRouterProvider, useLoaderData } from "react-router";
import { beforeAll, describe, expect, test } from "vitest";
import * as root from "#app/root.tsx";
import { impactCsv } from "#app/modules/sponsorship/impact-csv.ts";
import type { CreditsShown, Shown } from "#app/modules/sponsorship/impact-tables.ts";
import * as reportCsv from "#app/routes/sponsor/report-csv.ts";
import * as reportPage from "#app/routes/sponsor/report.tsx";
import {
  createAdmin,
  createApprovedEducator,
  createLearner,
  createOrganisation,
  createSponsorMember,
  createVerifier,
} from "#tests/factories.ts";
import { attackerFor, readCsv, readPage, type ReadTables } from "#tests/impact-attacker.ts";
import { impactFixture, paidOrderWithSeats } from "#tests/impact-fixtures.ts";
import { createCourseOpenForCohorts } from "#tests/learning-factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Fixture = Awaited<ReturnType<typeof impactFixture>>;
let f: Fixture;
let member = "";
let admin = "";
beforeAll(async () => {
  f = await impactFixture();
  member = await sessionCookieFor(f.member.id);
  admin = await sessionCookieFor((await createAdmin()).id);
}, 120_000);

const pagePath = (orgId: string) => `/sponsor/orgs/${orgId}/report`;
const csvPath = (orgId: string) => `/sponsor/orgs/${orgId}/report.csv`;

/** The page as the server renders it for a browser: HTML with its hydration data, and the status. */
async function renderPage(orgId: string, cookie: string, headers: Record<string, string> = {}) {
  const Page = reportPage.default as unknown as (props: { loaderData: unknown }) => ReturnType<typeof createElement>;
  const routes = [
    {
      id: "root",
      path: "/",
      loader: (args: { request: Request; params: Record<string, string | undefined> }) =>
        root.loader({ ...args, context } as never),
      Component: Outlet,
      children: [
        {
          id: "routes/sponsor/report",
          path: "sponsor/orgs/:orgId/report",
          loader: (args: { request: Request; params: Record<string, string | undefined> }) =>
            reportPage.loader({ ...args, context } as never),
          Component: () => createElement(Page, { loaderData: useLoaderData() }),
          ErrorBoundary: reportPage.ErrorBoundary,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const result = await handler.query(makeRequest(pagePath(orgId), { cookie, headers }));
  if (result instanceof Response) return { status: result.status, html: "", location: result.headers.get("Location") };
  const router = createStaticRouter(handler.dataRoutes, result);
  const html = renderToString(createElement(StaticRouterProvider, { router, context: result }));
  return { status: result.statusCode, html, location: null };
}

async function getCsv(orgId: string, cookie: string, headers: Record<string, string> = {}) {
  const response = (await reportCsv.loader({
    request: makeRequest(csvPath(orgId), { cookie, headers }),
    params: { orgId },
    context,
  } as never)) as Response;
  // Read as bytes: text() would drop the byte order mark the file starts with.
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

const pageLoad = (orgId: string, cookie: string) =>
  run(() => reportPage.loader({ request: makeRequest(pagePath(orgId), { cookie }), params: { orgId }, context } as never));
const csvLoad = (orgId: string, cookie: string) =>
  run(() => reportCsv.loader({ request: makeRequest(csvPath(orgId), { cookie }), params: { orgId }, context } as never));

/** The true value of every cell the attacker names (course <title>.<metric>, month <m>.<metric>, total.<metric>). */
function truthOf(fixture: Fixture): Map<string, number> {
  const truth = new Map<string, number>();
  for (const r of fixture.expected.byCourse)
    for (const m of ["allocated", "active", "completed", "credentials"] as const) truth.set(`course ${r.title}.${m}`, r[m]);
  for (const r of fixture.expected.byMonth)
    for (const m of ["allocated", "completed", "credentials"] as const) truth.set(`month ${r.month}.${m}`, r[m]);
  for (const m of ["allocated", "active", "completed", "credentials"] as const)
    truth.set(`total.${m}`, fixture.expected.total[m]);
  return truth;
}

/** What the attacker works out exactly: hidden cell name → value. */
function recover(tables: ReadTables, fixture: Fixture): Map<string, number> {
  const { names, attacker } = attackerFor(tables, { creditsPerCompletion: fixture.expected.creditsPerCompletion });
  // The attacker finds a solution of its own, then asks, cell by cell, whether another value fits.
  const found = attacker.recovered(
    null,
    names.map((_, i) => i),
  );
  return new Map([...found].map(([i, v]) => [names[i]!, v]));
}

describe("the report page and its CSV, for a member of the organisation", () => {
  test("the page shows the true numbers where it shows one, the CSV the same cells, with the k = 11 rule explained", async () => {
    const { status, html } = await renderPage(f.orgId, member);
    expect(status).toBe(200);
    const page = readPage(html);
    const { response, text } = await getCsv(f.orgId, member);
    const csv = readCsv(text);
    // Same numbers, same hidden cells, in both.
    expect(csv).toEqual(page);
    const truth = truthOf(f);
    const cells = [
      ...page.byCourse.flatMap((r) =>
        (["allocated", "active", "completed", "credentials"] as const).map(
          (m) => [r.label === "Total" ? `total.${m}` : `course ${r.label}.${m}`, r[m]] as const,
        ),
      ),
      ...page.byMonth
        .filter((r) => r.label !== "Total")
        .flatMap((r) =>
          (["allocated", "completed", "credentials"] as const).map((m) => [`month ${r.label}.${m}`, r[m]] as const),
        ),
    ];
    expect(cells).toHaveLength(5 * 4 + 3 * 3);
    for (const [name, shown] of cells) {
      const value = truth.get(name)!;
      if (value < 11) expect({ name, shown }).toEqual({ name, shown: "small" });
      else expect({ name, right: shown === value || shown === "hidden" }).toEqual({ name, right: true });
    }
    expect(page.byCourse.map((r) => r.bought)).toEqual([30, 20, 20, 5, 75]);
    expect(page.byMonth.map((r) => r.bought)).toEqual([50, 25, 0, 75]);
    // The rule is on the page, and the CSV link.
    expect(html).toContain("A number of learners is shown only when it is 11 or more");
    expect(html).toContain(`href="${csvPath(f.orgId)}"`);
    expect(html).toContain("not yet available");
    // Charts drawn on the server: images with a name and a description, hidden bars as placeholders.
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(2);
    expect(html).toContain("<title");
    expect(html).toContain('class="bar-hidden"');
    // Tables for a phone: inside .table-scroll, with captions and scoped headers.
    expect(html.match(/<div class="table-scroll"><table>/g)).toHaveLength(2);
    expect(html).toContain('<th scope="col">');
    expect(html).toContain('<th scope="row"');

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="impact-report\.csv"$/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(text.startsWith("\uFEFFTable,Row,Seats bought,")).toBe(true);
  });

  test("a recovery attack on the page and the CSV works out no hidden count; on primary-only suppression it does", async () => {
    const { html } = await renderPage(f.orgId, member);
    const { text } = await getCsv(f.orgId, member);
    const fromPage = recover(readPage(html), f);
    const fromCsv = recover(readCsv(text), f);
    expect([...fromPage]).toEqual([]);
    expect([...fromCsv]).toEqual([]);

    // The same data with only counts below 11 hidden (the classic rule), through the same CSV writer.
    const truth = truthOf(f);
    const naive = (name: string): Shown => (truth.get(name)! < 11 ? "small" : truth.get(name)!);
    const naiveCredits = (completed: number, credits: string): CreditsShown =>
      completed < 11 ? "hidden" : [{ amount: Number(credits.split(" ")[0]), unit: credits.split(" ")[1]! }];
    const row = (prefix: string) => ({
      allocated: naive(`${prefix}.allocated`),
      active: naive(`${prefix}.active`),
      completed: naive(`${prefix}.completed`),
      credentials: naive(`${prefix}.credentials`),
    });
    const naiveCsv = impactCsv(
      {
        byCourse: f.expected.byCourse.map((r) => ({
          courseId: r.title,
          title: r.title,
          bought: r.bought,
          ...row(`course ${r.title}`),
          credits: naiveCredits(r.completed, r.credits),
        })),
        byMonth: f.expected.byMonth.map((r) => ({
          month: r.month,
          bought: r.bought,
          allocated: naive(`month ${r.month}.allocated`),
          completed: naive(`month ${r.month}.completed`),
          credentials: naive(`month ${r.month}.credentials`),
        })),
        total: { bought: f.expected.total.bought, ...row("total"), credits: "hidden" },
      },
      {
        table: "Table",
        row: "Row",
        byCourse: "By course",
        byMonth: "By month",
        total: "Total",
        bought: "Seats bought",
        allocated: "Seats allocated",
        active: "Learning now",
        completed: "Completed",
        credentials: "Credentials issued",
        credits: "Credits earned",
        small: "<11",
        hidden: "hidden",
      },
    );
    const broken = recover(readCsv(naiveCsv), f);
    // 62 − 25 − 20 − 14: the last course's 3 allocated seats; 62 − 20 − 42: March's 0 allocations;
    // the months before March: 0 completions each (their sum is 0); community health: 20 allocated,
    // 20 active, so 0 completed.
    expect(broken.get(`course ${f.titles.travel}.allocated`)).toBe(3);
    expect(broken.get("month 2026-03.allocated")).toBe(0);
    expect(broken.get("month 2026-01.completed")).toBe(0);
    expect(broken.get(`course ${f.titles.community}.completed`)).toBe(0);
    for (const [name, value] of broken) expect({ name, value }).toEqual({ name, value: truth.get(name) });
  });

  test("no learner's display name, username, id or enrolment id is in the page (hydration data included) or the CSV", async () => {
    const { html } = await renderPage(f.orgId, member);
    const { text } = await getCsv(f.orgId, member);
    expect(f.learners.length).toBeGreaterThan(40);
    for (const body of [html, text]) {
      expect(body).not.toContain("Quillon");
      expect(body).not.toContain("Vexmoor");
      for (const l of f.learners) {
        expect(body).not.toContain(l.learnerId);
        expect(body).not.toContain(l.username);
        expect(body).not.toContain(l.enrolmentId);
      }
    }
    // The hydration data is there (so the check above covered it), and it has no hidden value either:
    // the loader's data says "small" and "hidden", never the number behind them.
    expect(html).toContain("window.__staticRouterHydrationData");
    expect(html).toContain('\\"small\\"');
  });

  test("in Arabic the page is right-to-left, charts mirrored; in Spanish the CSV speaks Spanish", async () => {
    const ar = await renderPage(f.orgId, member, { "Accept-Language": "ar" });
    expect(ar.status).toBe(200);
    expect(ar.html).toContain("تقرير الأثر");
    expect(ar.html).toContain('direction="rtl"');
    const es = await getCsv(f.orgId, member, { "Accept-Language": "es" });
    expect(es.text.startsWith("\uFEFFTabla,Fila,Plazas compradas,")).toBe(true);
    expect(es.text).toContain("Por curso,");
    expect(es.text).toContain("Por mes,");
  });
});

describe("who may read it", () => {
  test("another sponsor's member: not found; learner, educator, verifier: refused; a visitor: to log in; admin: yes", async () => {
    const stranger = await sessionCookieFor((await createSponsorMember()).id);
    const learner = await sessionCookieFor((await createLearner()).id);
    const educator = await sessionCookieFor((await createApprovedEducator()).id);
    const verifier = await sessionCookieFor((await createVerifier()).id);
    for (const load of [pageLoad, csvLoad]) {
      expect(await load(f.orgId, stranger)).toMatchObject({ kind: "thrown", status: 404 });
      expect(await load(f.orgId, learner)).toMatchObject({ kind: "thrown", status: 403 });
      expect(await load(f.orgId, educator)).toMatchObject({ kind: "thrown", status: 403 });
      expect(await load(f.orgId, verifier)).toMatchObject({ kind: "thrown", status: 403 });
      const visitor = await load(f.orgId, "");
      expect(visitor).toMatchObject({ kind: "thrown", status: 302 });
      expect((visitor as { location?: string }).location).toMatch(/^\/login\?redirectTo=/);
      // The first organisation's member has no other sponsor's report; ids cannot be probed.
      expect(await load(f.otherOrgId, member)).toMatchObject({ kind: "thrown", status: 404 });
      expect(await load("c0000000000000000unknown", member)).toMatchObject({ kind: "thrown", status: 404 });
      expect(await load("not-an-id!", member)).toMatchObject({ kind: "thrown", status: 404 });
    }
    // A stranger's rendered page is the 404 page and carries none of the report.
    const strangerPage = await renderPage(f.orgId, stranger);
    expect(strangerPage.status).toBe(404);
    expect(strangerPage.html).not.toContain(f.titles.bookkeeping);

    const adminPage = await renderPage(f.orgId, admin);
    expect(adminPage.status).toBe(200);
    expect(readPage(adminPage.html)).toEqual(readPage((await renderPage(f.orgId, member)).html));
    expect((await getCsv(f.orgId, admin)).response.status).toBe(200);
    // An NGO is no sponsor: not found, for an admin too.
    const ngo = await createOrganisation({ kind: "ngo" });
    expect(await pageLoad(ngo.id, admin)).toMatchObject({ kind: "thrown", status: 404 });
  });
});

describe("the CSV file", () => {
  test("a course title that starts like a formula is defused", async () => {
    const org = await createOrganisation({ kind: "sponsor" });
    const owner = await createSponsorMember({ orgId: org.id });
    const course = await createCourseOpenForCohorts({ title: '=HYPERLINK("http://evil.example","Pay")' });
    await paidOrderWithSeats({ orgId: org.id, courseId: course.id, seats: 3, paidAt: new Date("2026-01-05T12:00:00Z") });
    const { text } = await getCsv(org.id, await sessionCookieFor(owner.id));
    expect(text).toContain(`By course,"'=HYPERLINK(""http://evil.example"",""Pay"")",3,<11,<11,<11,<11,hidden`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});
