// The job queue on the real database (PGlite: one shared connection; PostgreSQL: a pool), ADR 021.
import { randomUUID } from "node:crypto";
import { describe, expect, inject, test } from "vitest";
import { createLearner } from "#tests/factories.ts";
import { getPool, prisma } from "./db.server.ts";
import { JOB_WORKERS } from "./job-workers.server.ts";
import { drainJobs, enqueueJob, jobsSchema, listJobs, poolDb, registerJobForTests, type JobData } from "./jobs.server.ts";
import { notify } from "./mailer.server.ts";

const onPglite = inject("databaseKind") === "pglite";

/** A test job whose handler records what it saw: whether the row its transaction wrote was committed. */
async function recordingJob(options: { failTimes?: number; retryLimit?: number } = {}) {
  const name = `test.${randomUUID().slice(0, 8)}`;
  const runs: Array<{ data: JobData; sawNotice: boolean; retryCount: number }> = [];
  let failures = 0;
  await registerJobForTests(name, {
    retryLimit: options.retryLimit ?? 5,
    retryDelay: 60,
    retryBackoff: true,
    handler: async (data, job) => {
      const notice = await prisma.inAppNotice.findUnique({ where: { id: String(data.noticeId ?? "") }, select: { id: true } });
      runs.push({ data, sawNotice: Boolean(notice), retryCount: job.retryCount });
      if (failures < (options.failTimes ?? 0)) {
        failures += 1;
        throw new Error(`refused (${failures})`);
      }
    },
  });
  return { name, runs };
}

