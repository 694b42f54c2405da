// The shell of every page (ADR 017): quick exit ends the session on the server, no redirect or logged-in
// answer is ever stored, and only the public pages (home, catalog, course pages) may be indexed.
// First the routes as React Router calls them, then the built app as a process on the suite's database
// (headers, the Origin check of a beacon, robots.txt and the meta of rendered pages).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as exitRoute from "#app/routes/exit.ts";
import * as learnRoute from "#app/routes/learn.tsx";
import * as logoutRoute from "#app/routes/logout.tsx";
import * as preferencesRoute from "#app/routes/preferences.tsx";
import { getPublicEnv } from "#app/utils/env.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { createPublishedCourse } from "#tests/course-factories.ts";
import { createLearner } from "#tests/factories.ts";
import { context, makeRequest, sessionCookieFor } from "#tests/route-helpers.ts";
import { startServer, type RunningServer } from "#tests/server-process.ts";

const sessionIdOf = async (userId: string) =>
  (await prisma.session.findMany({ where: { userId }, select: { id: true } })).map((s) => s.id);
const logouts = (userId: string) => prisma.auditEvent.count({ where: { action: "auth.logout", actorId: userId } });

/** A loader's or action's Response, returned or thrown. */
async function responseOf(fn: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await fn();
    if (result instanceof Response) return result;
    throw new Error(`not a Response: ${JSON.stringify(result)}`);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

describe("POST /exit (the route)", () => {
  test("the form: ends this session (audited as a log-out), forgets the browser's data, 303 to the neutral site", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    await sessionCookieFor(learner.id); // the same person on another device keeps that session
    expect(await sessionIdOf(learner.id)).toHaveLength(2);

    const res = await responseOf(() =>
      exitRoute.action({ request: makeRequest("/exit", { cookie, form: {} }), params: {}, context } as never),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(getPublicEnv().QUICK_EXIT_URL);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Clear-Site-Data")).toBe('"cache", "cookies", "storage"');
    expect(res.headers.get("Set-Cookie")).toMatch(/^waystone_session=;.*Max-Age=0/);

    expect(await sessionIdOf(learner.id)).toHaveLength(1);
    expect(await logouts(learner.id)).toBe(1);
    // The old cookie is worth nothing now: /learn sends it to the login page.
    const after = await responseOf(() =>
      learnRoute.loader({ request: makeRequest("/learn", { cookie }), params: {}, context } as never),
    );
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Flearn");
  });

  test("the beacon (JavaScript): the same, answered 204 (the page has already left)", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const res = await responseOf(() =>
      exitRoute.action({ request: makeRequest("/exit?beacon=1", { cookie, form: {} }), params: {}, context } as never),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("Location")).toBeNull();
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Clear-Site-Data")).toBe('"cache", "cookies", "storage"');
    expect(res.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await sessionIdOf(learner.id)).toHaveLength(0);
    expect(await logouts(learner.id)).toBe(1);
  });

  test("without a session, or twice, it still leaves, and records nothing more", async () => {
    const anonymous = await responseOf(() =>
      exitRoute.action({ request: makeRequest("/exit", { form: {} }), params: {}, context } as never),
    );
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toBe(getPublicEnv().QUICK_EXIT_URL);

    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    for (const url of ["/exit?beacon=1", "/exit"]) {
      const res = await responseOf(() =>
        exitRoute.action({ request: makeRequest(url, { cookie, form: {} }), params: {}, context } as never),
      );
      expect(res.status).toBeLessThan(400);
    }
    expect(await logouts(learner.id)).toBe(1);
  });

  test("a body it does not read (control characters included) changes nothing about leaving", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const res = await responseOf(() =>
      exitRoute.action({ request: makeRequest("/exit", { cookie, form: { x: "a\u0000b" } }), params: {}, context } as never),
    );
    expect(res.status).toBe(303);
    expect(await sessionIdOf(learner.id)).toHaveLength(0);
  });

  test("a GET changes nothing and goes home", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const res = await responseOf(() =>
      exitRoute.loader({ request: makeRequest("/exit", { cookie }), params: {}, context } as never),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    expect(await sessionIdOf(learner.id)).toHaveLength(1);
  });
});

