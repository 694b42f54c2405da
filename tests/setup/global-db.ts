// Vitest global setup. With DATABASE_URL (CI: the PostgreSQL server) it applies the committed
// migrations with `prisma migrate deploy` and every test file shares that database. Without it, each
// test file starts its own in-memory PGlite (tests/setup/db-setup.ts): one PGlite is one PostgreSQL
// session, so it must never be shared by concurrent connections (docs/decisions/002).
import { spawnSync } from "node:child_process";
import type { TestProject } from "vitest/node";

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
  project.provide("databaseUrl", "");
  project.provide("databaseKind", "pglite");
}
