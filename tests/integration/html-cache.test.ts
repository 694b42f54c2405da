// The rendered-HTML cache of anonymous catalog and course pages (server/html-cache.ts, ADR 010).
// Two halves. First, the middleware in this process in front of a stand-in for React Router that
// counts its renders, which shows what is a hit, what is never stored, the nonce substitution with the
// placeholder in hand, and the bounds. Second, the built app as a process on the suite's database,
// which shows the properties a visitor sees: a fresh nonce on every response around an otherwise
// identical page, one page per language, low-data state, method and query, logged-in pages never
// shared, and a catalog change (a publication, a new revision, an educator's new name) visible at once.
// On PGlite the server process uses this file's in-memory database through its socket. One PGlite is
// one PostgreSQL session (ADR 002), so this file never queries while a request is in flight.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import type { AppLoadContext } from "react-router";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { importCourses } from "#app/modules/courses/import-courses.server.ts";
import { serializePrefs } from "#app/modules/identity/cookies.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { updateProfile } from "#app/modules/identity/update-profile.server.ts";
import { createHtmlCache, LruStore, splitAtNonces, type HtmlCacheOptions } from "#server/html-cache.ts";
import { createPublishedCourse, makeParsedCourse } from "#tests/course-factories.ts";
import { createApprovedEducator, createLearner } from "#tests/factories.ts";
import { sessionCookieFor } from "#tests/route-helpers.ts";
import { startServer, type RunningServer } from "#tests/server-process.ts";

const PUBLIC = "public, max-age=0, must-revalidate";

