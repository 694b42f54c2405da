// A cache of the rendered HTML of anonymous catalog and course pages, in front of the React Router
// handler (docs/decisions/010-html-cache-for-anonymous-catalog-pages.md). Server rendering is what makes
// these pages slow; their content is a function of a few request properties, so a hit is answered
// here without any React Router work. Every response still gets its own CSP nonce: pages are rendered
// with a per-process placeholder nonce, and the real one is substituted into the nonce attributes on
// every send.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { AppLoadContext } from "react-router";
import { readPrefs, serializePrefs } from "#app/modules/identity/cookies.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { resolveLocale } from "#app/utils/i18n.server.ts";
import { hasSessionCookie } from "#app/utils/no-store.ts";

/** The three low-data states of the root loader: they render three different pages. */
export type LowDataState = "save-data" | "low-data" | "full";

export type HtmlCacheLimits = { maxEntries: number; maxBytes: number };

export type HtmlCacheOptions = {
  /** React Router's own request handler (from `createRequestHandler` of "react-router"). */
  render: (request: Request, loadContext: AppLoadContext) => Promise<Response>;
  /** The build's manifest version: a page must never point at scripts of another build. */
  buildVersion: () => string;
  /** Changes whenever anything a catalog or course page shows changes. */
  catalogVersion: () => Promise<string>;
  /** The public origin; misses render for it, so the Host header of a request cannot reach a page. */
  origin: string;
  /** Pages without a query string, and pages with one: random query strings only evict each other. */
  limits?: { plain?: HtmlCacheLimits; query?: HtmlCacheLimits; maxEntryBytes?: number };
};

export const DEFAULT_LIMITS = {
  plain: { maxEntries: 2_000, maxBytes: 48 * 1024 * 1024 },
  query: { maxEntries: 500, maxBytes: 16 * 1024 * 1024 },
  maxEntryBytes: 1024 * 1024,
};

