// What may be kept by a browser or a shared cache (docs/architecture.md "caching" and "safety first").
// Learner data must never be stored: after a quick exit or a log-out, Back must not show anything of the
// person's. The rule has one home, here; it is applied to every response of the process by
// server/index.ts, to pages by app/entry.server.tsx, and to the redirects of loaders and actions by route().

const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?waystone_session=/;

export function hasSessionCookie(request: Request) {
  return hasSessionCookieHeader(request.headers.get("Cookie"));
}

/** The same test on a raw Cookie header (the Express layer has no Request object). */
export function hasSessionCookieHeader(cookie: string | null | undefined) {
  return SESSION_COOKIE.test(cookie ?? "");
}

export const NO_STORE = "no-store";

/** A redirect (3xx except 304 Not Modified): it may point into the person's pages, so it is never stored. */
export function isRedirectStatus(status: number) {
  return status >= 300 && status < 400 && status !== 304;
}

/**
 * Whether a response must carry `Cache-Control: no-store`: every redirect, and everything the app answers
 * to a request that carries a session cookie (static assets excepted: they hold no one's data).
 */
export function mustNotStore(response: { status: number; authenticated: boolean }) {
  return isRedirectStatus(response.status) || response.authenticated;
}

/** Marks a redirect Response no-store in place (route() does it for every redirect a loader or action makes). */
export function noStoreRedirect<T>(value: T): T {
  if (value instanceof Response && isRedirectStatus(value.status)) {
    try {
      value.headers.set("Cache-Control", NO_STORE);
    } catch {
      // Response.redirect() has immutable headers: server/index.ts still marks it on the way out.
    }
  }
  return value;
}
