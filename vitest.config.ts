// Kept apart from vite.config.ts: the reactRouter() plugin must not run under Vitest.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["app/**/*.test.ts", "tests/integration/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["./tests/setup/global-db.ts"],
    setupFiles: ["./tests/setup/db-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // All files share one database: an in-memory PGlite started by the global setup, or the server given by DATABASE_URL;
    // two workers keep a 2-core machine busy without thrashing.
    maxWorkers: 2,
  },
});
