// The Node server: one express app in front of the React Router request handler. It owns what must
// hold for every response (security headers with a per-request CSP nonce, the Origin check on state
// changes, the body size limit) and hands loaders the client IP for per-IP login throttling.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";
import { createRequestHandler as createReactRouterHandler, type ServerBuild } from "react-router";
// The HTML cache's key must use the catalog version the catalog routes use: re-point with them.
import { getCatalogVersion } from "#app/modules/courses/queries.server.ts";
import { MAX_UPLOAD_BYTES, uploadBodyLimit } from "#app/modules/files/upload.server.ts";
import { ensureDatabase } from "#app/utils/embedded-db.server.ts";
import { JOB_WORKERS } from "#app/utils/job-workers.server.ts";
import { startJobs, stopJobs } from "#app/utils/jobs.server.ts";
import { EnvError, getEnv } from "#app/utils/env.server.ts";
import { negotiateLocale } from "#app/utils/i18n.ts";
import { hasSessionCookieHeader, mustNotStore, NO_STORE } from "#app/utils/no-store.ts";
import { runInRequestScope } from "#app/utils/request-scope.server.ts";
import { serverT } from "#app/utils/i18n.server.ts";
import { createHtmlCache } from "./html-cache.ts";

const dev = process.argv.includes("--dev");

let env: ReturnType<typeof getEnv>;
try {
  env = getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`Waystone cannot start.\n${error.message}\nSee .env.example for every variable.`);
    process.exit(1);
  }
  throw error;
}
if (env.usingGeneratedSecrets)
  console.warn(`Using generated development secrets from ${env.DATA_DIR}/dev-secrets.json (never in production).`);

const database = await ensureDatabase(env.DATA_DIR);
if (database.embedded) console.log(`Embedded PostgreSQL (PGlite) in ${path.resolve(env.DATA_DIR, "pglite")}`);
// The job queue (pg-boss, in the same database and through the same pool as Prisma; ADR 021): its
// schema and queues, then the workers that deliver notices and emails and the hourly clean-up.
await startJobs({ registry: JOB_WORKERS, work: true });

const app = express();
app.disable("x-powered-by");
// TRUST_PROXY is the number of reverse proxies in front of the app (app/utils/env.server.ts). Only then do
// req.ip and req.protocol come from X-Forwarded-For/-Proto, taking the entry the outermost trusted proxy
// appended: a client cannot choose its own address (the per-IP login limit) with a forged leftmost entry.
if (env.TRUST_PROXY > 0) app.set("trust proxy", env.TRUST_PROXY);
app.use(compression());

const MAX_BODY_BYTES = 1_000_000;
// Pages that take a file upload (an assignment's submission) may receive up to the global upload cap;
// their action refuses anything above the assignment's own limit before reading the body (ADR 022).
const UPLOAD_PATH = /^\/learn\/[^/]+\/[^/]+\/submission(?:\.data)?$/;
const MAX_UPLOAD_BODY_BYTES = uploadBodyLimit(MAX_UPLOAD_BYTES);

function csp(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    // The quick-exit form (no JavaScript) posts to /exit, which answers 303 to the neutral site: the
    // browser checks that redirect against form-action too.
    `form-action 'self' ${new URL(env.QUICK_EXIT_URL).origin}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

app.use((req, res, next) => {
  // A 304 must not carry a new CSP: the browser would apply its fresh nonce to the cached page, whose
  // scripts carry the old one, and block them (quick exit's Escape×3 included). Without the header the
  // cached policy stays in force.
  // Every response also passes the cache rule of app/utils/no-store.ts here, whoever made it (a page, a
  // redirect of React Router or of express.static, a resource route): redirects and what the app answers
  // to a logged-in request are never stored, so Back after a quick exit or log-out shows nothing of the
  // person's. Error pages are never indexed (X-Robots-Tag), whatever route rendered them.
  const writeHead = res.writeHead;
  res.writeHead = function patchedWriteHead(this: typeof res, ...args: Parameters<typeof writeHead>) {
    const status = typeof args[0] === "number" ? args[0] : res.statusCode;
    if (status === 304) res.removeHeader("Content-Security-Policy");
    const authenticated = res.locals.dynamic === true && hasSessionCookieHeader(req.get("cookie"));
    if (mustNotStore({ status, authenticated })) res.setHeader("Cache-Control", NO_STORE);
    if (status >= 400) res.setHeader("X-Robots-Tag", "noindex");
    return writeHead.apply(this, args);
  } as typeof writeHead;
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", csp(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  if (env.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

function refuse(req: express.Request, res: express.Response, status: number, key: string) {
  const t = serverT(negotiateLocale(req.get("accept-language")) ?? "en");
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Waystone</title></head><body><main><h1>${t(`refused.${key}.title`)}</h1><p>${t(`refused.${key}.body`)}</p><p><a href="/">${t("error.home")}</a></p></main></body></html>`,
    );
}

