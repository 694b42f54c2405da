// TRANSITIONAL: server/index.ts still imports getCatalogVersion from here; it lives in queries.server.ts.
// Delete this file once nothing imports it.
export { getCatalogVersion } from "./queries.server.ts";