function nonceOf(res: Response) {
  const csp = res.headers.get("content-security-policy");
  const nonce = csp?.match(/'nonce-([^']+)'/)?.[1];
  if (!nonce) throw new Error(`no nonce in CSP ${csp}`);
  return nonce;
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** What React writes for a text node (react-dom's escapeTextForBrowser). */
function escapeHtml(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/** The response's nonce is in nonce attributes of script (and link) start tags, and nowhere else. */
function expectNonceOnlyInAttributes(html: string, nonce: string) {
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
  for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
  // Every nonce attribute of the page carries this response's nonce: none kept a stored or placeholder value.
  const values = [...html.matchAll(/\snonce="([^"]*)"/g)].map((m) => m[1]);
  expect(values.length).toBeGreaterThan(0);
  expect(new Set(values)).toEqual(new Set([nonce]));
  const tagsWithNonce = new RegExp(`<(?:script|link)\\b[^>]*\\snonce="${escapeRegExp(nonce)}"[^>]*>`, "g");
  expect(html.replace(tagsWithNonce, "")).not.toContain(nonce);
  return scripts.length;
}

// ---------------------------------------------------------------- the middleware, in this process

type Page = (request: Request, context: AppLoadContext) => Response | Promise<Response>;

function htmlPage(body: string, init: { status?: number; headers?: Record<string, string> } = {}) {
  return new Response(`<!doctype html><html><head></head><body>${body}</body></html>`, {
    status: init.status ?? 200,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": PUBLIC, ETag: 'W/"v1"', ...init.headers },
  });
}

/** A page with two nonce attributes and the request's language, as the root layout would render. */
const standardPage: Page = (request, { cspNonce }) =>
  htmlPage(
    `<p lang="${request.headers.get("accept-language")}">${request.method} ${new URL(request.url).search}</p>` +
      `<link rel="modulepreload" href="/a.js" nonce="${cspNonce}"/><script nonce="${cspNonce}">1</script>`,
  );

type Harness = {
  url: string;
  renders: () => number;
  placeholder: () => string;
  get: (path: string, headers?: Record<string, string>, method?: string) => Promise<Response>;
  close: () => Promise<void>;
  version: { value: string };
  build: { value: string };
};

async function harness(page: Page, options: Partial<HtmlCacheOptions> = {}): Promise<Harness> {
  let renders = 0;
  let placeholder = "";
  const version = { value: "v1" };
  const build = { value: "build-1" };
  const app = express();
  // server/index.ts's security headers, reduced to the nonce.
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader("Content-Security-Policy", `script-src 'nonce-${res.locals.cspNonce as string}'`);
    next();
  });
  app.use(
    createHtmlCache({
      render: async (request, context) => {
        renders += 1;
        placeholder = context.cspNonce;
        return page(request, context);
      },
      buildVersion: () => build.value,
      catalogVersion: async () => version.value,
      origin: "http://localhost",
      ...options,
    }),
  );
  // Where React Router would render the request itself, with its own nonce.
  app.use((_req, res) => {
    res.setHeader("X-Rendered-By", "react-router");
    res.type("html").send(`<script nonce="${res.locals.cspNonce as string}">direct</script>`);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    renders: () => renders,
    placeholder: () => placeholder,
    version,
    build,
    get: (p, headers = {}, method = "GET") => fetch(url + p, { headers, method }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("the HTML cache middleware", () => {
  test("a second request is a hit: no render, the same page with a fresh nonce substituted", async () => {
    const h = await harness(standardPage);
    try {
      const first = await h.get("/courses");
      const second = await h.get("/courses");
      expect(h.renders()).toBe(1);
      const [a, b] = [await first.text(), await second.text()];
      expect(nonceOf(first)).not.toBe(nonceOf(second));
      expect(expectNonceOnlyInAttributes(a, nonceOf(first))).toBe(1);
      expect(expectNonceOnlyInAttributes(b, nonceOf(second))).toBe(1);
      expect(b.replaceAll(nonceOf(second), "N")).toBe(a.replaceAll(nonceOf(first), "N"));
      expect(h.placeholder()).toMatch(/^[0-9a-f]{48}$/);
      for (const body of [a, b]) expect(body).not.toContain(h.placeholder());
      expect(second.headers.get("cache-control")).toBe(PUBLIC);
      expect(second.headers.get("etag")).toBe('W/"v1"');
      expect(second.headers.get("x-rendered-by")).toBeNull();
    } finally {
      await h.close();
    }
  });

  test("the key: path and raw query, method, language, low-data state, build and catalog version", async () => {
    const h = await harness(standardPage);
    try {
      const lowData = (await serializePrefs({ lowData: true })).split(";")[0]!;
      const spanish = (await serializePrefs({ lang: "es" })).split(";")[0]!;
      await h.get("/courses?subject=physics");
      expect(h.renders()).toBe(1);
      const variants: Array<[string, Record<string, string>, string?]> = [
        ["/courses?level=advanced", {}],
        ["/courses?subject=physics&", {}],
        ["/courses/some-course", {}],
        ["/courses?subject=physics", {}, "HEAD"],
        ["/courses?subject=physics", { "Accept-Language": "es" }],
        ["/courses?subject=physics", { "Save-Data": "on" }],
        ["/courses?subject=physics", { Cookie: lowData }],
      ];
      for (const [p, headers, method] of variants) {
        const before = h.renders();
        const res = await h.get(p, headers, method);
        expect(res.status).toBe(200);
        expect(h.renders(), `${method ?? "GET"} ${p} ${JSON.stringify(headers)}`).toBe(before + 1);
      }
      // The language is resolved as the root loader does: cookie first, then Accept-Language.
      const before = h.renders();
      const viaCookie = await h.get("/courses?subject=physics", { Cookie: spanish, "Accept-Language": "en" });
      expect(await viaCookie.text()).toContain('<p lang="es">');
      const viaHeader = await h.get("/courses?subject=physics", { "Accept-Language": "es-MX,es;q=0.9" });
      expect(await viaHeader.text()).toContain('<p lang="es">');
      expect(h.renders()).toBe(before);
      // A HEAD answer has no body, and does not give GET an empty one.
      const head = await h.get("/courses?subject=physics", {}, "HEAD");
      expect(await head.text()).toBe("");
      expect(await (await h.get("/courses?subject=physics")).text()).toContain("GET ?subject=physics");

      h.version.value = "v2";
      await h.get("/courses?subject=physics");
      expect(h.renders()).toBe(before + 1);
      h.build.value = "build-2";
      await h.get("/courses?subject=physics");
      expect(h.renders()).toBe(before + 2);
    } finally {
      await h.close();
    }
  });

  test("a miss renders a request holding only the key, for the public origin", async () => {
    const seen: Request[] = [];
    const h = await harness((request, context) => {
      seen.push(request);
      return standardPage(request, context);
    });
    try {
      const lowData = (await serializePrefs({ lowData: true })).split(";")[0]!;
      await h.get("/courses?q=x", {
        Cookie: `${lowData}; tracking=1`,
        "Accept-Language": "es-MX,es;q=0.9",
        "User-Agent": "Googlebot/2.1",
        "X-Anything": "1",
      });
      const [request] = seen;
      expect(request!.url).toBe("http://localhost/courses?q=x");
      expect(Object.fromEntries(request!.headers)).toEqual({
        accept: "text/html",
        "accept-language": "es",
        cookie: lowData,
      });
    } finally {
      await h.close();
    }
  });

  test("concurrent misses of one key share one render", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = await harness(async (request, context) => {
      await gate;
      return standardPage(request, context);
    });
    try {
      const responses = Array.from({ length: 5 }, () => h.get("/courses/slow-course"));
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      const all = await Promise.all(responses);
      expect(h.renders()).toBe(1);
      const nonces = all.map(nonceOf);
      expect(new Set(nonces).size).toBe(5);
      for (const [i, res] of all.entries()) expectNonceOnlyInAttributes(await res.text(), nonces[i]!);
    } finally {
      await h.close();
    }
  });

  test("logged-in requests bypass the cache, in both directions", async () => {
    const h = await harness(standardPage);
    try {
      for (const cookie of ["waystone_session=abc.def", "__Host-waystone_session=abc", "a=1; waystone_session=x"]) {
        const res = await h.get("/courses", { Cookie: cookie });
        expect(res.headers.get("x-rendered-by")).toBe("react-router");
      }
      expect(h.renders()).toBe(0);
      await h.get("/courses");
      const loggedIn = await h.get("/courses", { Cookie: "waystone_session=abc.def" });
      expect(loggedIn.headers.get("x-rendered-by")).toBe("react-router");
      expect(h.renders()).toBe(1);
    } finally {
      await h.close();
    }
  });

  test("only public 200 HTML without Set-Cookie is stored; other paths and methods are not touched", async () => {
    const responses: Record<string, Page> = {
      "/courses/missing": (_r, { cspNonce }) => htmlPage(`<script nonce="${cspNonce}"></script>404`, { status: 404 }),
      "/courses/private": (_r, { cspNonce }) =>
        htmlPage(`<script nonce="${cspNonce}"></script>`, { headers: { "Cache-Control": "no-store" } }),
      "/courses/cookie": (_r, { cspNonce }) =>
        htmlPage(`<script nonce="${cspNonce}"></script>`, { headers: { "Set-Cookie": "a=1" } }),
      "/courses/json": () => new Response("{}", { headers: { "Content-Type": "application/json", "Cache-Control": PUBLIC } }),
    };
    const h = await harness((request, context) => responses[new URL(request.url).pathname]!(request, context));
    try {
      for (const p of Object.keys(responses)) {
        const before = h.renders();
        const first = await h.get(p);
        const second = await h.get(p);
        expect(h.renders(), p).toBe(before + 2);
        // Sent as rendered (with this response's nonce) only when nothing in it was meant for one visitor.
        for (const res of [first, second]) {
          expect(res.headers.get("x-rendered-by")).toBe(p === "/courses/cookie" ? "react-router" : null);
          expect(res.headers.get("set-cookie")).toBeNull();
        }
        if (p === "/courses/missing") {
          expect(first.status).toBe(404);
          expectNonceOnlyInAttributes(await first.text(), nonceOf(first));
        }
      }
      for (const p of ["/courses/", "/courses.data", "/courses/a/b", "/courses/Caps", "/courses/a%2Fb", "/safety"]) {
        const res = await h.get(p);
        expect(res.headers.get("x-rendered-by"), p).toBe("react-router");
      }
      const post = await fetch(`${h.url}/courses`, { method: "POST" });
      expect(post.headers.get("x-rendered-by")).toBe("react-router");
      expect(h.renders()).toBe(8);
    } finally {
      await h.close();
    }
  });

  test("a page changed by a catalog write during its render is sent but not stored", async () => {
    const h: Harness = await harness((request, context) => {
      h.version.value = `v${h.renders() + 1}`; // a publish lands while the page renders
      return standardPage(request, context);
    });
    try {
      await h.get("/courses");
      h.version.value = "v1";
      await h.get("/courses");
      expect(h.renders()).toBe(2);
    } finally {
      await h.close();
    }
  });

  test("a page with its placeholder outside a nonce attribute is neither stored nor sent", async () => {
    // As if authored text could contain the placeholder: it cannot (it never leaves the process), and
    // if it did, substituting there would hand the text a valid nonce.
    const h = await harness((_r, { cspNonce }) => htmlPage(`<script nonce="${cspNonce}"></script><p>${cspNonce}</p>`));
    try {
      for (let i = 0; i < 2; i++) {
        const res = await h.get("/courses");
        expect(res.headers.get("x-rendered-by")).toBe("react-router");
        expect(await res.text()).not.toContain(h.placeholder());
      }
      expect(h.renders()).toBe(2);
    } finally {
      await h.close();
    }
    expect(splitAtNonces('<script nonce="P"></script>a nonce="P" b', "P")).toEqual(["<script ", "></script>a ", " b"]);
    expect(splitAtNonces('<script nonce="P"></script><p>P</p>', "P")).toBeNull();
    expect(splitAtNonces("<script nonce='P'></script>", "P")).toBeNull();
  });

  test("an unchanged cached page is answered 304 without its CSP", async () => {
    const h = await harness(standardPage);
    try {
      await h.get("/courses");
      const res = await h.get("/courses", { "If-None-Match": 'W/"other", W/"v1"' });
      expect(res.status).toBe(304);
      expect(res.headers.get("content-security-policy")).toBeNull();
      expect(res.headers.get("etag")).toBe('W/"v1"');
      expect(await res.text()).toBe("");
      expect((await h.get("/courses", { "If-None-Match": 'W/"v0"' })).status).toBe(200);
      expect(h.renders()).toBe(1);
    } finally {
      await h.close();
    }
  });

  test("bounded by entries and bytes, least recently used out first; query strings only evict each other", async () => {
    const store = new LruStore<string>({ maxEntries: 3, maxBytes: 100 });
    store.set("a", "a", 10);
    store.set("b", "b", 10);
    store.set("c", "c", 10);
    store.get("a");
    store.set("d", "d", 10);
    expect([store.get("a"), store.get("b"), store.get("c"), store.get("d")]).toEqual(["a", undefined, "c", "d"]);
    store.set("e", "e", 95);
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(95);
    expect(store.set("huge", "x", 101)).toBe(false);
    expect(store.get("e")).toBe("e");

    const h = await harness(standardPage, {
      limits: { plain: { maxEntries: 10, maxBytes: 1e6 }, query: { maxEntries: 2, maxBytes: 1e6 }, maxEntryBytes: 1e5 },
    });
    try {
      await h.get("/courses");
      for (let i = 0; i < 20; i++) await h.get(`/courses?random=${i}`);
      expect(h.renders()).toBe(21);
      await h.get("/courses");
      await h.get("/courses?random=19");
      expect(h.renders()).toBe(21);
      await h.get("/courses?random=0");
      expect(h.renders()).toBe(22);
    } finally {
      await h.close();
    }
    const small = await harness((_r, { cspNonce }) => htmlPage(`<script nonce="${cspNonce}"></script>${"x".repeat(2000)}`), {
      limits: { maxEntryBytes: 1000 },
    });
    try {
      await small.get("/courses");
      await small.get("/courses");
      expect(small.renders()).toBe(2);
    } finally {
      await small.close();
    }
  });
});

// ---------------------------------------------------------------- the built app

const kind = inject("databaseKind");
const token = `zq${randomBytes(4).toString("hex")}`;
// Nonce-looking text in authored fields: it must come out as text, untouched by the substitution.
const fakeNonce = randomBytes(16).toString("base64");
const probeTitle = `${token} probe nonce="${fakeNonce}" <script nonce="${fakeNonce}">alert(1)</script>`;
const probeSummary = `'nonce-${fakeNonce}' nonce=" nonce=&quot;x&quot; </p><script>alert(2)</script>`;
let probeSlug: string;
let server: RunningServer;

beforeAll(async () => {
  const probe = makeParsedCourse({ title: probeTitle, subject: "physics" });
  probe.fields.summary = probeSummary;
  await importCourses(null, { courses: [probe] });
  probeSlug = probe.slug;
  await createPublishedCourse({ title: `${token} algebra`, subject: "mathematics" });
  server = await startServer({
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "waystone-html-cache-")),
    NODE_ENV: "production",
    // The secret of this process's sessionCookieFor: its cookies must log in on the server.
    SESSION_SECRET: process.env.SESSION_SECRET,
    ENCRYPTION_KEY: "ee".repeat(32),
    APP_ORIGIN: "http://127.0.0.1:1",
  });
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

function get(p: string, headers: Record<string, string> = {}, method = "GET") {
  return fetch(server.url + p, { headers, method, redirect: "manual" });
}

/** Two responses of one page: each has its own nonce, and nothing else differs. */
async function expectSamePageFreshNonce(p: string, headers: Record<string, string> = {}) {
  const [first, second] = [await get(p, headers), await get(p, headers)];
  expect(first.status).toBe(200);
  expect(second.status).toBe(200);
  const [a, b] = [await first.text(), await second.text()];
  const [na, nb] = [nonceOf(first), nonceOf(second)];
  expect(na).not.toBe(nb);
  expect(expectNonceOnlyInAttributes(a, na)).toBeGreaterThan(0);
  expect(expectNonceOnlyInAttributes(b, nb)).toBeGreaterThan(0);
  expect(b.replaceAll(nb, "N")).toBe(a.replaceAll(na, "N"));
  return { html: b, response: second };
}

describe(`the built app serves cached pages correctly (${kind})`, () => {
  test("catalog and course pages: a fresh nonce per response, the same page otherwise, authored text verbatim", async () => {
    const catalog = await expectSamePageFreshNonce(`/courses?q=${token}`);
    expect(catalog.response.headers.get("cache-control")).toBe(PUBLIC);
    expect(catalog.html).toContain(`>${escapeHtml(probeTitle)}</a></h3>`);
    expect(catalog.html).toContain(`>${escapeHtml(probeSummary)}</p>`);
    expect(catalog.html).toContain(`${token} algebra`);

    const course = await expectSamePageFreshNonce(`/courses/${probeSlug}`);
    expect(course.html).toContain(`>${escapeHtml(probeTitle)}</h1>`);
    expect(course.html).toContain(`>${escapeHtml(probeSummary)}</p>`);
    expect(course.html).not.toContain("<script>alert");
    expect(course.html).not.toContain(`<script nonce="${fakeNonce}"`);

    const first = await expectSamePageFreshNonce("/courses");
    expect(first.html).toContain("Course catalog");

    // An unknown course is a 404 every time (not stored), with this response's nonce.
    for (let i = 0; i < 2; i++) {
      const missing = await get(`/courses/no-such-course-${token}`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("cache-control")).toBe("no-store");
      const html = await missing.text();
      expect(html).toContain("Page not found");
      expectNonceOnlyInAttributes(html, nonceOf(missing));
    }
  });

  test("one page per language, low-data state, method and query", async () => {
    const p = `/courses?q=${token}`;
    const english = await expectSamePageFreshNonce(p);
    expect(english.html).toContain('<html lang="en" dir="ltr">');
    expect(english.html).toContain("Course catalog");

    const spanish = await expectSamePageFreshNonce(p, { "Accept-Language": "es" });
    expect(spanish.html).toContain('<html lang="es" dir="ltr">');
    expect(spanish.html).toContain("Catálogo de cursos");
    const spanishCookie = (await serializePrefs({ lang: "es" })).split(";")[0]!;
    expect(
      (await get(p, { Cookie: spanishCookie, "Accept-Language": "en" }).then((r) => r.text())).replace(/nonce="[^"]*"/g, ""),
    ).toBe(spanish.html.replace(/nonce="[^"]*"/g, ""));
    const arabic = await get(p, { "Accept-Language": "ar" });
    expect(await arabic.text()).toContain('<html lang="ar" dir="rtl">');

    // Low data: no script at all; with Save-Data the switch is locked on, with the cookie it is not.
    const saveData = await get(p, { "Save-Data": "on" });
    const saveDataHtml = await saveData.text();
    expect(saveDataHtml).not.toContain("<script");
    expect(saveDataHtml).toMatch(/<button[^>]*aria-pressed="true"[^>]*disabled=""/);
    const lowDataCookie = (await serializePrefs({ lowData: true })).split(";")[0]!;
    const lowData = await get(p, { Cookie: lowDataCookie });
    const lowDataHtml = await lowData.text();
    expect(lowDataHtml).not.toContain("<script");
    expect(lowDataHtml).toMatch(/<button[^>]*aria-pressed="true"/);
    expect(lowDataHtml).not.toMatch(/<button[^>]*aria-pressed="true"[^>]*disabled=""/);
    const full = await get(p);
    expect(await full.text()).toContain("<script");

    const head = await get(`/courses?q=${token}&subject=physics`, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const filtered = await expectSamePageFreshNonce(`/courses?q=${token}&subject=physics`);
    expect(filtered.html).toContain(escapeHtml(probeTitle));
    expect(filtered.html).not.toContain(`${token} algebra`);
  });

  test("an unchanged page is answered 304 without a CSP; a catalog change makes it 200 again", async () => {
    const p = `/courses/${probeSlug}`;
    await get(p);
    const page = await get(p);
    const etag = page.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get(p, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("content-security-policy")).toBeNull();
    expect(await again.text()).toBe("");
    await createPublishedCourse({ title: `${token} unrelated` });
    expect((await get(p, { "If-None-Match": etag })).status).toBe(200);
  });

  test("a logged-in request is never served from the cache, nor stored", async () => {
    const p = `/courses?q=${token}`;
    const name = `Reader ${token}`;
    const user = await createLearner({ displayName: name });
    const cookie = await sessionCookieFor(user.id);
    await get(p); // an anonymous copy is stored
    for (let i = 0; i < 2; i++) {
      const res = await get(p, { Cookie: cookie });
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).toContain(`Signed in as <bdi>${name}</bdi>`);
    }
    const course = await get(`/courses/${probeSlug}`, { Cookie: cookie });
    expect(await course.text()).toContain(`Signed in as <bdi>${name}</bdi>`);
    // and the logged-in pages were not kept for anonymous visitors
    for (const q of [p, `/courses/${probeSlug}`]) {
      const anonymous = await get(q);
      expect(anonymous.headers.get("cache-control")).toBe(PUBLIC);
      expect(await anonymous.text()).not.toContain(name);
    }
  });

  test("a catalog change shows at once: a newly published course, a course's new revision", async () => {
    const p = `/courses?q=${token}`;
    const before = await (await get(p)).text();
    const added = `${token} newly published`;
    expect(before).not.toContain(added);
    const course = await createPublishedCourse({ title: added });
    expect(await (await get(p)).text()).toContain(added);

    const page = `/courses/${course.slug}`;
    expect(await (await get(page)).text()).toContain(`>${added}</h1>`);
    await createPublishedCourse({ slug: course.slug, title: `${token} revised` });
    expect(await (await get(page)).text()).toContain(`>${token} revised</h1>`);
  });

  test("an educator's new display name shows at once on the pages of the courses they co-author", async () => {
    const educator = await createApprovedEducator({ displayName: `Teacher ${token}` });
    const course = await createPublishedCourse({ title: `${token} co-authored`, authorIds: [educator.id] });
    const page = `/courses/${course.slug}`;
    expect(await (await get(page)).text()).toContain(`<li dir="auto">Teacher ${token}</li>`);
    await get(page);
    await updateProfile(await actorFor(educator.id), { displayName: `Renamed ${token}`, locale: "en" });
    const html = await (await get(page)).text();
    expect(html).toContain(`<li dir="auto">Renamed ${token}</li>`);
    expect(html).not.toContain(`Teacher ${token}`);
  });
});