// The verification APIs (ADR 026) read no session and change nothing, so any site or partner system may
// call them: no Origin check, CORS for browsers (with the preflight a JSON POST needs), JSON refusals.
const VERIFY_API = /^\/(?:api\/verify|credentials\/verify)$/;

app.use((req, res, next) => {
  if (!VERIFY_API.test(req.path)) return next();
  // The routes' own answers carry Access-Control-Allow-Origin (verify-api.server.ts); these are the others.
  if (req.method === "OPTIONS") {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Methods", "POST");
    res.setHeader("Access-Control-Allow-Headers", "Content-Type, Accept-Language");
    res.setHeader("Access-Control-Max-Age", "600");
    return res.status(204).end();
  }
  if (req.method !== "POST") return next();
  if (req.get("transfer-encoding") || Number(req.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    const status = req.get("transfer-encoding") ? 411 : 413;
    const reason = status === 413 ? "input_too_large" : "length_required";
    res.setHeader("Access-Control-Allow-Origin", "*");
    return res.status(status).json({ verified: false, checks: [], errors: [{ check: "shape", reason }] });
  }
  // Cookies are never read here: the answer is the same for everyone.
  delete req.headers.cookie;
  delete req.headers.origin;
  res.locals.verifyApi = true;
  next();
});

// State changes only by POST, only from this site's own pages (vendor webhooks are signed instead).
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  if (res.locals.verifyApi) return next();
  if (req.method !== "POST") return refuse(req, res, 405, "method");
  // Browsers always send Content-Length for forms; a body without one cannot be bounded up front.
  if (req.get("transfer-encoding") && !req.path.startsWith("/webhooks/")) return refuse(req, res, 411, "length_required");
  const bodyLimit = UPLOAD_PATH.test(req.path) ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
  if (Number(req.get("content-length") ?? 0) > bodyLimit) return refuse(req, res, 413, "too_large");
  if (req.path.startsWith("/webhooks/")) return next();
  const origin = req.get("origin");
  // This request's own origin as React Router sees it (request.url): behind trusted proxies, the scheme
  // of X-Forwarded-Proto and the host of X-Forwarded-Host (when the proxy sets one).
  const forwardedHost = app.enabled("trust proxy") ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const own = `${req.protocol}://${forwardedHost || req.get("host")}`;
  if (origin === env.APP_ORIGIN || origin === own) return next();
  // With Referrer-Policy: no-referrer, Chromium sends `Origin: null` on a plain form POST (no JS).
  // Fetch Metadata tells a same-origin navigation apart from a cross-site or sandboxed one, and a page
  // cannot forge it, so such a request is accepted and its Origin set to this site for React Router's
  // own CSRF check (docs/decisions/006-security-shell-and-quick-exit.md).
  if (origin === "null" && req.get("sec-fetch-site") === "same-origin") {
    req.headers.origin = own;
    return next();
  }
  return refuse(req, res, 403, "origin");
});

// In production the build is handed over as the object itself: given a function, React Router derives
// its route tables and static handler again on every request.
async function getBuild(): Promise<{ build: ServerBuild | (() => Promise<ServerBuild>) }> {
  if (dev) {
    const vite = await import("vite");
    const server = await vite.createServer({ server: { middlewareMode: true } });
    app.use(server.middlewares);
    return { build: () => server.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild> };
  }
  // BUILD_DIR: as in react-router.config.ts (default "build"), relative to the project root.
  const buildDir = path.resolve(process.env.BUILD_DIR || "build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
  // Before the static files: a cached page costs no file-system lookup either. Not in development,
  // where the code under a build version changes with every edit.
  app.use(
    createHtmlCache({
      render: createReactRouterHandler(build, "production"),
      buildVersion: () => build.assets.version,
      catalogVersion: getCatalogVersion,
      origin: env.APP_ORIGIN,
    }),
  );
  app.use("/assets", express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  return { build };
}

const { build } = await getBuild();

// From here on, responses are the app's own (not static files): a logged-in request's answer is no-store.
app.use((_req, res, next) => {
  res.locals.dynamic = true;
  next();
});

const handleRequest = createRequestHandler({
  build,
  mode: dev ? "development" : "production",
  getLoadContext: (req, res) => ({
    cspNonce: res.locals.cspNonce as string,
    clientIp: req.ip ?? req.socket.remoteAddress ?? null,
  }),
});
// Each request in its own scope: the root and page loaders share one session lookup (request-scope.server.ts).
app.all("*", (req, res, next) => runInRequestScope(() => handleRequest(req, res, next)));

function onListening() {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`Waystone is ready at http://localhost:${port}`);
}
const server = env.HOST ? app.listen(env.PORT, env.HOST, onListening) : app.listen(env.PORT, onListening);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  // Running jobs finish (or are failed, and so retried by the next start) before the database closes.
  await stopJobs({ timeoutMs: 5_000 }).catch((error: unknown) => console.error("[jobs] stop", error));
  const { disconnectDb } = await import("#app/utils/db.server.ts");
  await disconnectDb().catch(() => {});
  await database.stop().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
