// TRUST_PROXY is the number of trusted proxy hops (app/utils/env.server.ts, server/index.ts), checked on
// the built app as a process: with 0 hops a client cannot choose its address with X-Forwarded-For (the
// login throttle still counts it as one client); with 1 hop only the entry the proxy appended counts, a
// forged leftmost one is ignored, and HTTPS behind the proxy works (X-Forwarded-Proto: secure cookies,
// pages answer, the session is recognised: no redirect loop); "true" is refused at start-up.
// Needs a build (`npm run build`, or BUILD_DIR=… npx react-router build).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { THROTTLE } from "#app/modules/identity/throttle.server.ts";
import { createLearner, TEST_PASSWORD, uniqueUsername } from "#tests/factories.ts";
import { runServerExpectingExit, startServer, type RunningServer } from "#tests/server-process.ts";

const kind = inject("databaseKind");
const dataDir = mkdtempSync(path.join(tmpdir(), "waystone-proxy-"));
// As in server.test.ts: on PGlite the server owns its on-disk database (seeded here, one server at a
// time); on PostgreSQL it shares the suite's database, so the learner comes from the factories.
const dbEnv =
  kind === "pglite" ? { DATABASE_URL: "", DATA_DIR: dataDir } : { DATABASE_URL: inject("databaseUrl"), DATA_DIR: dataDir };
const baseEnv = {
  ...dbEnv,
  NODE_ENV: "production",
  SESSION_SECRET: "proxy-test-session-secret-0123456789abcdef",
  ENCRYPTION_KEY: "ee".repeat(32),
};
const HTTPS_ORIGIN = "https://waystone.test";

let learner: { username: string; password: string };

beforeAll(async () => {
  if (kind === "postgresql") {
    learner = { username: (await createLearner()).username, password: TEST_PASSWORD };
  } else {
    const seeded = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"], {
      env: { ...process.env, ...baseEnv },
      encoding: "utf8",
    });
    if (seeded.status !== 0) throw new Error(seeded.stdout + seeded.stderr);
    learner = { username: "river", password: "Learner-demo-pass-2026" }; // prisma/seed.ts
  }
}, 120_000);

