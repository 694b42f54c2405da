// Per test file: point the app's Prisma client at the suite's database, with fixed test secrets.
// On PGlite, this file gets its own in-memory database, migrated by the app's runner.
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
}

afterAll(async () => {
  const { disconnectDb } = await import("#app/utils/db.server.ts");
  await disconnectDb();
  await embedded?.stop();
});
