// The JavaScript budget (docs/architecture.md "low bandwidth"): starts the built app, opens every page a
// learner can reach, sums the gzipped JavaScript each page loads (entry, route modules and their
// imports: every <script src> and <link rel=modulepreload>), prints the figure per page, and fails
// above 135 KB. It also checks that low-data mode (Save-Data: on) sends no JavaScript at all.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { LOCALES } from "#app/utils/i18n.ts";
import { startServer } from "#tests/server-process.ts";

const BUDGET_BYTES = 135 * 1024;
const dataDir = mkdtempSync(path.join(tmpdir(), "waystone-budget-"));
const env = {
  DATABASE_URL: "",
  DATA_DIR: dataDir,
  NODE_ENV: "production",
  SESSION_SECRET: "budget-session-secret-0123456789abcdef012345",
  ENCRYPTION_KEY: "ab".repeat(32),
};

const seeded = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"], {
  env: { ...process.env, ...env },
  encoding: "utf8",
});
if (seeded.status !== 0) {
  console.error(seeded.stdout, seeded.stderr);
  process.exit(1);
}
const server = await startServer(env);
const origin = server.url;
let failed = false;

try {
  const login = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ identifier: "river", password: "Learner-demo-pass-2026" }),
  });
  if (login.status !== 302) throw new Error(`demo learner could not log in (${login.status})`);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;

  const pages: Array<[string, string | null]> = [
    ["/", null],
    ["/login", null],
    ["/signup", null],
    ["/join/educator", null],
    ["/safety", null],
    ["/no-such-page", null],
    ["/courses", null],
    ["/courses?q=python&level=introductory", null],
    ["/courses/programming-foundations", null],
    ["/", cookie],
    ["/learn", cookie],
    ["/settings", cookie],
    ["/safety", cookie],
    ["/courses", cookie],
    ["/courses/quantitative-reasoning", cookie],
    ["/recover", null],
    ["/recover/code", null],
    ["/notices", cookie],
    ["/settings/recovery-codes", cookie],
    ["/learn/transcript", cookie],
    ...(await learningPages(cookie)),
    ...(await walletPages(cookie)),
  ];
  /** The wallet (issue 9): the list, and the seeded credential's page and certificate. */
  async function walletPages(c: string): Promise<Array<[string, string]>> {
    const wallet = await (await fetch(`${origin}/wallet`, { headers: { Cookie: c } })).text();
    const credential = /href="(\/wallet\/[0-9a-f-]{36})"/.exec(wallet)?.[1];
    if (!credential) throw new Error("the demo learner's credential was not found on /wallet (prisma/seed.ts issues it)");
    return [
      ["/wallet", c],
      [credential, c],
      [`${credential}/print`, c],
    ];
  }
  /**
   * The demo learner's learning pages (prisma/seed-learning.ts): each enrolment's outline, its lessons
   * and, through them, each quiz page, quiz result and assignment page they link to.
   */
  async function learningPages(c: string): Promise<Array<[string, string]>> {
    const get = async (p: string) => (await fetch(`${origin}${p}`, { headers: { Cookie: c } })).text();
    const found = new Set<string>();
    const outlines = [...new Set([...(await get("/learn")).matchAll(/href="(\/learn\/[a-z0-9]+)"/g)].map((m) => m[1]!))];
    for (const outline of outlines) {
      found.add(outline);
      const lessons = [
        ...new Set([...(await get(outline)).matchAll(/href="(\/learn\/[a-z0-9]+\/[a-z0-9-]+)"/g)].map((m) => m[1]!)),
      ];
      for (const lesson of lessons) {
        found.add(lesson);
        const html = await get(lesson);
        for (const m of html.matchAll(
          /href="(\/learn\/[a-z0-9]+\/[a-z0-9-]+\/(?:quiz|submission)(?:\/\d+)?(?:\?[a-z0-9=;&]*)?)"/g,
        ))
          found.add(m[1]!.replace(/&amp;/g, "&"));
      }
    }
    for (const quiz of [...found].filter((p) => /\/quiz(\?|$)/.test(p))) {
      for (const m of (await get(quiz)).matchAll(/href="(\/learn\/[a-z0-9]+\/[a-z0-9-]+\/quiz\/\d+)"/g)) found.add(m[1]!);
    }
    if (![...found].some((p) => /\/quiz\/\d+$/.test(p)) || ![...found].some((p) => p.endsWith("/submission"))) {
      throw new Error(`the demo learner's quiz and assignment pages were not found (${[...found].join(", ")})`);
    }
    return [...found].map((p) => [p, c]);
  }
  const sizeCache = new Map<string, number>();
  async function gz(url: string) {
    if (!sizeCache.has(url)) {
      const res = await fetch(new URL(url, origin), { headers: { "Accept-Encoding": "identity" } });
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      sizeCache.set(url, gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length);
    }
    return sizeCache.get(url)!;
  }
  function jsUrls(html: string) {
    const urls = new Set<string>();
    for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) urls.add(m[1]!);
    for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(m[1]!);
    for (const m of html.matchAll(/import\(?\s*"(\/assets\/[^"]+\.js)"/g)) urls.add(m[1]!);
    return [...urls];
  }

  console.log(`JavaScript per learner page (gzip), budget ${(BUDGET_BYTES / 1024).toFixed(0)} KB, in every shipped language:`);
  // The demo learner has no language setting, so Accept-Language picks the page's language for both.
  for (const lang of LOCALES)
    for (const [page, c] of pages) {
      const headers: Record<string, string> = { "Accept-Language": lang, ...(c ? { Cookie: c } : {}) };
      const html = await (await fetch(`${origin}${page}`, { headers })).text();
      const urls = jsUrls(html);
      let total = 0;
      for (const u of urls) total += await gz(u);
      const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce(
        (n, m) => n + gzipSync(m[1]!).length,
        0,
      );
      const over = total + inline > BUDGET_BYTES;
      failed ||= over;
      console.log(
        `  ${over ? "OVER" : "ok  "} ${lang} ${(page + (c ? " (learner)" : "")).padEnd(30)} ${((total + inline) / 1024).toFixed(1).padStart(6)} KB  (${urls.length} files, inline ${(inline / 1024).toFixed(1)} KB)`,
      );

      const low = await (await fetch(`${origin}${page}`, { headers: { ...headers, "Save-Data": "on" } })).text();
      if (/<script\b/i.test(low) || /modulepreload/i.test(low)) {
        failed = true;
        console.log(`  FAIL ${page}: low-data mode (Save-Data: on) still sends JavaScript`);
      }
    }
  console.log(
    failed ? "JavaScript budget: FAILED" : "JavaScript budget: every learner page within budget; low-data mode sends none.",
  );
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
