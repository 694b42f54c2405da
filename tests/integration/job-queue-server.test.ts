// The job queue in the running app (server/index.ts, as `npm start` runs it): the server starts pg-boss
// after the database, works the queues in the background (no drainJobs here: an email queued by a
// request reaches SMTP by itself), schedules the hourly clean-up, and stops the queue on shutdown.
// On PGlite the server owns its embedded database and shares its ONE connection with pg-boss (ADR 021).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { startEmbeddedDatabase } from "#app/utils/embedded-db.server.ts";
import { TOKEN_CLEANUP_JOB, CREDENTIAL_BACKFILL_JOB } from "#app/utils/job-workers.server.ts";
import { jobsSchema } from "#app/utils/jobs.server.ts";
import { createReferralCode, uniqueEmail, uniqueUsername } from "#tests/factories.ts";
import { startServer, type RunningServer } from "#tests/server-process.ts";
import { startFakeSmtp, type FakeSmtp } from "#tests/smtp-fake.ts";

const kind = inject("databaseKind");
const dataDir = mkdtempSync(path.join(tmpdir(), "waystone-jobs-"));
const PASSWORD = "Lantern-Orchard-Silent-56";

let smtp: FakeSmtp;
let server: RunningServer;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  const port = (smtp.transport.options as { port: number }).port;
  let code: string;
  if (kind === "postgresql") {
    code = (await createReferralCode({ maxUses: 10 })).code;
  } else {
    // The server owns its PGlite directory: migrate and seed it first (the demo referral code).
    const { spawnSync } = await import("node:child_process");
    const seeded = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"], {
      env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir },
      encoding: "utf8",
    });
    if (seeded.status !== 0) throw new Error(seeded.stdout + seeded.stderr);
    code = "WAYS-TONE-DEMO";
  }
  server = await startServer({
    // PostgreSQL: the suite's database and this file's job schema (inherited JOBS_SCHEMA); PGlite: its own.
    DATABASE_URL: kind === "postgresql" ? inject("databaseUrl") : "",
    DATA_DIR: dataDir,
    NODE_ENV: "production",
    SESSION_SECRET: "jobs-test-session-secret-0123456789abcdef",
    ENCRYPTION_KEY: "ee".repeat(32),
    APP_ORIGIN: "http://127.0.0.1:1",
    MAIL_TRANSPORT: "smtp",
    SMTP_URL: `smtp://127.0.0.1:${port}`,
  });
  signupCode = code;
}, 120_000);

let signupCode = "";

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe("the job queue in the running server", () => {
  test("an email queued by a request is delivered by the server's worker after the commit, with no one draining", async () => {
    const email = uniqueEmail("worker");
    const signup = await fetch(`${server.url}/signup`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({
        code: signupCode,
        username: uniqueUsername("worker"),
        displayName: "Worker Test",
        email,
        password: PASSWORD,
        confirmPassword: PASSWORD,
      }),
    });
    expect(signup.status).toBe(200);
    const deadline = Date.now() + 20_000;
    while (!smtp.messages.some((m) => m.to.includes(email)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const sent = smtp.messages.filter((m) => m.to.includes(email));
    expect(sent, server.output()).toHaveLength(1);
    expect(sent[0]!.raw).toMatch(/\/confirm-email\/|\/confirm\//);
  }, 40_000);

  test("on shutdown the queue stops with the server; the hourly clean-up was scheduled", async () => {
    await server.stop();
    expect(server.child.exitCode).toBe(0);
    expect(server.output()).not.toMatch(/\[jobs\]/); // no queue errors logged
    const sql = `SELECT name, cron, timezone FROM ${jobsSchema()}.schedule ORDER BY name`;
    let rows: Array<{ name: string; cron: string; timezone: string }>;
    if (kind === "postgresql") {
      const client = new pg.Client({ connectionString: inject("databaseUrl") });
      await client.connect();
      rows = (await client.query(sql)).rows;
      await client.end();
    } else {
      const db = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "pglite") });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      rows = (await client.query(sql)).rows;
      await client.end();
      await db.stop();
    }
    expect(rows).toEqual([
      // The credentials back-fill, every quarter hour (issue 9), the hourly clean-up of expired tokens and the
      { name: CREDENTIAL_BACKFILL_JOB, cron: "*/15 * * * *", timezone: "UTC" },
      { name: TOKEN_CLEANUP_JOB, cron: expect.stringMatching(/^\d+ \* \* \* \*$/), timezone: "UTC" },
      // The daily roll-over of unused seats of ended cohorts (issue 10).
      { name: "learning.roll-over-seats", cron: "23 2 * * *", timezone: "UTC" },
    ]);
  }, 40_000);
});
