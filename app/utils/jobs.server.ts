// The job queue: pg-boss 10 in the app's own PostgreSQL database (its tables live in the `pgboss`
// schema, which pg-boss creates and migrates itself on start; Prisma never sees it). See ADR 021.
//
// - `enqueueJob(tx, name, data)` writes the job in the CALLER'S transaction (pg-boss's per-call `db`
//   option, over `tx.$queryRawUnsafe`): the job exists if and only if the change commits, and no worker
//   sees it before the commit.
// - One PgBoss per process, started by server/index.ts after the database (`startJobs`) and stopped on
//   shutdown (`stopJobs`). It runs its SQL through the process's one pg.Pool (db.server.ts `getPool`), the
//   same pool Prisma uses: on embedded PGlite that pool has exactly one connection, so pg-boss's polling
//   waits while a Prisma transaction holds it instead of opening a second, interleaving connection.
// - The workers (what each job does) are registered in one place: app/utils/job-workers.server.ts.
// - Tests do not sleep: `drainJobs()` runs every due job of this process's queues to completion now.
import type pg from "pg";
import PgBoss from "pg-boss";
import { getPool, type Tx } from "./db.server.ts";

/** What a job carries: plain JSON (ids and small values, never secrets or personal data beyond ids). */
export type JobData = Record<string, unknown>;

export type EnqueueOptions = {
  /** Run no earlier than this moment. */
  startAfter?: Date;
  /** Overrides the queue's retry limit for this job. */
  retryLimit?: number;
};

/** How a queue retries and how long its jobs may run; defaults: 5 retries with exponential backoff from 30 s. */
export type QueueOptions = {
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
};

export type JobHandler = (data: JobData, job: { id: string; name: string; retryCount: number }) => Promise<void>;

export type JobDefinition = QueueOptions & {
  handler: JobHandler;
  /** A cron expression (UTC): pg-boss's scheduler sends the job on that schedule. */
  cron?: string;
};

export type JobRegistry = Record<string, JobDefinition>;

export const DEFAULT_QUEUE_OPTIONS = { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 };

type State = {
  boss: PgBoss;
  registry: JobRegistry;
  schema: string;
  working: boolean;
};

const globalForJobs = globalThis as unknown as { __waystoneJobs?: State };

/** The pg-boss schema: `pgboss`, or JOBS_SCHEMA (tests on a shared PostgreSQL server use one per test file). */
export function jobsSchema(): string {
  const schema = process.env.JOBS_SCHEMA || "pgboss";
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema))
    throw new Error(`JOBS_SCHEMA must be a plain lower-case identifier (got ${schema})`);
  return schema;
}

/** pg-boss's `db` interface over the process's one pool (exported for its test). */
export function poolDb() {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const pool = getPool();
      if (!/^\s*BEGIN\b/.test(text)) return pool.query(text, values);
      // pg-boss's own multi-statement transactions (migrations, maintenance: "BEGIN; …; COMMIT;"): if a
      // statement fails, the connection would go back to the shared pool inside an aborted transaction
      // and fail Prisma's next query, so it is rolled back first.
      const client = await pool.connect();
      try {
        const result = (await client.query(text, values)) as unknown as pg.QueryResult | pg.QueryResult[];
        // A multi-statement text answers an array of results.
        return Array.isArray(result) ? (result[result.length - 1] ?? { rows: [] }) : result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** pg-boss's `db` interface over the caller's Prisma transaction. */
function txDb(tx: Tx) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const params = values.map((v) =>
        v === undefined ? null : typeof v === "object" && v !== null && !(v instanceof Date) ? JSON.stringify(v) : v,
      );
      const rows = await tx.$queryRawUnsafe<Array<Record<string, unknown>>>(text, ...params);
      return { rows };
    },
  };
}

function requireState(): State {
  const state = globalForJobs.__waystoneJobs;
  if (!state) {
    throw new Error(
      "The job queue is not started: server/index.ts, scripts and tests/setup/db-setup.ts call startJobs() after the database",
    );
  }
  return state;
}

