// `npm run content:import [dir]`: validates every course under dir (default: content/), reports every
// error with file and line, then imports all courses in one transaction (all or nothing), with a
// progress bar and counts. Idempotent: unchanged courses are left alone.
import { existsSync } from "node:fs";
import path from "node:path";
import { importCourses, parseContent } from "#app/modules/courses/content-files.server.ts";
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
  const summary = await importCourses(courses, {
    actorId: null,
    onProgress: (c, outcome) => progress.tick(`${c.slug} (${outcome})`),
  });
  const lessons = courses.reduce((n, c) => n + c.lessons.length, 0);
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
