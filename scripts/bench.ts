// `npm run bench` (not part of the tests): the catalog and course pages under load. Seeds a PostgreSQL
// database with 1,000 published courses of 30 lessons each, starts the built app, and measures with
// autocannon (50 connections, in rounds; medians) the requests per second, p99 latency and errors of a bare
// route (/ping), a page rendered on every request (/safety), the catalog's first page, a filtered
// catalog query and a course page, each as a share of /ping in the same run. The goal (ADR 010): the
// catalog pages and the course page at >= 70 % of /ping's req/s, p99 within 1.5 x /ping's, 0 errors.
// Issue 8 adds a signed-in learner's lesson page and dashboard (1,000 learners, 4,000 enrolments, 100,000
// progress rows): >= 70 % of the rendered /safety page's req/s and p99 within 1.5 x /safety's.
// Issue 9 adds the verification of an issued credential (scripts/bench-verify.ts): >= 50 % of the raw speed
// of one Ed25519 verify plus the RDF canonicalisation of the same document.
// Issue 10 adds Stripe webhook deliveries (scripts/bench-webhooks.ts; half new events, half duplicates) at
// 20 concurrent, in a server of their own pointed at the local Stripe fake: >= 5 % of /ping's rate at the
// same concurrency (a floor: a delivery is a signed, locked write transaction, measured at 12-20 %), 0 errors,
// every order with exactly its seats afterwards.
// The machine running it also runs autocannon: read the shares, not the absolute numbers.
//   BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/waystone_bench) is dropped and recreated.
import { spawnSync } from "node:child_process";
import autocannon from "autocannon";
import pg from "pg";
import { startServer } from "#tests/server-process.ts";

