// Calls route loaders and actions the way React Router does, with a real session cookie, so tests
// exercise the server-side checks themselves (no mocked auth, no mocked Prisma).
import { createSession } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";

export const ORIGIN = "http://localhost:3000";

export async function sessionCookieFor(userId: string): Promise<string> {
  const setCookie = await prisma.$transaction((tx) => createSession(tx, userId));
  return setCookie.split(";")[0]!;
}

export function makeRequest(
  path: string,
  options: { cookie?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  if (!options.form) return new Request(new URL(path, ORIGIN), { headers });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(options.form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.set("Origin", ORIGIN);
  return new Request(new URL(path, ORIGIN), { method: "POST", headers, body });
}

export const context = { cspNonce: "", clientIp: "203.0.113.7" };

export type Outcome =
  { kind: "ok"; status: number; data: unknown } | { kind: "thrown"; status: number; location?: string | null; data?: unknown };

/** Runs a loader/action and reports what a browser would get: data (200/4xx) or a thrown Response. */
export async function run(fn: () => Promise<unknown> | unknown): Promise<Outcome> {
  try {
    const result = await fn();
    if (result instanceof Response) return { kind: "thrown", status: result.status, location: result.headers.get("Location") };
    if (
      result &&
      typeof result === "object" &&
      "type" in result &&
      (result as { type: unknown }).type === "DataWithResponseInit"
    ) {
      const d = result as unknown as { data: unknown; init: ResponseInit | null };
      return { kind: "ok", status: d.init?.status ?? 200, data: d.data };
    }
    return { kind: "ok", status: 200, data: result };
  } catch (error) {
    if (error instanceof Response) return { kind: "thrown", status: error.status, location: error.headers.get("Location") };
    // A thrown `data()` (an error page: app/utils/responses.server.ts) is rendered by the ErrorBoundary.
    if (error && typeof error === "object" && (error as { type?: unknown }).type === "DataWithResponseInit") {
      const d = error as { data: unknown; init: ResponseInit | null };
      return { kind: "thrown", status: d.init?.status ?? 500, data: d.data };
    }
    throw error;
  }
}