describe("redirects are never stored (route())", () => {
  test("requireUser's redirect to the login page, the log-out's and the preferences' redirects carry no-store", async () => {
    const toLogin = await responseOf(() => learnRoute.loader({ request: makeRequest("/learn"), params: {}, context } as never));
    expect(toLogin.status).toBe(302);
    expect(toLogin.headers.get("Cache-Control")).toBe("no-store");

    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const prefs = await responseOf(() =>
      preferencesRoute.action({
        request: makeRequest("/preferences", { cookie, form: { lang: "en", redirectTo: "/learn" } }),
        params: {},
        context,
      } as never),
    );
    expect(prefs.status).toBe(302);
    expect(prefs.headers.get("Cache-Control")).toBe("no-store");

    const out = await responseOf(() =>
      logoutRoute.action({ request: makeRequest("/logout", { cookie, form: {} }), params: {}, context } as never),
    );
    expect(out.status).toBe(302);
    expect(out.headers.get("Cache-Control")).toBe("no-store");
  });
});

// ---------------------------------------------------------------- the built app

const NEUTRAL = "https://neutral.example/forecast";
let server: RunningServer;
let courseSlug: string;
let courseSummary: string;

beforeAll(async () => {
  const course = await createPublishedCourse();
  courseSlug = course.slug;
  courseSummary = course.fields.summary;
  server = await startServer({
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "waystone-shell-")),
    NODE_ENV: "production",
    // The secret of this process's sessionCookieFor: its cookies must log in on the server.
    SESSION_SECRET: process.env.SESSION_SECRET,
    ENCRYPTION_KEY: "dd".repeat(32),
    APP_ORIGIN: "http://127.0.0.1:1",
    QUICK_EXIT_URL: NEUTRAL,
  });
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

function get(p: string, headers: Record<string, string> = {}) {
  return fetch(server.url + p, { headers, redirect: "manual" });
}

function post(p: string, headers: Record<string, string>) {
  return fetch(server.url + p, { method: "POST", headers, redirect: "manual" });
}

const robotsMeta = (html: string) => html.match(/<meta name="robots" content="([^"]*)"/)?.[1] ?? null;
const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const description = (html: string) => {
  const value = html.match(/<meta name="description" content="([^"]*)"/)?.[1];
  return value === undefined ? null : unescape(value);
};

