// The one Prisma client of the process. DATABASE_URL is always set by the time a query runs: either
// the PostgreSQL server from the environment or the loopback socket of embedded PGlite (ensureDatabase).
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";

export type { Prisma } from "#app/generated/prisma/client.ts";

function createClient() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app through server/index.ts, which starts the embedded database");
  const embedded = Boolean(process.env.WAYSTONE_EMBEDDED_DB);
  // Embedded PGlite is a single PostgreSQL session behind its socket: concurrent connections would
  // interleave extended-protocol messages and receive each other's rows (seen in tests), so the app
  // uses exactly one connection to it; queries and transactions queue in the pool. See ADR 002.
  // The job queue (jobs.server.ts, pg-boss) runs its SQL through this same pool, so on PGlite it waits
  // while a Prisma transaction holds the one connection (ADR 021).
  // On a PostgreSQL server, Prisma's statements are prepared once per connection (PreparingClient).
  const pool = new pg.Pool({ connectionString: url, max: embedded ? 1 : 10, ...(embedded ? {} : { Client: PreparingClient }) });
  pool.on("error", (error) => console.error("[db] idle connection error", error));
  globalForDb.__waystonePool = pool;
  const adapter = new PrismaPg(pool);
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

/**
 * Names each distinct SQL text Prisma sends (its queries carry `rowMode: "array"`), so that PostgreSQL
 * parses and plans it once per connection instead of on every request: a signed-in page's dozen
 * statements cost the server ~0.7 ms each to parse and plan unnamed, far more than to run (ADR 025).
 * At most MAX_PREPARED distinct texts get a name (the hot ones come first); any more run unnamed, so a
 * stream of one-off texts (IN lists of every length) cannot grow the connections' memory without bound.
 * Not used on embedded PGlite (one connection behind a socket; ADR 002).
 */
const MAX_PREPARED = 500;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    // Named by content: the server's own modules and the app's bundle each hold a copy of this file and
    // share one pool, so a counter would give two texts one name.
    name = `w${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

class PreparingClient extends pg.Client {
  // pg.Client's query() has many overloads; this one only adds a name to a config object without one.
  override query(...args: unknown[]): never {
    const [config] = args;
    if (
      typeof config === "object" &&
      config !== null &&
      (config as pg.QueryConfig & { rowMode?: string }).rowMode === "array" &&
      typeof (config as pg.QueryConfig).text === "string" &&
      (config as pg.QueryConfig).name === undefined
    ) {
      const name = statementName((config as pg.QueryConfig).text);
      if (name) args[0] = { ...(config as pg.QueryConfig), name };
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

export type Db = ReturnType<typeof createClient>;
/** The client inside `prisma.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Counts queries of this process; tests use it to show a page's query count does not grow with data. */
export const queryCounter = { count: 0 };

const globalForDb = globalThis as unknown as { __waystoneDb?: Db; __waystonePool?: pg.Pool };

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

/** A statement with $n placeholders and its values, made by the `sql` tag (values are never spliced in). */
export type SqlQuery = { readonly text: string; readonly values: readonly unknown[] };

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlQuery {
  let text = strings[0]!;
  for (let i = 1; i < strings.length; i++) text += `$${i}${strings[i]}`;
  return { text, values };
}

// PostgreSQL's `timestamp` and `date` carry no zone; Prisma stores and reads them as UTC, and so must a
// direct read (pg would take them as local time).
const utcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const utcDate = (value: string) => new Date(`${value}T00:00:00Z`);
const READ_TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 1114 ? utcTimestamp : oid === 1082 ? utcDate : pg.types.getTypeParser(oid, format as "text")) as never,
};

/**
 * The rows of a read-only statement. Outside a transaction it goes straight to the pool, prepared once
 * per connection: a Prisma call costs about a millisecond of CPU before it reaches the database, and the
 * pages every learner opens all the time (the session, the dashboard, a lesson) make several (ADR 025).
 * Inside one (`tx`) it runs in that transaction. Select exact columns and cast counts (`::int`): both
 * paths then give the same JavaScript values (Date for timestamp and date columns, numbers, strings).
 */
export async function readRows<T>(query: SqlQuery, tx?: Tx): Promise<T[]> {
  if (tx) return tx.$queryRawUnsafe<T[]>(query.text, ...query.values);
  queryCounter.count += 1;
  const embedded = Boolean(process.env.WAYSTONE_EMBEDDED_DB);
  const result = await getPool().query({
    text: query.text,
    values: [...query.values],
    types: READ_TYPES,
    ...(embedded ? {} : { name: statementName(query.text) }),
  });
  return result.rows as T[];
}

/** The process's one pg.Pool, which Prisma uses; the job queue shares it (jobs.server.ts). */
export function getPool(): pg.Pool {
  getDb();
  return globalForDb.__waystonePool!;
}

export async function disconnectDb() {
  const client = globalForDb.__waystoneDb;
  const pool = globalForDb.__waystonePool;
  globalForDb.__waystoneDb = undefined;
  globalForDb.__waystonePool = undefined;
  await client?.$disconnect();
  // Prisma does not end a pool it was given.
  if (pool && !pool.ending) await pool.end();
}

// ---------------------------------------------------------------------------------------------------
// Unique violations, mapped in one place. Operations do not "check, then insert" (two requests at the
// same moment would both pass the check): they insert, and the database's unique key decides. The
// losing request's P2002 becomes the operation's domain reason here.

type UniqueViolation = { model?: string; fields: string[] };

/** The model and fields of a unique-key violation (P2002), or null for any other error. */
export function uniqueViolation(error: unknown): UniqueViolation | null {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "P2002") return null;
  const meta = (error as { meta?: Record<string, unknown> }).meta ?? {};
  const cause = (meta.driverAdapterError as { cause?: { constraint?: { fields?: unknown } } } | undefined)?.cause;
  const fields = Array.isArray(cause?.constraint?.fields)
    ? (cause.constraint.fields as string[])
    : Array.isArray(meta.target)
      ? (meta.target as string[])
      : [];
  return {
    model: typeof meta.modelName === "string" ? meta.modelName : undefined,
    fields: fields.map((f) => f.replace(/^"|"$/g, "")),
  };
}

/**
 * Runs `fn` and turns a unique violation on `model` (optionally on exactly `fields`) into `toError()`.
 * Anything else passes through unchanged.
 */
export async function onUniqueViolation<T>(
  fn: () => Promise<T>,
  cases: Array<{ model: string; fields?: string[]; error: () => Error }>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const violation = uniqueViolation(error);
    if (violation) {
      const match = cases.find(
        (c) =>
          c.model === violation.model &&
          (!c.fields || (c.fields.length === violation.fields.length && c.fields.every((f) => violation.fields.includes(f)))),
      );
      if (match) throw match.error();
    }
    throw error;
  }
}

/**
 * Locks one row for the rest of the transaction (SELECT … FOR UPDATE), so that two requests changing
 * the same record at the same moment run one after the other; the second then sees the first's commit
 * (PostgreSQL's READ COMMITTED takes a new snapshot per statement). Returns false if the row is absent.
 */
export async function lockRow(tx: Tx, table: string, id: string): Promise<boolean> {
  if (!/^[A-Z][A-Za-z]+$/.test(table)) throw new Error(`lockRow: bad table name ${table}`);
  const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id FROM "${table}" WHERE id = $1 FOR UPDATE`, id);
  return rows.length === 1;
}

/** True when the database answers a trivial query (the health check); never throws. */
export async function checkDatabase(): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
