// Upload limits through the whole stack (server/index.ts, then the submission action): a 2 GB
// Content-Length is refused with a 413 page before its body is read, at the server for anything above
// the global cap and in the action for anything above the assignment's limit; other POSTs keep the 1 MB
// limit. Nothing is written. The headers are sent alone, as a client announcing a body it never sends.
import { mkdtempSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { sessionCookieFor } from "#tests/route-helpers.ts";
import { startServer, type RunningServer } from "#tests/server-process.ts";
import { createAssignmentScenario, ESSAY_SLUG } from "#tests/work-fixtures.ts";

const kind = inject("databaseKind");
const dataDir = mkdtempSync(path.join(tmpdir(), "waystone-upload-server-"));
const env = {
  ...(kind === "pglite" ? { DATABASE_URL: "" } : { DATABASE_URL: inject("databaseUrl") }),
  DATA_DIR: dataDir,
  NODE_ENV: "production",
  // The test process signs the session cookie: the server must use the same secrets.
  SESSION_SECRET: getEnv().SESSION_SECRET,
  ENCRYPTION_KEY: getEnv().ENCRYPTION_KEY,
  APP_ORIGIN: "http://127.0.0.1:1",
};

let server: RunningServer;

beforeAll(async () => {
  server = await startServer(env);
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

/** Sends only the headers of a POST announcing `length` bytes; resolves with the response's status and body. */
function announce(pathname: string, length: number, headers: Record<string, string> = {}) {
  const url = new URL(pathname, server.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, {
      method: "POST",
      headers: {
        Origin: server.url,
        "Content-Type": "multipart/form-data; boundary=----waystone",
        "Content-Length": String(length),
        ...headers,
      },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

const GB2 = 2 * 1024 ** 3;

describe("upload limits through the server", () => {
  test("2 GB to the submission page: 413 from the server before reading; other pages keep their 1 MB limit", async () => {
    const huge = await announce(`/learn/cmxnosuchenrolment0000000/${ESSAY_SLUG}/submission`, GB2);
    expect(huge.status).toBe(413);
    expect(huge.body).toContain("Too much data");
    expect((await announce("/login", 2_000_000)).status).toBe(413);
    // 5 MB to the submission page passes the server's gate (anonymous: sent to log in, not a 413).
    const passes = await announce(`/learn/cmxnosuchenrolment0000000/${ESSAY_SLUG}/submission`, 5_000_000);
    expect(passes.status).not.toBe(413);
    expect(passes.status).toBeLessThan(500);
  });

  test(`above the assignment's own limit: the action's 413 page names the limit, nothing written (${kind})`, async () => {
    // The server shares the suite's database on PostgreSQL only (on PGlite it owns its own): the
    // signed-in case needs the learner and the assignment made here.
    if (kind !== "postgresql") {
      expect((await announce(`/learn/cmxnosuchenrolment0000000/${ESSAY_SLUG}/submission`, 50_000_000)).status).toBeLessThan(500);
      return;
    }
    const s = await createAssignmentScenario();
    const cookie = await sessionCookieFor(s.learner.id);
    const refused = await announce(`/learn/${s.enrolment.id}/${ESSAY_SLUG}/submission`, 50_000_000, { Cookie: cookie });
    expect(refused.status).toBe(413);
    expect(refused.body).toContain("The file is too large. The limit is 1 MB.");
    expect(await prisma.submission.count({ where: { enrolmentId: s.enrolment.id } })).toBe(0);
    expect(await prisma.storedFile.count({ where: { ownerId: s.learner.id } })).toBe(0);
  });
});
