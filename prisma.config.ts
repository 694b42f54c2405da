// Prisma CLI configuration (migrate, generate, diff). The app itself does not read this file.
// Prisma 6.19 runs offline only with the WebAssembly schema engine behind a driver adapter:
// see docs/decisions/002-database-prisma-pglite.md.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

// `||=`, not `??=`: an empty DATABASE_URL must also get the default, or the CLI tries to
// download an engine and `npm ci` fails in `prisma generate`.
process.env.DATABASE_URL ||= "postgresql://postgres@127.0.0.1:5432/waystone_dev";

// prisma/orm#27403: adapter-pg 6.19 cannot read the catalog types `name` (OID 19) and
// `"char"` (OID 18) during introspection; report them as text (OID 25).
const PgResult = (pg as unknown as { Result: { prototype: { addFields: (f: Array<{ dataTypeID: number }>) => void } } }).Result;
const addFields = PgResult.prototype.addFields;
PgResult.prototype.addFields = function patched(fields) {
  for (const field of fields) if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
  return addFields.call(this, fields);
};

// The CLI lingers for up to a minute after finishing because of long timers: let them not hold the process.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
  const t = realSetTimeout(fn, ms, ...rest);
  if ((ms ?? 0) >= 5000 && typeof t === "object" && t && "unref" in t) t.unref();
  return t;
}) as typeof setTimeout;

function shadowUrl(url: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/^\//, "")}_shadow`;
  return u.toString();
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL!;
    const factory = new PrismaPg({ connectionString: url, allowExitOnIdle: true });
    // The adapter's throw-away shadow database cannot be dropped while its pool is open, so use a
    // fixed `<db>_shadow` database (created by .ci/run; create it yourself elsewhere) and wipe it first.
    factory.connectToShadowDb = async () => {
      const shadow = new PrismaPg({ connectionString: shadowUrl(url), allowExitOnIdle: true });
      const conn = await shadow.connect();
      await conn.executeScript("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
      return conn;
    };
    return factory;
  },
});
