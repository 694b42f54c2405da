// `npm run content:export <slug> [outDir]`: writes a course back to files (default outDir: content/courses)
// that re-import to the same course.
import { existsSync } from "node:fs";
import path from "node:path";
import { exportCourse } from "#app/modules/courses/export-course.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { ensureDatabase } from "#app/utils/embedded-db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";

if (existsSync(".env")) process.loadEnvFile(".env");
const slug = process.argv[2];
if (!slug) {
  console.error("Usage: npm run content:export <slug> [outDir]");
  process.exit(2);
}
const outDir = path.resolve(process.argv[3] ?? "content/courses");
const db = await ensureDatabase(getEnv().DATA_DIR);
try {
  console.log(`Wrote ${path.relative(process.cwd(), await exportCourse(null, slug, outDir))}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await disconnectDb();
  await db.stop();
}
