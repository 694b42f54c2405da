// The whole app as a process: a row written survives a restart (on the database this suite runs
// on: PGlite on disk by default, the PostgreSQL server when DATABASE_URL is set), security headers,
// the Origin check on state changes, cookie flags, and start-up refusal without production secrets.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createReferralCode, uniqueUsername } from "#tests/factories.ts";
import { runServerExpectingExit, startServer, type RunningServer } from "#tests/server-process.ts";

const kind = inject("databaseKind");
const dataDir = mkdtempSync(path.join(tmpdir(), "waystone-server-"));
// On PGlite the server owns its own on-disk database (one process may open a PGlite directory);
// on PostgreSQL it shares the suite's server database.
const dbEnv =
  kind === "pglite" ? { DATABASE_URL: "", DATA_DIR: dataDir } : { DATABASE_URL: inject("databaseUrl"), DATA_DIR: dataDir };
const env = {
  ...dbEnv,
  NODE_ENV: "production",
  SESSION_SECRET: "server-test-session-secret-0123456789abcdef",
  ENCRYPTION_KEY: "ff".repeat(32),
  APP_ORIGIN: "http://127.0.0.1:1",
};
const PASSWORD = "Lantern-Orchard-Silent-56";

let server: RunningServer;
let origin: string;

function post(pathname: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${origin}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, ...headers },
    body: new URLSearchParams(form),
  });
}

let code: string;