/**
 * Starts this process's PgBoss: installs or migrates its schema, creates a queue for every registered job,
 * and (with `work`) starts the workers and the scheduler. Idempotent. `work: false` (tests, one-off
 * scripts) only prepares the queues: jobs are then run by `drainJobs()` or by a server.
 */
export async function startJobs(options: { registry: JobRegistry; work: boolean }): Promise<void> {
  if (globalForJobs.__waystoneJobs) return;
  const schema = jobsSchema();
  const boss = new PgBoss({
    db: poolDb(),
    schema,
    migrate: true,
    // Maintenance (expiring active jobs, archiving, deleting) and cron scheduling run only in a serving
    // process; pg-boss takes an advisory lock so that several servers do it once.
    supervise: options.work,
    schedule: options.work,
    maintenanceIntervalSeconds: 120,
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 7,
  });
  boss.on("error", (error: unknown) => console.error("[jobs]", error));
  await boss.start();
  for (const [name, def] of Object.entries(options.registry)) {
    const queue = { name, ...queueOptionsOf(def) };
    // createQueue is not idempotent in 10.4 (a second create of the same name fails): look first, and
    // keep the options current for an existing queue.
    if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
    else await createQueueOnce(boss, name, queue);
  }
  const state: State = { boss, registry: options.registry, schema, working: false };
  globalForJobs.__waystoneJobs = state;
  if (options.work) {
    for (const [name, def] of Object.entries(options.registry)) {
      await boss.work(
        name,
        { pollingIntervalSeconds: 2, batchSize: 1, includeMetadata: true },
        (jobs: PgBoss.JobWithMetadata<object>[]) => runBatch(name, def, jobs),
      );
      if (def.cron) await boss.schedule(name, def.cron, {}, { tz: "UTC" });
      else await boss.unschedule(name).catch(() => {});
    }
    state.working = true;
  }
}

/** Tests only: adds a job to this process's registry and creates its queue (the setup started the queue). */
export async function registerJobForTests(name: string, def: JobDefinition): Promise<void> {
  const state = requireState();
  state.registry = { ...state.registry, [name]: def };
  if (!(await state.boss.getQueue(name))) await createQueueOnce(state.boss, name, { name, ...queueOptionsOf(def) });
  else await state.boss.updateQueue(name, { name, ...queueOptionsOf(def) });
}

function queueOptionsOf(def: JobDefinition) {
  return {
    retryLimit: def.retryLimit ?? DEFAULT_QUEUE_OPTIONS.retryLimit,
    retryDelay: def.retryDelay ?? DEFAULT_QUEUE_OPTIONS.retryDelay,
    retryBackoff: def.retryBackoff ?? DEFAULT_QUEUE_OPTIONS.retryBackoff,
    expireInSeconds: def.expireInSeconds ?? DEFAULT_QUEUE_OPTIONS.expireInSeconds,
  };
}

async function createQueueOnce(boss: PgBoss, name: string, queue: QueueOptions & { name: string }) {
  try {
    await boss.createQueue(name, queue);
  } catch (error) {
    // Another process (a second test worker, a second server) created it at the same moment.
    if (!(await boss.getQueue(name))) throw error;
  }
}

async function runBatch(name: string, def: JobDefinition, jobs: PgBoss.JobWithMetadata<object>[]) {
  for (const job of jobs) {
    await def.handler((job.data ?? {}) as JobData, { id: job.id, name, retryCount: retryCountOf(job) });
  }
}

function retryCountOf(job: PgBoss.JobWithMetadata<object>): number {
  return typeof job.retryCount === "number" ? job.retryCount : 0;
}

/** Stops the workers and the scheduler; waits for running jobs (up to `timeoutMs`). The pool is db.server.ts's. */
export async function stopJobs(options: { timeoutMs?: number } = {}): Promise<void> {
  const state = globalForJobs.__waystoneJobs;
  if (!state) return;
  globalForJobs.__waystoneJobs = undefined;
  await state.boss.stop({ graceful: true, close: false, wait: true, timeout: options.timeoutMs ?? 10_000 });
}

