// Vitest global setup: the database every test file talks to. With DATABASE_URL (CI: the PostgreSQL
// server) it applies the committed migrations with `prisma migrate deploy`; without it, it starts one
// embedded PGlite in memory, migrated by the app's own runner, and hands its loopback URL to the workers.
import { spawnSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "#app/utils/embedded-db.server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgresql" | "pglite";
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const result = spawnSync("npx", ["prisma", "migrate", "deploy"], { encoding: "utf8", env: process.env });
    if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
    project.provide("databaseUrl", url);
    project.provide("databaseKind", "postgresql");
    return;
  }
  const embedded = await startEmbeddedDatabase({ dataDir: "memory" });
  project.provide("databaseUrl", embedded.url);
  project.provide("databaseKind", "pglite");
  return async () => {
    await embedded.stop();
  };
}