beforeAll(async () => {
  if (kind === "postgresql") {
    code = (await createReferralCode({ maxUses: 10 })).code;
  } else {
    // The server owns its PGlite directory: seed it first (migrations + demo data, idempotent).
    const { spawnSync } = await import("node:child_process");
    const seeded = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"], {
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
    if (seeded.status !== 0) throw new Error(seeded.stdout + seeded.stderr);
    expect(seeded.stdout).toMatch(/Seed complete: \d+ created/);
    code = "WAYS-TONE-DEMO";
  }
  server = await startServer(env);
  origin = server.url;
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

describe(`the running app (${kind})`, () => {
  test("a row written survives a restart of the app", async () => {
    const username = uniqueUsername("restart");
    const signup = await post("/signup", {
      code,
      username,
      displayName: "Restart Test",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    // The sign-up answers with its own page, which shows the recovery codes once.
    expect(signup.status).toBe(200);
    expect(signup.headers.get("cache-control")).toBe("no-store");
    expect(await signup.text()).toContain("Your recovery codes");

    await server.stop();
    server = await startServer(env);
    origin = server.url;

    const login = await post("/login", { identifier: username, password: PASSWORD });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/learn");
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const page = await fetch(`${origin}/learn`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Restart Test");
  }, 120_000);

  test("security headers on every page", async () => {
    const res = await fetch(`${origin}/login`);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    // every inline script carries this response's nonce
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
  });

  test("state changes only by POST from this site's pages", async () => {
    expect((await post("/login", { identifier: "a@b.c", password: "x" }, { Origin: "https://evil.example" })).status).toBe(403);
    const noOrigin = await fetch(`${origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "identifier=a%40b.c&password=x",
    });
    expect(noOrigin.status).toBe(403);
    // A plain form POST under Referrer-Policy: no-referrer carries `Origin: null`: accepted only when
    // Fetch Metadata says it came from this site.
    expect(
      (await post("/login", { identifier: "a@b.c", password: "x" }, { Origin: "null", "Sec-Fetch-Site": "same-origin" })).status,
    ).toBe(400);
    expect(
      (await post("/login", { identifier: "a@b.c", password: "x" }, { Origin: "null", "Sec-Fetch-Site": "cross-site" })).status,
    ).toBe(403);
    expect((await post("/login", { identifier: "a@b.c", password: "x" }, { Origin: "null" })).status).toBe(403);
    expect((await fetch(`${origin}/settings`, { method: "PUT", headers: { Origin: origin } })).status).toBe(405);
    expect((await fetch(`${origin}/logout`, { method: "DELETE", headers: { Origin: origin } })).status).toBe(405);
    const huge = await fetch(`${origin}/login`, {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=${"a".repeat(1_100_000)}`,
    });
    expect(huge.status).toBe(413);
  });

  test("the verification APIs take any origin (CORS), read no session, and refuse a 10 MB body as JSON; /verify refuses it with a page", async () => {
    const body = JSON.stringify({
      verifiableCredential: { "@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential"] },
    });
    for (const path of ["/credentials/verify", "/api/verify"]) {
      for (const headers of [{}, { Origin: "https://registrar.example.edu" }] as Array<Record<string, string>>) {
        const res = await fetch(`${origin}${path}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...headers },
          body,
        });
        // Not the Origin check's 403: a verification answer (this one fails its shape check).
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(400);
        expect(res.headers.get("access-control-allow-origin")).toBe("*");
        expect(((await res.json()) as { verified: boolean }).verified).toBe(false);
      }
      const preflight = await fetch(`${origin}${path}`, {
        method: "OPTIONS",
        headers: { Origin: "https://registrar.example.edu", "Access-Control-Request-Method": "POST" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-methods")).toBe("POST");
      const huge = await fetch(`${origin}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: `"${"a".repeat(10_000_000)}"`,
      });
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ verified: false, errors: [{ check: "shape", reason: "input_too_large" }] });
    }
    const page = await fetch(`${origin}/verify`, {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "multipart/form-data; boundary=x" },
      body: `--x\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\nContent-Type: application/json\r\n\r\n${"a".repeat(10_000_000)}\r\n--x--\r\n`,
    });
    expect(page.status).toBe(413);
    expect(await page.text()).toContain("<h1>");
  });

  test("session cookie flags, no-store on authenticated pages, and a forged cookie is simply logged out", async () => {
    const signup = await post("/signup", {
      code,
      username: uniqueUsername("cookie"),
      displayName: "Cookie Test",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(signup.status).toBe(200);
    const setCookie = signup.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^waystone_session=/); // plain http origin: no __Host- prefix, no Secure
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    const page = await fetch(`${origin}/learn`, { headers: { Cookie: setCookie.split(";")[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const forged = await fetch(`${origin}/learn`, { redirect: "manual", headers: { Cookie: "waystone_session=forged.value" } });
    expect(forged.status).toBe(302);
    expect(forged.headers.get("location")).toMatch(/^\/login/);
    const unknown = await fetch(`${origin}/no/such/page`);
    expect(unknown.status).toBe(404);
    const body = await unknown.text();
    expect(body).toContain("Page not found");
    expect(body).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
  });

  test("the catalog revalidates: ETag, then 304 without rendering (and without a new CSP); logged-in pages are not cached", async () => {
    // On the PostgreSQL server other test files publish courses and create educators meanwhile, and
    // either changes the catalog version (and so the ETag): a round trip that straddled such a change
    // is tried again, a few times at most.
    let first: Response;
    let etag: string | null;
    let again: Response;
    let tries = 0;
    do {
      first = await fetch(`${origin}/courses`);
      expect(first.status).toBe(200);
      etag = first.headers.get("etag");
      expect(etag).toMatch(/^W\/".+"$/);
      expect(first.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
      again = await fetch(`${origin}/courses`, { headers: { "If-None-Match": etag! } });
      tries += 1;
    } while (again.status === 200 && again.headers.get("etag") !== etag && tries < 5);
    expect(again.status).toBe(304);
    expect(again.headers.get("content-security-policy")).toBeNull(); // the cached page keeps its own nonce
    expect(await again.text()).toBe("");
    const otherLanguage = await fetch(`${origin}/courses`, { headers: { "If-None-Match": etag!, "Accept-Language": "es" } });
    expect(otherLanguage.status).toBe(200);

    const signup = await post("/signup", {
      code,
      username: uniqueUsername("catalog"),
      displayName: "Catalog Test",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    const cookie = signup.headers.get("set-cookie")!.split(";")[0]!;
    const private_ = await fetch(`${origin}/courses`, { headers: { Cookie: cookie, "If-None-Match": etag! } });
    expect(private_.status).toBe(200);
    expect(private_.headers.get("cache-control")).toBe("no-store");
  });

  test("healthz checks the database", async () => {
    const res = await fetch(`${origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });
});

test("production refuses to start without its secrets, naming them", async () => {
  const { code, output } = await runServerExpectingExit({
    NODE_ENV: "production",
    SESSION_SECRET: "",
    ENCRYPTION_KEY: "",
    DATA_DIR: dataDir,
  });
  expect(code).toBe(1);
  expect(output).toContain("SESSION_SECRET is required when NODE_ENV=production");
  expect(output).toContain("ENCRYPTION_KEY is required when NODE_ENV=production");
}, 60_000);