describe("the running app", () => {
  test("quick exit as a beacon sends it (Origin: null, same-origin): the server accepts it and ends the session", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const beacon = await post("/exit?beacon=1", { Cookie: cookie, Origin: "null", "Sec-Fetch-Site": "same-origin" });
    expect(beacon.status).toBe(204);
    expect(beacon.headers.get("clear-site-data")).toBe('"cache", "cookies", "storage"');
    expect(await sessionIdOf(learner.id)).toHaveLength(0);
    // From another site it is refused like any other POST (the worst it could do is log someone out).
    const other = await createLearner();
    const otherCookie = await sessionCookieFor(other.id);
    const forged = await post("/exit", { Cookie: otherCookie, Origin: "null", "Sec-Fetch-Site": "cross-site" });
    expect(forged.status).toBe(403);
    expect(await sessionIdOf(other.id)).toHaveLength(1);
  });

  test("quick exit without JavaScript: 303 to the configured neutral site, which the page's form-action allows", async () => {
    const res = await post("/exit", { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(NEUTRAL);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const page = await get("/safety");
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self' https://neutral.example");
    const form = (await page.text()).match(/<form[^>]*data-quick-exit[^>]*>/)?.[0] ?? "";
    expect(form).toContain('action="/exit"');
    expect(form).toContain('method="post"');
    expect(form).toContain('data-href="https://neutral.example/forecast"');
  });

  test("every redirect and every logged-in answer is no-store; static assets stay cacheable", async () => {
    const toLogin = await get("/learn");
    expect(toLogin.status).toBe(302);
    expect(toLogin.headers.get("cache-control")).toBe("no-store");
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const home = await get("/", { Cookie: cookie });
    expect(home.status).toBe(200);
    expect(home.headers.get("cache-control")).toBe("no-store");
    const notLearner = await get("/admin", { Cookie: cookie });
    expect(notLearner.headers.get("cache-control")).toBe("no-store");
    const asset = (await home.text()).match(/href="(\/assets\/[^"]+\.css)"/)![1]!;
    const css = await get(asset, { Cookie: cookie });
    expect(css.status).toBe(200);
    expect(css.headers.get("cache-control")).toMatch(/immutable/);
  });

  test("home, catalog and course pages are indexable with a description; the course's is its summary", async () => {
    for (const p of ["/", "/courses", `/courses/${courseSlug}`]) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get("x-robots-tag"), p).toBeNull();
      const html = await res.text();
      expect(robotsMeta(html), p).toBeNull();
      expect(description(html)?.length ?? 0, p).toBeGreaterThan(20);
    }
    const course = await (await get(`/courses/${courseSlug}`)).text();
    expect(description(course)).toBe(courseSummary.replace(/\s+/g, " ").trim());
    // Translated in the page's language.
    const es = await (await get("/", { "Accept-Language": "es" })).text();
    expect(description(es)).toMatch(/^Cursos en línea/);
    const ar = await (await get("/courses", { "Accept-Language": "ar" })).text();
    expect(description(ar)).toMatch(/\p{Script=Arabic}/u);
  });

  test("pages behind a login, the forms to join, and every error page are noindex", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    for (const [p, headers] of [
      ["/learn", { Cookie: cookie }],
      ["/settings", { Cookie: cookie }],
      ["/login", {}],
      ["/signup", {}],
      ["/safety", {}],
    ] as const) {
      const res = await get(p, headers);
      expect(res.status, p).toBe(200);
      const html = await res.text();
      expect(robotsMeta(html), p).toBe("noindex");
      expect(description(html), p).toBeNull();
    }
    for (const [p, status, headers] of [
      ["/no/such/page", 404, {}],
      ["/courses/no-such-course", 404, {}],
      ["/admin", 403, { Cookie: cookie }],
    ] as const) {
      const res = await get(p, headers);
      expect(res.status, p).toBe(status);
      expect(res.headers.get("x-robots-tag"), p).toBe("noindex");
      expect(robotsMeta(await res.text()), p).toBe("noindex");
    }
  });

  test("the signed-in menu links to the notices, with the number of unread ones", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const before = await (await get("/learn", { Cookie: cookie })).text();
    expect(before).toMatch(/<a[^>]*href="\/notices"[^>]*>Notices<\/a>/);
    await prisma.$transaction(async (tx) => {
      await notify(tx, learner.id, "/learn");
      await notify(tx, learner.id, "/settings");
    });
    const after = await (await get("/learn", { Cookie: cookie })).text();
    expect(after).toMatch(/<a[^>]*href="\/notices"[^>]*>Notices \(2\)<\/a>/);
    // The menu's button says so too, where the menu is folded (a phone).
    expect(after).toMatch(/<span class="menu-badge">2 new<\/span>/);
    const ar = await (await get("/learn", { Cookie: cookie, "Accept-Language": "ar" })).text();
    expect(ar).toContain("إشعاران جديدان");
    // Nobody signed in: no notices link.
    expect(await (await get("/")).text()).not.toContain('href="/notices"');
  });

  test("robots.txt lets crawlers reach the public pages and keeps them off token and POST-only paths", async () => {
    const res = await get("/robots.txt");
    expect(res.status).toBe(200);
    const rules = (await res.text())
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    expect(rules[0]).toBe("User-agent: *");
    const disallowed = rules.filter((l) => l.startsWith("Disallow:")).map((l) => l.slice("Disallow:".length).trim());
    expect(disallowed).toEqual(expect.arrayContaining(["/invite/", "/exit", "/logout", "/preferences"]));
    // Nothing indexable is disallowed (a disallowed page could not be read at all).
    for (const p of ["/", "/courses", `/courses/${courseSlug}`]) {
      expect(
        disallowed.some((d) => d !== "" && p.startsWith(d)),
        p,
      ).toBe(false);
    }
  });
});