// Slugs as SlugSchema allows them. Anything else (a trailing slash, `.data` requests of client-side
// navigation, percent-encoding) is not cached and goes to React Router as before.
const CACHEABLE_PATH = /^\/courses(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

/** A stored page: the body split at its nonce attributes, so that a send is a concatenation. */
export type CachedPage = {
  status: number;
  headers: Array<[string, string]>;
  etag: string | null;
  parts: Buffer[];
  bytes: number;
};

/** A map bounded by entry count and bytes, evicting the least recently used entry first. */
export class LruStore<V> {
  #entries = new Map<string, { value: V; bytes: number }>();
  #bytes = 0;
  constructor(private readonly limits: HtmlCacheLimits) {}

  get size() {
    return this.#entries.size;
  }
  get bytes() {
    return this.#bytes;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used entry.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Returns false (and stores nothing) for a value larger than the whole budget. */
  set(key: string, value: V, bytes: number): boolean {
    if (bytes > this.limits.maxBytes || this.limits.maxEntries < 1) return false;
    this.delete(key);
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    while (this.#entries.size > this.limits.maxEntries || this.#bytes > this.limits.maxBytes) {
      const oldest = this.#entries.keys().next().value!;
      this.delete(oldest);
    }
    return true;
  }

  delete(key: string) {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

/**
 * Splits a page rendered with `placeholder` as its nonce at each `nonce="<placeholder>"` attribute.
 * Returns null when the placeholder also occurs anywhere else: such a page is neither stored nor sent,
 * because substituting the real nonce there could put a valid nonce where the page did not put one,
 * and leaving it would reveal the placeholder.
 */
export function splitAtNonces(html: string, placeholder: string): string[] | null {
  const parts = html.split(`nonce="${placeholder}"`);
  return parts.some((part) => part.includes(placeholder)) ? null : parts;
}

/** Weak comparison of If-None-Match, as app/entry.server.tsx does it for rendered pages. */
function etagMatches(ifNoneMatch: string | undefined, etag: string) {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => tag.trim() === etag);
}

// Headers that describe the buffered body (recomputed on send) or are set per response by the server.
const NOT_STORED = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "date"]);
// A 304 keeps only what RFC 9110 §15.4.5 asks for; entry.server.tsx sends the same set.
const NOT_MODIFIED_HEADERS = new Set(["cache-control", "etag", "vary"]);

type Rendered = { page: CachedPage; storable: boolean; setsCookie: boolean };

export function createHtmlCache(options: HtmlCacheOptions) {
  // Never sent to a client and unknown outside this process, so no authored text can contain it.
  const placeholder = randomBytes(24).toString("hex");
  const limits = {
    plain: options.limits?.plain ?? DEFAULT_LIMITS.plain,
    query: options.limits?.query ?? DEFAULT_LIMITS.query,
    maxEntryBytes: options.limits?.maxEntryBytes ?? DEFAULT_LIMITS.maxEntryBytes,
  };
  const plain = new LruStore<CachedPage>(limits.plain);
  const query = new LruStore<CachedPage>(limits.query);
  // Concurrent misses of one key share one render: after a catalog change every hot page misses at once.
  const inflight = new Map<string, Promise<Rendered | null>>();
  let warnedMismatch = false;
  let lowDataCookie: Promise<string> | undefined;

  /** A request carrying only what the key holds, so a stored page cannot depend on anything else. */
  async function renderRequest(req: ExpressRequest, locale: Locale, lowData: LowDataState) {
    const headers = new Headers({ Accept: "text/html", "Accept-Language": locale });
    if (lowData === "save-data") headers.set("Save-Data", "on");
    if (lowData === "low-data") {
      lowDataCookie ??= serializePrefs({ lowData: true }).then((c) => c.split(";")[0]!);
      headers.set("Cookie", await lowDataCookie);
    }
    return new Request(`${options.origin}${req.originalUrl}`, { method: req.method, headers });
  }

  async function render(req: ExpressRequest, locale: Locale, lowData: LowDataState, version: string): Promise<Rendered | null> {
    const response = await options.render(await renderRequest(req, locale, lowData), {
      cspNonce: placeholder,
      clientIp: null,
    });
    const html = await response.text();
    const split = splitAtNonces(html, placeholder);
    if (!split) {
      if (!warnedMismatch) {
        warnedMismatch = true;
        console.warn(`html-cache: ${req.path} has its placeholder nonce outside nonce attributes; rendering without the cache`);
      }
      return null;
    }
    const headers: Array<[string, string]> = [];
    for (const [name, value] of response.headers) if (!NOT_STORED.has(name)) headers.push([name, value]);
    // One allocation per page, and exact accounting: the parts are views into it.
    const body = Buffer.from(split.join(""));
    const parts: Buffer[] = [];
    let offset = 0;
    for (const part of split) {
      const length = Buffer.byteLength(part);
      parts.push(body.subarray(offset, offset + length));
      offset += length;
    }
    const bytes = body.length;
    const setsCookie = response.headers.has("Set-Cookie");
    const storable =
      response.status === 200 &&
      !setsCookie &&
      /^public\b/i.test(response.headers.get("Cache-Control") ?? "") &&
      /^text\/html\b/i.test(response.headers.get("Content-Type") ?? "") &&
      bytes <= limits.maxEntryBytes &&
      // The loader read the catalog on its own: if it changed meanwhile, this page may hold the newer
      // content under the older key, and the older version can come back (a course deleted again).
      (await options.catalogVersion()) === version;
    return {
      page: { status: response.status, headers, etag: response.headers.get("ETag"), parts, bytes: bytes + 256 },
      storable,
      setsCookie,
    };
  }

  function send(req: ExpressRequest, res: ExpressResponse, page: CachedPage) {
    if (page.status === 200 && page.etag && etagMatches(req.get("If-None-Match"), page.etag)) {
      for (const [name, value] of page.headers) if (NOT_MODIFIED_HEADERS.has(name)) res.append(name, value);
      // The browser's copy keeps its own nonce: a new CSP would block its scripts (see server/index.ts).
      res.removeHeader("Content-Security-Policy");
      res.status(304).end();
      return;
    }
    res.status(page.status);
    for (const [name, value] of page.headers) res.append(name, value);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const nonce = Buffer.from(`nonce="${res.locals.cspNonce as string}"`);
    const chunks: Buffer[] = [];
    page.parts.forEach((part, i) => {
      if (i > 0) chunks.push(nonce);
      chunks.push(part);
    });
    const body = Buffer.concat(chunks);
    res.setHeader("Content-Length", body.length);
    res.end(body);
  }

  return async function htmlCache(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    if ((req.method !== "GET" && req.method !== "HEAD") || !CACHEABLE_PATH.test(req.path)) return next();
    // Without this response's nonce there is nothing to substitute: let React Router fail as it would.
    if (typeof res.locals.cspNonce !== "string" || !res.locals.cspNonce) return next();
    const cookie = req.get("Cookie");
    const request = new Request(`${options.origin}${req.originalUrl}`, { headers: cookie ? { Cookie: cookie } : {} });
    // Logged-in pages are never read from or written to this cache, whatever the session is worth.
    if (hasSessionCookie(request)) return next();
    try {
      // Exactly as the root loader decides them for a visitor without an account.
      const prefs = await readPrefs(request);
      const locale = resolveLocale({ cookieLocale: prefs.lang, acceptLanguage: req.get("Accept-Language") });
      const saveData = req.get("Save-Data")?.toLowerCase() === "on";
      const lowData: LowDataState = saveData ? "save-data" : prefs.lowData === true ? "low-data" : "full";
      const version = await options.catalogVersion();
      const key = [req.method, req.originalUrl, locale, lowData, options.buildVersion(), version].join("\n");
      const store = req.originalUrl.includes("?") ? query : plain;

      const hit = store.get(key);
      if (hit) return send(req, res, hit);

      let pending = inflight.get(key);
      const first = !pending;
      if (!pending) {
        pending = render(req, locale, lowData, version)
          .then((rendered) => {
            if (rendered?.storable) store.set(key, rendered.page, rendered.page.bytes + key.length);
            return rendered;
          })
          .finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      const rendered = await pending;
      if (rendered?.storable) return send(req, res, rendered.page);
      // Not stored (a 404, an error, a private page, a catalog change during the render): the request
      // that rendered it sends it, unless it sets a cookie, which would be meant for the key's request
      // and not for this visitor. Requests that only waited for it are rendered by React Router.
      if (first && rendered && !rendered.setsCookie) return send(req, res, rendered.page);
      return next();
    } catch (error) {
      console.error("html-cache:", error);
      return next();
    }
  };
}
