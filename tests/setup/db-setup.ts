// Per test file: point the app's Prisma client at the suite's database, with fixed test secrets.
// On PGlite, this file gets its own in-memory database, migrated by the app's runner.
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { startEmbeddedDatabase } from "#app/utils/embedded-db.server.ts";

process.env.NODE_ENV = "test";
process.env.SESSION_SECRET ||= "test-session-secret-0123456789abcdef0123456789";
process.env.ENCRYPTION_KEY ||= "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
process.env.DATA_DIR ||= "tests/.artifacts/vitest-data";

const embedded = inject("databaseKind") === "pglite" ? await startEmbeddedDatabase({ dataDir: "memory" }) : null;
if (embedded) {
  process.env.DATABASE_URL = embedded.url;
  process.env.WAYSTONE_EMBEDDED_DB = "1";
} else {
  process.env.DATABASE_URL = inject("databaseUrl");
  // Test files share the PostgreSQL server's database: each gets its own job-queue schema, so that one
  // file's drainJobs() never runs another file's jobs (ADR 021). Dropped when the file ends.
  process.env.JOBS_SCHEMA = `pgboss_test_${randomBytes(6).toString("hex")}`;
}

// The queues exist before any operation enqueues a job; nothing works them in the background
// (a test runs due jobs with drainJobs()).
const jobs = await import("#app/utils/jobs.server.ts");
const { JOB_WORKERS } = await import("#app/utils/job-workers.server.ts");
await jobs.startJobs({ registry: JOB_WORKERS, work: false });

afterAll(async () => {
  await jobs.stopJobs();
  const { disconnectDb, getPool } = await import("#app/utils/db.server.ts");
  if (!embedded) await getPool().query(`DROP SCHEMA IF EXISTS ${jobs.jobsSchema()} CASCADE`);
  await disconnectDb();
  await embedded?.stop();
});
