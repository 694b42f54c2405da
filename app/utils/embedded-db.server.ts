// Embedded PostgreSQL (PGlite) for a machine with no DATABASE_URL: it runs in this process and is
// served on a loopback socket, so the app talks to it through the same @prisma/adapter-pg as to a
// PostgreSQL server (same error codes, interactive transactions). See ADR 002.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { applyMigrations } from "./migrations.server.ts";

export type EmbeddedDatabase = { url: string; applied: string[]; stop: () => Promise<void> };

export async function startEmbeddedDatabase(options: { dataDir: string | "memory" }): Promise<EmbeddedDatabase> {
  let db: PGlite;
  if (options.dataDir === "memory") {
    db = await PGlite.create();
  } else {
    const dir = path.resolve(options.dataDir);
    mkdirSync(dir, { recursive: true }); // PGlite does not create parent folders
    db = await PGlite.create(dir);
  }
  const applied = await applyMigrations(db);
  // One PGlite is one PostgreSQL session: the app keeps a single connection to it (db.server.ts); a few
  // spare slots let tools (psql, a second script) connect while nothing else runs.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
  await server.start();
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  let stopped = false;
  return {
    url,
    applied,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}

/**
 * Makes sure process.env.DATABASE_URL points at a database: the configured server, or embedded PGlite
 * persisted under <DATA_DIR>/pglite. Returns a stop function (a no-op for a server).
 */
export async function ensureDatabase(dataDir: string): Promise<{ embedded: boolean; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { embedded: false, stop: async () => {} };
  const embedded = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "pglite") });
  process.env.DATABASE_URL = embedded.url;
  process.env.WAYSTONE_EMBEDDED_DB = "1";
  return { embedded: true, stop: embedded.stop };
}
