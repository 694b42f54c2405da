// Per-worker setup: point the app's Prisma client at the suite's database, with fixed test secrets.
import { afterAll, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.NODE_ENV = "test";
process.env.SESSION_SECRET ||= "test-session-secret-0123456789abcdef0123456789";
process.env.ENCRYPTION_KEY ||= "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
process.env.DATA_DIR ||= "tests/.artifacts/vitest-data";

afterAll(async () => {
  const { disconnectDb } = await import("#app/utils/db.server.ts");
  await disconnectDb();
});