/**
 * Queues job `name` with `data` inside the caller's transaction: it is written only if that transaction
 * commits, and workers see it only after the commit. Returns the job id. The name must be registered in
 * app/utils/job-workers.server.ts.
 */
export async function enqueueJob(tx: Tx, name: string, data: JobData, options: EnqueueOptions = {}): Promise<string> {
  const state = requireState();
  if (!state.registry[name]) throw new Error(`No job named "${name}": register it in app/utils/job-workers.server.ts`);
  const send: PgBoss.SendOptions & { db: ReturnType<typeof txDb> } = { db: txDb(tx) };
  if (options.startAfter) send.startAfter = options.startAfter.toISOString();
  if (options.retryLimit != null) send.retryLimit = options.retryLimit;
  const id = await state.boss.send(name, data, send);
  // pg-boss answers null only when its insert found no queue of that name (or a singleton conflict,
  // which these queues do not use): never drop a job silently.
  if (!id) throw new Error(`The job "${name}" was not queued: its queue is missing (startJobs creates the queues)`);
  return id;
}

/**
 * For tests (and one-off scripts): runs every due job of the registered queues in this process, one
 * after another, until none is left; a job that throws is failed, so pg-boss schedules its retry (with
 * its delay: pass `includeRetries` to run due-later retries at once too, as if their delay had passed).
 * Returns how many jobs ran and how many of them failed.
 */
export async function drainJobs(
  options: { includeRetries?: boolean; maxRuns?: number } = {},
): Promise<{ ran: number; failed: number }> {
  const state = requireState();
  const { boss, registry, schema } = state;
  const maxRuns = options.maxRuns ?? 1000;
  let ran = 0;
  let failed = 0;
  for (;;) {
    if (options.includeRetries) {
      await getPool().query(
        // A second in the past: pg-boss fetches jobs with start_after < now(), and on embedded PGlite two
        // statements can read the same clock tick, which would leave a retry due "now" unfetched.
        `UPDATE ${schema}.job SET start_after = now() - interval '1 second' WHERE state = 'retry' AND start_after > now() - interval '1 second' AND name = ANY($1::text[])`,
        [Object.keys(registry)],
      );
    }
    // Jobs due now (written this very tick) are due for this drain too; a later startAfter stays later.
    await getPool().query(
      `UPDATE ${schema}.job SET start_after = start_after - interval '1 second' WHERE state IN ('created', 'retry') AND start_after <= now() AND start_after > now() - interval '1 second' AND name = ANY($1::text[])`,
      [Object.keys(registry)],
    );
    let progressed = false;
    for (const [name, def] of Object.entries(registry)) {
      const [job] = await boss.fetch<object>(name, { batchSize: 1, includeMetadata: true });
      if (!job) continue;
      progressed = true;
      ran += 1;
      try {
        await def.handler((job.data ?? {}) as JobData, { id: job.id, name, retryCount: retryCountOf(job) });
        await boss.complete(name, job.id);
      } catch (error) {
        failed += 1;
        await boss.fail(name, job.id, { message: String(error).slice(0, 500) });
      }
      if (ran >= maxRuns) return { ran, failed };
    }
    if (!progressed) return { ran, failed };
  }
}

/** The jobs of a queue in a given state (tests and the admin overview): their ids, data and retry counts. */
export async function listJobs(name: string, states: string[] = ["created", "retry", "active", "completed", "failed"]) {
  const { schema } = requireState();
  const { rows } = await getPool().query<{ id: string; data: JobData; state: string; retry_count: number; output: unknown }>(
    `SELECT id, data, state::text AS state, retry_count, output FROM ${schema}.job WHERE name = $1 AND state::text = ANY($2::text[]) ORDER BY created_on`,
    [name, states],
  );
  return rows.map((r) => ({ id: r.id, data: r.data, state: r.state, retryCount: r.retry_count, output: r.output }));
}
