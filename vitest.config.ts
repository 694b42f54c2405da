// Kept apart from vite.config.ts: the reactRouter() plugin must not run under Vitest.
import { defineConfig } from "vitest/config";

/**
 * Test files that mark the issuer's signing key compromised. The issuer is one for the whole database, and
 * a compromise fails what other files are issuing and verifying at that moment on a shared PostgreSQL
 * database, so these run after every other file, one after the other (on PGlite each file has its own
 * database anyway).
 */
const KEY_COMPROMISE = [
  "app/modules/credentials/mark-key-compromised.test.ts",
  "tests/integration/credential-public-routes.test.ts",
];

export default defineConfig({
  test: {
    globalSetup: ["./tests/setup/global-db.ts"],
    setupFiles: ["./tests/setup/db-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // All files share one database: an in-memory PGlite started by the global setup, or the server given by DATABASE_URL;
    // two workers keep a 2-core machine busy without thrashing.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          include: ["app/**/*.test.ts", "tests/integration/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: KEY_COMPROMISE,
        },
      },
      ...KEY_COMPROMISE.map((file, i) => ({
        extends: true as const,
        test: { name: `issuer-keys-${i + 1}`, include: [file], sequence: { groupOrder: i + 1 } },
      })),
    ],
  },
});