describe("enqueueJob", () => {
  test("the job is written in the caller's transaction and runs once, after the commit, seeing the change", async () => {
    const learner = await createLearner();
    const job = await recordingJob();
    const id = await prisma.$transaction(async (tx) => {
      const notice = await tx.inAppNotice.create({ data: { userId: learner.id, path: "/learn" }, select: { id: true } });
      return enqueueJob(tx, job.name, { noticeId: notice.id });
    });
    expect(id).toEqual(expect.any(String));
    expect((await listJobs(job.name)).map((j) => [j.id, j.state])).toEqual([[id, "created"]]);
    expect(await drainJobs()).toMatchObject({ ran: 1, failed: 0 });
    expect(job.runs).toEqual([{ data: { noticeId: expect.any(String) }, sawNotice: true, retryCount: 0 }]);
    expect((await listJobs(job.name)).map((j) => j.state)).toEqual(["completed"]);
    expect(await drainJobs()).toMatchObject({ ran: 0 }); // nothing runs twice
  });

  test("a rolled-back transaction leaves no job, no notice and no email", async () => {
    const learner = await createLearner();
    const job = await recordingJob();
    const before = await Promise.all([
      prisma.inAppNotice.count({ where: { userId: learner.id } }),
      prisma.outboxEmail.count({ where: { to: learner.email! } }),
    ]);
    await expect(
      prisma.$transaction(async (tx) => {
        await notify(tx, learner.id, "/learn");
        await enqueueJob(tx, job.name, { noticeId: "none" });
        throw new Error("the operation fails after queueing");
      }),
    ).rejects.toThrow("the operation fails after queueing");
    expect(await listJobs(job.name)).toEqual([]);
    expect((await listJobs("email.deliver")).filter((j) => j.data.userId === learner.id)).toEqual([]);
    expect(
      await Promise.all([
        prisma.inAppNotice.count({ where: { userId: learner.id } }),
        prisma.outboxEmail.count({ where: { to: learner.email! } }),
      ]),
    ).toEqual(before);
    expect(await drainJobs()).toMatchObject({ ran: 0 });
    expect(job.runs).toEqual([]);
  });

  test("a worker polling while the transaction is open never runs its job before the commit", async () => {
    const learner = await createLearner();
    const job = await recordingJob();
    let drainDuringTx: Promise<{ ran: number }> | undefined;
    await prisma.$transaction(async (tx) => {
      const notice = await tx.inAppNotice.create({ data: { userId: learner.id, path: "/learn" }, select: { id: true } });
      await enqueueJob(tx, job.name, { noticeId: notice.id });
      // On PGlite this waits for the one connection, which the transaction holds, so it runs after the
      // commit; on PostgreSQL it runs now on another connection and must not see the uncommitted job.
      drainDuringTx = drainJobs();
      await new Promise((r) => setTimeout(r, 200));
      await tx.inAppNotice.count({ where: { userId: learner.id } }); // the transaction is still in use
    });
    const during = await drainDuringTx!;
    expect(during.ran).toBe(onPglite ? 1 : 0);
    await drainJobs();
    expect(job.runs).toEqual([{ data: expect.any(Object), sawNotice: true, retryCount: 0 }]);
  });

  test("a job that throws is retried with backoff until it succeeds, and then runs no more", async () => {
    const job = await recordingJob({ failTimes: 3, retryLimit: 5 });
    await prisma.$transaction((tx) => enqueueJob(tx, job.name, { noticeId: "none" }));
    expect(await drainJobs()).toEqual({ ran: 1, failed: 1 });
    // The retry waits for its delay (60 s, then doubling): nothing is due now.
    const [waiting] = await listJobs(job.name);
    expect(waiting).toMatchObject({ state: "retry", retryCount: 0 }); // counted when the retry is fetched
    const { rows } = await getPool().query<{ wait: number }>(
      `SELECT extract(epoch FROM start_after - now())::int AS wait FROM ${jobsSchema()}.job WHERE id = $1`,
      [waiting!.id],
    );
    expect(rows[0]!.wait).toBeGreaterThan(30);
    expect(await drainJobs()).toEqual({ ran: 0, failed: 0 });
    expect(await drainJobs({ includeRetries: true })).toEqual({ ran: 3, failed: 2 });
    expect(job.runs.map((r) => r.retryCount)).toEqual([0, 1, 2, 3]);
    expect((await listJobs(job.name)).map((j) => j.state)).toEqual(["completed"]);
  });

  test("after its last retry a job is failed and stays failed (not lost: it is kept with its error)", async () => {
    const job = await recordingJob({ failTimes: 100, retryLimit: 2 });
    await prisma.$transaction((tx) => enqueueJob(tx, job.name, { noticeId: "none" }));
    expect(await drainJobs({ includeRetries: true })).toEqual({ ran: 3, failed: 3 });
    const [failed] = await listJobs(job.name);
    expect(failed).toMatchObject({ state: "failed", retryCount: 2, output: { message: "Error: refused (3)" } });
    expect(await drainJobs({ includeRetries: true })).toEqual({ ran: 0, failed: 0 });
  });

  test("two workers draining at the same moment run each job exactly once", async () => {
    const job = await recordingJob();
    await prisma.$transaction(async (tx) => {
      for (let n = 0; n < 12; n += 1) await enqueueJob(tx, job.name, { n });
    });
    // On PostgreSQL both fetch concurrently (pg-boss takes jobs with FOR UPDATE SKIP LOCKED); on PGlite
    // they take turns on the one connection. Either way: twelve runs, one per job.
    const [a, b] = await Promise.all([drainJobs(), drainJobs()]);
    expect(a.ran + b.ran).toBe(12);
    expect(job.runs.map((r) => r.data.n).sort((x, y) => Number(x) - Number(y))).toEqual([...Array(12).keys()]);
    expect(new Set((await listJobs(job.name)).map((j) => j.state))).toEqual(new Set(["completed"]));
  });

  test("a job may wait until a given moment, and carry its own retry limit", async () => {
    const job = await recordingJob({ failTimes: 100, retryLimit: 5 });
    const later = await prisma.$transaction((tx) =>
      enqueueJob(tx, job.name, { n: "later" }, { startAfter: new Date(Date.now() + 3_600_000) }),
    );
    await prisma.$transaction((tx) => enqueueJob(tx, job.name, { n: "now" }, { retryLimit: 1 }));
    expect(await drainJobs({ includeRetries: true })).toEqual({ ran: 2, failed: 2 }); // "now", once retried
    expect(job.runs.map((r) => r.data.n)).toEqual(["now", "now"]);
    const jobs = await listJobs(job.name);
    expect(jobs.find((j) => j.id === later)).toMatchObject({ state: "created" });
    expect(jobs.find((j) => j.data.n === "now")).toMatchObject({ state: "failed", retryCount: 1 });
  });

  test("a job that is not registered is refused, and the transaction with it", async () => {
    const learner = await createLearner();
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.inAppNotice.create({ data: { userId: learner.id, path: "/nowhere" }, select: { id: true } });
        await enqueueJob(tx, "no.such.job", {});
      }),
    ).rejects.toThrow(/No job named "no.such.job"/);
    expect(await prisma.inAppNotice.count({ where: { userId: learner.id, path: "/nowhere" } })).toBe(0);
  });

  test("a failing multi-statement transaction of pg-boss's never leaves the shared connection aborted", async () => {
    await expect(poolDb().executeSql("BEGIN; SELECT 1; SELECT * FROM no_such_table_of_pgboss; COMMIT;")).rejects.toThrow(
      /no_such_table_of_pgboss/,
    );
    // On PGlite this is the same (only) connection: it answers, so it is not inside an aborted transaction.
    expect(await prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    const { rows } = await getPool().query<{ state: string }>("SELECT 'ok' AS state");
    expect(rows).toEqual([{ state: "ok" }]);
  });

  test("pg-boss keeps to its own schema: Prisma's tables are unchanged and every registered queue exists", async () => {
    const { rows } = await getPool().query<{ name: string }>(`SELECT name FROM ${jobsSchema()}.queue ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(Object.keys(JOB_WORKERS)));
    const tables = await getPool().query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name ILIKE '%job%'",
    );
    expect(tables.rows).toEqual([]);
  });
});
