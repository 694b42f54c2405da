// One HTTP request's scope (server/index.ts runs every app request in it): values worked out once per
// request and shared by the root loader and the page's loaders, which React Router calls with separate
// Request objects. Only for reads of GET and HEAD requests, so an action's change (a new session, a new
// display name) is never hidden by a value read before it.
import { AsyncLocalStorage } from "node:async_hooks";

// On globalThis: server/index.ts and the built app bundle each load their own copy of this file.
const globalForScope = globalThis as unknown as { __waystoneRequestScope?: AsyncLocalStorage<Map<string, unknown>> };
globalForScope.__waystoneRequestScope ??= new AsyncLocalStorage<Map<string, unknown>>();
const scope = globalForScope.__waystoneRequestScope;

/** Runs `fn` (one request's handling) in a fresh scope. */
export function runInRequestScope<T>(fn: () => T): T {
  return scope.run(new Map(), fn);
}

/**
 * `make()` once per request and `key`, when `request` is a GET or HEAD inside a request scope; otherwise
 * `make()` every time (tests calling loaders directly, actions).
 */
export function oncePerRequest<T>(request: Request, key: string, make: () => T): T {
  const memo = scope.getStore();
  if (!memo || (request.method !== "GET" && request.method !== "HEAD")) return make();
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}
