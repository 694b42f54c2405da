// The Playwright webServer command (playwright.config.ts): a fresh, seeded database, then the production
// build served on 127.0.0.1:<E2E_PORT>. It never inherits a plain DATABASE_URL, so an e2e run can never
// touch a development or production database by accident:
//   - default: embedded PGlite under tests/.artifacts/e2e-data, deleted first so every run starts clean;
//   - E2E_DATABASE_URL set: that PostgreSQL database (migrated and seeded; login throttles cleared).
// Build first (`npx react-router build`); this script does not build.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const port = Number(process.env.E2E_PORT ?? 3210);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`E2E_PORT must be a port number (got ${process.env.E2E_PORT}).`);
  process.exit(1);
}
if (!existsSync(path.resolve(root, process.env.BUILD_DIR || "build", "server", "index.js"))) {
  console.error("No production build found (build/server/index.js). Run `npx react-router build` before the e2e tests.");
  process.exit(1);
}

const dataDir = path.join(process.env.E2E_ARTIFACTS || path.join("tests", ".artifacts"), "e2e-data");
const databaseUrl = process.env.E2E_DATABASE_URL ?? "";
rmSync(dataDir, { recursive: true, force: true });

// Variables that would change behaviour under test are dropped; the rest are fixed test values.
const inherited = { ...process.env };
for (const key of Object.keys(inherited)) {
  if (/^(STRIPE_|MUX_|SMTP_)/.test(key)) delete inherited[key];
}
const env: NodeJS.ProcessEnv = {
  ...inherited,
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl,
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: "127.0.0.1",
  APP_ORIGIN: `http://127.0.0.1:${port}`,
  QUICK_EXIT_URL: "https://www.bbc.com/weather",
  SESSION_SECRET: "e2e-session-secret-not-for-production-0123456789",
  ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  MAIL_TRANSPORT: "outbox",
  // Every browser of the suite is one client (127.0.0.1): the per-client sign-up, application and
  // invitation limits would stop the suite, not an attacker. Their own tests are integration tests.
  RATE_LIMIT_SCALE: "50",
  TRUST_PROXY: "0",
};

console.log(`[e2e-server] database: ${databaseUrl ? "E2E_DATABASE_URL (PostgreSQL)" : `embedded PGlite in ${dataDir}`}`);
const setup = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"], { stdio: "inherit", env });
if (setup.status !== 0) {
  console.error(`[e2e-server] db-setup failed (${setup.status ?? setup.signal}).`);
  process.exit(setup.status || 1);
}

if (databaseUrl) {
  // A reused PostgreSQL database keeps login throttles and request limits from earlier runs; all e2e
  // traffic comes from 127.0.0.1, so clear them or a few back-to-back runs would lock everything out.
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('DELETE FROM "LoginThrottle"');
  await client.query('DELETE FROM "RateLimit"');
  await client.end();
}

const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { stdio: "inherit", env });

let killTimer: NodeJS.Timeout | undefined;
function stop(signal: NodeJS.Signals) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  server.kill(signal);
  killTimer ??= setTimeout(() => {
    console.error("[e2e-server] the server did not exit within 5 s: SIGKILL");
    server.kill("SIGKILL");
  }, 5000);
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

server.on("exit", (code, signal) => {
  if (killTimer) clearTimeout(killTimer);
  process.exit(code ?? (signal ? 1 : 0));
});
