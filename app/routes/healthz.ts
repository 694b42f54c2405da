import { checkDatabase } from "#app/utils/db.server.ts";

/** Liveness with the database checked: 200 when a query answers, 503 otherwise. */
export async function loader() {
  const database = await checkDatabase();
  return Response.json(database ? { status: "ok", database: "ok" } : { status: "error", database: "unreachable" }, {
    status: database ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