type Answer = "ok" | "invalid" | "locked" | "slow_down" | `other ${number}`;
type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** A raw HTTP request, so that a test can send what a proxy sends (fetch may not set Host). */
function send(server: RunningServer, method: string, pathname: string, headers: Record<string, string>, body = "") {
  const url = new URL(pathname, server.url);
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { ...headers, ...(body ? { "Content-Length": String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** One login POST as a browser behind (or without) a proxy would send it; what the app answered. */
async function logInOver(
  server: RunningServer,
  origin: string,
  form: { identifier: string; password: string },
  headers: Record<string, string> = {},
) {
  const res = await send(
    server,
    "POST",
    "/login",
    { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, ...headers },
    new URLSearchParams(form).toString(),
  );
  // The page's alert (the whole message catalog is in the page too, so not just any text will do).
  const { status } = res;
  const alert = /role="alert"[^>]*>\s*<p>([^<]*)<\/p>/.exec(res.text)?.[1] ?? "";
  let answer: Answer = `other ${status}`;
  if (status === 302) answer = "ok";
  else if (status === 400 && alert.startsWith("The username, email or password is not right")) answer = "invalid";
  else if (status === 429 && alert.startsWith("Too many attempts from this device or connection")) answer = "locked";
  else if (status === 429 && alert.startsWith("Many attempts were made to log in with this name")) answer = "slow_down";
  return { answer, res };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Five wrong passwords on one name, each claiming another address in X-Forwarded-For (`forwarded(i)`),
 * waiting out the per-name slowdown (1 s after the third failure, 2 s after the fourth). The answers.
 */
async function fiveFailures(server: RunningServer, origin: string, name: string, headers: (i: number) => Record<string, string>) {
  const answers: Answer[] = [];
  for (let i = 0; i < THROTTLE.clientLimit; i++) {
    if (i >= THROTTLE.slowAfter) await wait(1000 * 2 ** (i - THROTTLE.slowAfter) + 150);
    const { answer } = await logInOver(server, origin, { identifier: name, password: `Wrong-password-${i}` }, headers(i));
    answers.push(answer);
  }
  return answers;
}
const LOCKED_AT_FIFTH: Answer[] = ["invalid", "invalid", "invalid", "invalid", "locked"];

describe(`TRUST_PROXY=0 (the default; ${kind})`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ ...baseEnv, APP_ORIGIN: "http://127.0.0.1:1" });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  test("a client cannot choose its address with X-Forwarded-For: the login throttle counts it as one client", async () => {
    const name = uniqueUsername("xff");
    // Five "different" addresses, one real client: the fifth failure locks it out of the name.
    const claims = (i: number) => ({ "X-Forwarded-For": `203.0.113.${i + 1}` });
    expect(await fiveFailures(server, server.url, name, claims)).toEqual(LOCKED_AT_FIFTH);
    // A sixth claimed address, and none at all: still that client, still locked.
    const forged = await logInOver(server, server.url, { identifier: name, password: "x" }, { "X-Forwarded-For": "192.0.2.200" });
    expect(forged.answer).toBe("locked");
    expect((await logInOver(server, server.url, { identifier: name, password: "x" })).answer).toBe("locked");
  }, 60_000);

  test("X-Forwarded-Proto and -Host are not believed either: a POST claiming https is not this site's own", async () => {
    const { res } = await logInOver(
      server,
      server.url.replace("http:", "https:"),
      { identifier: uniqueUsername("proto"), password: "x" },
      { "X-Forwarded-Proto": "https" },
    );
    expect(res.status).toBe(403);
  });
});

describe(`TRUST_PROXY=1 behind one HTTPS proxy (${kind})`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ ...baseEnv, APP_ORIGIN: HTTPS_ORIGIN, TRUST_PROXY: "1" });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });
  /**
   * What a proxy such as nginx sends on: the Host the browser asked for, the address it saw appended to
   * whatever X-Forwarded-For the client sent, and the scheme.
   */
  const viaProxy = (seen: string, options: { clientSent?: string; host?: string } = {}) => ({
    Host: options.host ?? "waystone.test",
    "X-Forwarded-For": options.clientSent ? `${options.clientSent}, ${seen}` : seen,
    "X-Forwarded-Proto": "https",
  });

  test("a forged leftmost X-Forwarded-For entry is ignored: only the entry the proxy appended counts", async () => {
    const name = uniqueUsername("xff1");
    const attacker = "198.51.100.77";
    const forging = (i: number) => viaProxy(attacker, { clientSent: `203.0.113.${i + 1}` });
    expect(await fiveFailures(server, HTTPS_ORIGIN, name, forging)).toEqual(LOCKED_AT_FIFTH);
    const again = await logInOver(server, HTTPS_ORIGIN, { identifier: name, password: "x" }, forging(9));
    expect(again.answer).toBe("locked");
    // Another real client behind the same proxy is another client: not locked, only asked to wait (the
    // name's slowdown after five failures), so the proxy's entry is what tells clients apart.
    const other = await logInOver(
      server,
      HTTPS_ORIGIN,
      { identifier: name, password: "x" },
      viaProxy("198.51.100.78", { clientSent: attacker }),
    );
    expect(other.answer).toBe("slow_down");
  }, 60_000);

  test("HTTPS behind the proxy: pages answer, login sets __Host- Secure cookies, and the session is recognised", async () => {
    const page = await send(server, "GET", "/login", viaProxy("198.51.100.80"));
    expect(page.status).toBe(200); // no redirect (to https or anywhere): nothing loops
    expect(page.headers["strict-transport-security"]).toMatch(/max-age=\d+/);

    const login = { identifier: learner.username, password: learner.password };
    const { answer, res } = await logInOver(server, HTTPS_ORIGIN, login, viaProxy("198.51.100.80"));
    expect(answer).toBe("ok");
    expect(res.headers.location).toBe("/learn");
    const cookies = res.headers["set-cookie"] ?? [];
    expect(cookies).toEqual([
      expect.stringMatching(/^__Host-waystone_session=[^;]+;.*Path=\/;.*HttpOnly;.*Secure/),
      expect.stringMatching(/^__Host-waystone_device=[^;]+;.*Path=\/;.*HttpOnly;.*Secure/),
    ]);
    const cookie = cookies.map((c) => c.split(";")[0]).join("; ");
    const learn = await send(server, "GET", "/learn", { ...viaProxy("198.51.100.80"), Cookie: cookie });
    expect(learn.status).toBe(200); // the session is recognised over https: no bounce back to /login

    // A plain form POST (no JavaScript) under Referrer-Policy: no-referrer carries `Origin: null`; the
    // app takes its own origin from the proxy's scheme and the Host, and accepts it.
    const plain = await logInOver(server, "null", login, { ...viaProxy("198.51.100.81"), "Sec-Fetch-Site": "same-origin" });
    expect(plain.answer).toBe("ok");
    // The site under another name the proxy serves is its own origin too (the Origin check and React
    // Router's both read the scheme from X-Forwarded-Proto); with TRUST_PROXY=0 this is refused (above).
    const alias = "alias.waystone.test";
    const aliased = await logInOver(
      server,
      `https://${alias}`,
      { identifier: uniqueUsername("proto"), password: "x" },
      viaProxy("198.51.100.82", { host: alias }),
    );
    expect(aliased.answer).toBe("invalid");
  }, 60_000);
});

test("TRUST_PROXY=true is refused at start-up, with a message that asks for the number of hops", async () => {
  const { code, output } = await runServerExpectingExit({ ...baseEnv, APP_ORIGIN: HTTPS_ORIGIN, TRUST_PROXY: "true" });
  expect(code).toBe(1);
  expect(output).toContain("Waystone cannot start.");
  expect(output).toMatch(/TRUST_PROXY must be the NUMBER of trusted proxy hops.*TRUST_PROXY=1 behind one reverse proxy/);
}, 60_000);
