// `npm run bench` (not part of the tests): the catalog and course pages under load. Seeds a PostgreSQL
// database with 1,000 published courses of 30 lessons each, starts the built app, and measures with
// autocannon (50 connections, one run each) the requests per second and p99 latency of a bare route,
// the catalog and a course page, printing each as a share of the bare route (goal: ≥ 70 %).
//   BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/waystone_bench) is dropped and recreated.
import { spawnSync } from "node:child_process";
import autocannon from "autocannon";
import pg from "pg";
import { startServer } from "#tests/server-process.ts";

const url = new URL(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/waystone_bench");
const database = url.pathname.slice(1);
const COURSES = Number(process.env.BENCH_COURSES ?? 1000);
const LESSONS = 30;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

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
await db.query("ANALYZE");
await db.end();
console.log(`Seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);

const server = await startServer({
  DATABASE_URL: url.toString(),
  NODE_ENV: "production",
  SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789",
  ENCRYPTION_KEY: "cd".repeat(32),
});

type Row = { name: string; path: string; rps: number; p99: number; errors: number; non2xx: number };
const rows: Row[] = [];
try {
  const targets = [
    { name: "bare route (/ping)", path: "/ping" },
    { name: "catalog (/courses)", path: "/courses" },
    { name: "course page", path: `/courses/bench-course-${Math.ceil(COURSES / 2)}` },
  ];
  for (const t of targets) {
    // Warm up (fills the in-process cache), then measure.
    await autocannon({ url: server.url + t.path, connections: 10, duration: 2 });
    const r = await autocannon({ url: server.url + t.path, connections: 50, duration: DURATION });
    rows.push({ name: t.name, path: t.path, rps: r.requests.average, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx });
  }
} finally {
  await server.stop();
}

const bare = rows[0]!.rps;
console.log(`\n${"route".padEnd(22)} ${"req/s".padStart(9)} ${"p99 ms".padStart(8)} ${"share of bare".padStart(14)}  errors`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(22)} ${r.rps.toFixed(0).padStart(9)} ${String(r.p99).padStart(8)} ${`${((r.rps / bare) * 100).toFixed(0)} %`.padStart(14)}  ${r.errors + r.non2xx}`,
  );
}
const worst = Math.min(...rows.slice(1).map((r) => r.rps / bare));
console.log(
  `\nGoal: catalog and course page at ≥ 70 % of the bare route: ${worst >= 0.7 ? "met" : "NOT met"} (worst ${(worst * 100).toFixed(0)} %).`,
);