const url = new URL(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/waystone_bench");
const database = url.pathname.slice(1);
const COURSES = Number(process.env.BENCH_COURSES ?? 1000);
const LESSONS = 30;
const DURATION = Number(process.env.BENCH_SECONDS ?? 12);
const LEARNERS = 1000;
const ENROLLED_COURSES = 4;
const DONE_LESSONS = 25;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: new URL("/postgres", url).toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

console.log(`Preparing ${database}: ${COURSES} courses × ${LESSONS} lessons…`);
await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
await admin(`CREATE DATABASE "${database}"`);
const migrate = spawnSync("npx", ["prisma", "migrate", "deploy"], {
  env: { ...process.env, DATABASE_URL: url.toString() },
  encoding: "utf8",
});
if (migrate.status !== 0) throw new Error(migrate.stderr);

const db = new pg.Client({ connectionString: url.toString() });
await db.connect();
const t0 = Date.now();
// Set-based inserts: a course, its published revision, 3 modules and 30 lessons per course.
await db.query(`
  INSERT INTO "Course" (id, slug, "createdAt", "updatedAt")
  SELECT 'bc' || g, 'bench-course-' || g, now(), now() FROM generate_series(1, ${COURSES}) g`);
await db.query(`
  INSERT INTO "CourseRevision" (id, "courseId", number, status, title, summary, description, subject, level, language,
    outcomes, credits, "creditUnit", "studyHours", "passMark", prerequisites, "publishedAt", "createdAt", "updatedAt")
  SELECT 'br' || g, 'bc' || g, 1, 'published', 'Benchmark course ' || g, 'A generated course number ' || g || ' for load testing.',
    'Generated description.', (ARRAY['mathematics','statistics','computer-science','physics','biology'])[1 + g % 5],
    (ARRAY['introductory','intermediate','advanced'])[1 + g % 3]::"CourseLevel", (ARRAY['en','es','ar'])[1 + g % 3],
    ARRAY['Outcome one','Outcome two'], 1 + g % 10, 'ECTS', (1 + g % 10) * 27, 60, ARRAY[]::text[], now(), now(), now()
  FROM generate_series(1, ${COURSES}) g`);
await db.query(`UPDATE "Course" SET "publishedRevisionId" = 'br' || substring(id from 3)`);
await db.query(`
  INSERT INTO "Module" (id, "revisionId", position, slug, title, summary, "createdAt", "updatedAt")
  SELECT 'bm' || g || '-' || m, 'br' || g, m, 'module-' || m, 'Module ' || m, '', now(), now()
  FROM generate_series(1, ${COURSES}) g, generate_series(1, 3) m`);
await db.query(`
  INSERT INTO "Lesson" (id, "revisionId", "moduleId", position, slug, kind, title, body, "createdAt", "updatedAt")
  SELECT 'bl' || g || '-' || l, 'br' || g, 'bm' || g || '-' || (1 + (l - 1) / 10), 1 + (l - 1) % 10, 'lesson-' || l, 'text',
    'Lesson ' || l, 'Generated lesson body.', now(), now()
  FROM generate_series(1, ${COURSES}) g, generate_series(1, ${LESSONS}) l`);
// Learning (issue 8): 1,000 learners, each enrolled (through a seat) in a cohort of each of the first four
// courses, with 25 lessons done in each: 4,000 enrolments and 100,000 progress rows. Learner 1 is the
// one measured; their lesson page and dashboard must not slow down with everyone else's rows.
await db.query(`
  INSERT INTO "User" (id, username, "displayName", "passwordHash", "createdAt", "updatedAt", "passwordChangedAt")
  SELECT 'bu' || u, 'bench-learner-' || u, 'Learner ' || u, 'x', now(), now(), now() FROM generate_series(1, ${LEARNERS}) u`);
await db.query(`
  INSERT INTO "UserRole" (id, "userId", role, "createdAt", "updatedAt")
  SELECT 'bur' || u, 'bu' || u, 'learner', now(), now() FROM generate_series(1, ${LEARNERS}) u`);
await db.query(`
  INSERT INTO "Cohort" (id, "courseId", "revisionId", name, "startsOn", capacity, language, "createdAt", "updatedAt")
  SELECT 'bco' || c, 'bc' || c, 'br' || c, 'Cohort ' || c, now() - interval '7 days', ${LEARNERS}, 'en', now(), now()
  FROM generate_series(1, ${ENROLLED_COURSES}) c`);
await db.query(`
  INSERT INTO "Seat" (id, "courseId", "cohortId", "usedAt", "createdAt", "updatedAt")
  SELECT 'bs' || c || '-' || u, 'bc' || c, 'bco' || c, now(), now(), now()
  FROM generate_series(1, ${ENROLLED_COURSES}) c, generate_series(1, ${LEARNERS}) u`);
await db.query(`
  INSERT INTO "Enrolment" (id, "learnerId", "cohortId", "seatId", "createdAt", "updatedAt")
  SELECT 'be' || c || 'x' || u, 'bu' || u, 'bco' || c, 'bs' || c || '-' || u, now(), now()
  FROM generate_series(1, ${ENROLLED_COURSES}) c, generate_series(1, ${LEARNERS}) u`);
await db.query(`
  INSERT INTO "LessonProgress" (id, "enrolmentId", "lessonId", "completedAt", "lastOpenedAt", "createdAt", "updatedAt")
  SELECT 'bp' || c || '-' || u || '-' || l, 'be' || c || 'x' || u, 'bl' || c || '-' || l, now(),
    now() - (l || ' minutes')::interval, now(), now()
  FROM generate_series(1, ${ENROLLED_COURSES}) c, generate_series(1, ${LEARNERS}) u, generate_series(1, ${DONE_LESSONS}) l`);
await db.query("ANALYZE");
await db.end();
console.log(`Seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);

const BENCH_ENV = {
  DATABASE_URL: url.toString(),
  NODE_ENV: "production",
  SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789",
  ENCRYPTION_KEY: "cd".repeat(32),
};
const server = await startServer(BENCH_ENV);

// A signed-in learner for the learning pages: a real session, made the way logging in makes one.
process.env.DATABASE_URL = url.toString();
process.env.SESSION_SECRET = BENCH_ENV.SESSION_SECRET;
process.env.ENCRYPTION_KEY = BENCH_ENV.ENCRYPTION_KEY;
const { prisma, disconnectDb } = await import("#app/utils/db.server.ts");
const { createSession } = await import("#app/modules/identity/session.server.ts");
const learnerCookie = (await prisma.$transaction((tx) => createSession(tx, "bu1"))).split(";")[0]!;
await disconnectDb();

/** `baseline`: the row a target's shares are of (the catalog pages: /ping; the learning pages: /safety). */
type Target = { name: string; path: string; expect: string; goal: boolean; baseline?: string; cookie?: string };
type Row = Target & { rps: number; p99: number; errors: number };

const SHARE_GOAL = 0.7;
const P99_GOAL = 1.5;
const course = Math.ceil(COURSES / 2);
const targets: Target[] = [
  { name: "/ping", path: "/ping", expect: "ok", goal: false },
  { name: "/safety (rendered)", path: "/safety", expect: "<main", goal: false },
  { name: "catalog /courses", path: "/courses", expect: "Benchmark course", goal: true },
  { name: "catalog, filtered", path: "/courses?subject=physics&level=introductory", expect: "Benchmark course", goal: true },
  { name: "course page", path: `/courses/bench-course-${course}`, expect: `Benchmark course ${course}<`, goal: true },
  {
    name: "lesson page",
    path: "/learn/be1x1/lesson-15",
    expect: "Lesson 15<",
    goal: true,
    baseline: "/safety (rendered)",
    cookie: learnerCookie,
  },
  {
    name: "learner dashboard",
    path: "/learn",
    expect: "Benchmark course 4<",
    goal: true,
    baseline: "/safety (rendered)",
    cookie: learnerCookie,
  },
];
const opts = (t: Target) => (t.cookie ? { headers: { cookie: t.cookie } } : {});

// The machine is shared (autocannon, the server, PostgreSQL, often other work): every route is measured
// in each of several rounds, and each figure is the median of its rounds, so that one busy moment does
// not decide a row, whichever row it falls on.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const runs = new Map<Target, autocannon.Result[]>(targets.map((t) => [t, []]));
try {
  for (const t of targets) {
    // A fast wrong answer must not pass for a fast page.
    const check = await fetch(server.url + t.path, opts(t));
    const body = await check.text();
    if (check.status !== 200 || !body.includes(t.expect)) {
      throw new Error(`${t.path} answered ${check.status} without ${JSON.stringify(t.expect)}:\n${body.slice(0, 500)}`);
    }
    // Warm up (fills the caches and lets V8 optimise).
    await autocannon({ url: server.url + t.path, connections: 10, duration: 2, ...opts(t) });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) {
      // A moment of this route first: requests of the previous one still in flight must not count here.
      await autocannon({ url: server.url + t.path, connections: 10, duration: 1, ...opts(t) });
      runs.get(t)!.push(await autocannon({ url: server.url + t.path, connections: 50, duration: DURATION / ROUNDS, ...opts(t) }));
    }
  }
} finally {
  await server.stop();
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const rows: Row[] = targets.map((t) => {
  const r = runs.get(t)!;
  return {
    ...t,
    rps: median(r.map((x) => x.requests.average)),
    p99: median(r.map((x) => x.latency.p99)),
    // Errors are not a median: one is one too many.
    errors: r.reduce((n, x) => n + x.errors + x.timeouts + x.non2xx, 0),
  };
});

// Issue 9: verifying a credential (its status list cached) against one Ed25519 verify plus the RDF
// canonicalisation of the same document, in this process, after the server has stopped.
const { benchVerification } = await import("./bench-verify.ts");
const verification = await benchVerification({ enrolmentId: "be4x2" });
const VERIFY_GOAL = 0.5;
// Issue 10: Stripe webhook deliveries against /ping, in a server of their own (Stripe settings of the fake).
const { benchWebhooks } = await import("./bench-webhooks.ts");
const webhooks = await benchWebhooks({ env: BENCH_ENV });
await (await import("#app/utils/db.server.ts")).disconnectDb();
const WEBHOOK_GOAL = 0.05;

const ping = rows[0]!;
const baselineOf = (r: Row) => rows.find((b) => b.name === (r.baseline ?? ping.name))!;
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
console.log(
  `\n${"route".padEnd(20)} ${"req/s".padStart(8)} ${"share".padStart(9)} ${"p99 ms".padStart(8)} ${"ratio".padStart(9)} ${"errors".padStart(7)}  of`,
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(20)} ${r.rps.toFixed(0).padStart(8)} ${pct(r.rps / baselineOf(r).rps).padStart(9)} ${String(r.p99).padStart(8)} ${`${(r.p99 / baselineOf(r).p99).toFixed(2)}x`.padStart(9)} ${String(r.errors).padStart(7)}  ${baselineOf(r).name}`,
  );
}
console.log(
  `\ncredential verification: ${verification.fullPerSecond.toFixed(0)}/s, raw Ed25519 verify + RDFC-1.0 canonicalisation: ${verification.rawPerSecond.toFixed(0)}/s, share ${pct(verification.share)}`,
);
console.log(
  `stripe webhooks: ${webhooks.webhooksPerSecond.toFixed(0)} deliveries/s at ${webhooks.concurrency} concurrent (half new, half duplicates), p99 ${webhooks.webhookP99} ms; /ping at ${webhooks.concurrency} concurrent: ${webhooks.pingPerSecond.toFixed(0)}/s, p99 ${webhooks.pingP99} ms; share ${pct(webhooks.share)}, errors ${webhooks.errors}`,
);
const failures = rows
  .filter((r) => r.goal)
  .flatMap((r) => [
    ...(r.rps < SHARE_GOAL * baselineOf(r).rps
      ? [`${r.name}: ${pct(r.rps / baselineOf(r).rps)} of ${baselineOf(r).name}'s req/s`]
      : []),
    ...(r.p99 > P99_GOAL * baselineOf(r).p99 ? [`${r.name}: p99 ${r.p99} ms > ${P99_GOAL} x ${baselineOf(r).p99} ms`] : []),
  ])
  .concat(rows.filter((r) => r.errors > 0).map((r) => `${r.name}: ${r.errors} errors`))
  .concat(verification.share < VERIFY_GOAL ? [`credential verification: ${pct(verification.share)} of the raw speed`] : [])
  .concat(webhooks.share < WEBHOOK_GOAL ? [`stripe webhooks: ${pct(webhooks.share)} of /ping's rate`] : [])
  .concat(webhooks.errors > 0 ? [`stripe webhooks: ${webhooks.errors} errors`] : []);
console.log(
  `\nGoal: catalog pages and course page at >= ${pct(SHARE_GOAL)} of /ping's req/s, the lesson page and the learner dashboard at >= ${pct(SHARE_GOAL)} of /safety's, each p99 <= ${P99_GOAL} x its baseline's, 0 errors, credential verification at >= ${pct(VERIFY_GOAL)} of the raw speed, stripe webhooks at >= ${pct(WEBHOOK_GOAL)} of /ping's rate with 0 errors: ${
    failures.length ? `NOT met\n  ${failures.join("\n  ")}` : "met"
  }.`,
);
if (failures.length) process.exitCode = 1;
