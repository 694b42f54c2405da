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
import { ensureDatabase } from "#app/utils/embedded-db.server.ts";
import { EnvError, getEnv } from "#app/utils/env.server.ts";
import { negotiateLocale } from "#app/utils/i18n.ts";
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

const app = express();
app.disable("x-powered-by");
if (env.TRUST_PROXY) app.set("trust proxy", true);
app.use(compression());

const MAX_BODY_BYTES = 1_000_000;

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
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

app.use((req, res, next) => {
  // A 304 must not carry a new CSP: the browser would apply its fresh nonce to the cached page, whose
  // scripts carry the old one, and block them (quick exit's Escape×3 included). Without the header the
  // cached policy stays in force.
  const writeHead = res.writeHead;
  res.writeHead = function patchedWriteHead(this: typeof res, ...args: Parameters<typeof writeHead>) {
    if (res.statusCode === 304 || args[0] === 304) res.removeHeader("Content-Security-Policy");
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

// State changes only by POST, only from this site's own pages (vendor webhooks are signed instead).
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  if (req.method !== "POST") return refuse(req, res, 405, "method");
  // Browsers always send Content-Length for forms; a body without one cannot be bounded up front.
  if (req.get("transfer-encoding") && !req.path.startsWith("/webhooks/")) return refuse(req, res, 411, "length_required");
  if (Number(req.get("content-length") ?? 0) > MAX_BODY_BYTES) return refuse(req, res, 413, "too_large");
  if (req.path.startsWith("/webhooks/")) return next();
  const origin = req.get("origin");
  const own = `${req.protocol}://${req.get("host")}`;
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

async function getBuild(): Promise<{ build: () => Promise<ServerBuild> }> {
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
  return { build: async () => build };
}

const { build } = await getBuild();

app.all(
  "*",
  createRequestHandler({
    build,
    mode: dev ? "development" : "production",
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      clientIp: req.ip ?? req.socket.remoteAddress ?? null,
    }),
  }),
);

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
  const { disconnectDb } = await import("#app/utils/db.server.ts");
  await disconnectDb().catch(() => {});
  await database.stop().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
