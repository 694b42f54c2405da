// `npm run content:import [dir]`: validates every course under dir (default: content/), reports every
// error with file and line, then imports all courses in one transaction (all or nothing), with a
// progress bar and counts. Idempotent: unchanged courses are left alone.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseContent } from "#app/modules/courses/content-parse.server.ts";
import { importCourses } from "#app/modules/courses/import-courses.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { ensureDatabase } from "#app/utils/embedded-db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createProgress } from "#scripts/progress.ts";

if (existsSync(".env")) process.loadEnvFile(".env");
const root = path.resolve(process.argv[2] ?? "content");
const { courses, errors } = parseContent(root);
if (errors.length) {
  console.error(`Content has ${errors.length} error${errors.length === 1 ? "" : "s"}; nothing was imported:`);
  for (const e of errors) console.error(`  ${path.relative(process.cwd(), e.file)}:${e.line}  ${e.message}`);
  process.exit(1);
}
const db = await ensureDatabase(getEnv().DATA_DIR);
try {
  const progress = createProgress(courses.length, "Importing");
  // No actor: the command runs on the server, by whoever operates it (the audit rows name no one).
  const summary = await importCourses(null, { courses }, { onProgress: (c, outcome) => progress.tick(`${c.slug} (${outcome})`) });
  const lessons = courses.reduce((n, c) => n + c.modules.reduce((m, mod) => m + mod.lessons.length, 0), 0);
  progress.finish(
    `Imported ${courses.length} courses (${lessons} lessons): ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged.`,
  );
} catch (error) {
  console.error(`Import failed; nothing was changed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await disconnectDb();
  await db.stop();
}
