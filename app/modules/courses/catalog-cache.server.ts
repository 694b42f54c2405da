// The catalog's published content is cached in the server process, keyed by the catalog version
// (getCatalogVersion in queries.server.ts): one cheap read per request tells every app instance that
// something changed, without a shared cache. Anonymous pages also send the version as an ETag.
import { createHash } from "node:crypto";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";

const MAX_ENTRIES = 500;
const cache = new Map<string, { version: string; value: unknown }>();

export async function cached<T>(key: string, version: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = await load();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { version, value });
  return value;
}

export function clearCatalogCache() {
  cache.clear();
}

export function etagFor(version: string, ...parts: string[]) {
  return `W/"${createHash("sha1")
    .update([version, ...parts].join("|"))
    .digest("base64url")
    .slice(0, 22)}"`;
}

/**
 * Cache headers of a catalog page for an anonymous visitor: the page depends only on the catalog
 * version, the language, the low-data mode and the URL, so a browser or shared cache may keep it and
 * revalidate with If-None-Match (answered 304 in entry.server.tsx). Logged-in pages stay no-store.
 */
export async function anonymousCatalogHeaders(request: Request, version: string, key: string) {
  const prefs = await readPrefs(request);
  const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: request.headers.get("Accept-Language") });
  const saveData = request.headers.get("Save-Data")?.toLowerCase() === "on";
  const lowData = saveData ? "save-data" : prefs.lowData ? "low-data" : "full";
  return { ETag: etagFor(version, locale, lowData, key), "Cache-Control": "public, max-age=0, must-revalidate" };
}
