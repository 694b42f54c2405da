// Migrates and seeds the database: embedded PGlite under DATA_DIR when DATABASE_URL is unset
// (migrated by the app's own runner as it opens), or the PostgreSQL server (prisma migrate deploy).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { seed } from "#prisma/seed.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { ensureDatabase } from "#app/utils/embedded-db.server.ts";
import { JOB_WORKERS } from "#app/utils/job-workers.server.ts";
import { startJobs, stopJobs } from "#app/utils/jobs.server.ts";
import { getEnv } from "#app/utils/env.server.ts";

if (existsSync(".env")) process.loadEnvFile(".env");
const env = getEnv();
if (process.env.DATABASE_URL) {
  console.log("Migrating the PostgreSQL server (prisma migrate deploy)…");
  const result = spawnSync("npx", ["prisma", "migrate", "deploy"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const db = await ensureDatabase(env.DATA_DIR);
if (db.embedded) console.log(`Embedded database ready in ${env.DATA_DIR}/pglite (migrations applied).`);
try {
  // pg-boss installs (or migrates) its own schema and the queues, so that a seed step or the first
  // request that queues a job finds them (ADR 021); nothing is worked here.
  await startJobs({ registry: JOB_WORKERS, work: false });
  await seed();
} finally {
  await stopJobs();
  await disconnectDb();
  await db.stop();
}
