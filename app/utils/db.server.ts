// The one Prisma client of the process. DATABASE_URL is always set by the time a query runs: either
// the PostgreSQL server from the environment or the loopback socket of embedded PGlite (ensureDatabase).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";

export type { Prisma } from "#app/generated/prisma/client.ts";

function createClient() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app through server/index.ts, which starts the embedded database");
  const embedded = Boolean(process.env.WAYSTONE_EMBEDDED_DB);
  // Embedded PGlite is a single PostgreSQL session behind its socket: concurrent connections would
  // interleave extended-protocol messages and receive each other's rows (seen in tests), so the app
  // uses exactly one connection to it; queries and transactions queue in the pool. See ADR 002.
  const adapter = new PrismaPg({ connectionString: url, max: embedded ? 1 : 10 });
  const client = new PrismaClient({
    adapter,
    transactionOptions: embedded ? { maxWait: 15_000, timeout: 15_000 } : { maxWait: 5_000, timeout: 10_000 },
  });
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        queryCounter.count += 1;
        return query(args);
      },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
/** The client inside `prisma.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Counts queries of this process; tests use it to show a page's query count does not grow with data. */
export const queryCounter = { count: 0 };

const globalForDb = globalThis as unknown as { __waystoneDb?: Db };

export function getDb(): Db {
  globalForDb.__waystoneDb ??= createClient();
  return globalForDb.__waystoneDb;
}

/** Lazily created so that importing a module does not need a database. */
export const prisma: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb() {
  const client = globalForDb.__waystoneDb;
  globalForDb.__waystoneDb = undefined;
  await client?.$disconnect();
}
