import { createHmac, timingSafeEqual } from "node:crypto";
import { createCookie } from "react-router";
import { z } from "zod";
import { getEnv } from "#app/utils/env.server.ts";
import { isLocale, type Locale } from "#app/utils/i18n.ts";

let sessionCookie: ReturnType<typeof createCookie> | undefined;

/**
 * The session cookie: signed, HttpOnly, SameSite=Lax; `__Host-` and Secure when the app is served over
 * https (production). Its value is a random token whose SHA-256 is the Session row id.
 */
export function getSessionCookie() {
  if (!sessionCookie) {
    const env = getEnv();
    sessionCookie = createCookie(env.secureCookies ? "__Host-waystone_session" : "waystone_session", {
      httpOnly: true,
      sameSite: "lax",
      secure: env.secureCookies,
      path: "/",
      secrets: [env.SESSION_SECRET],
    });
  }
  return sessionCookie;
}

/**
 * The session cookie's value from a Cookie header, or null when it is absent, unsigned or signed with
 * another secret. The same check as `getSessionCookie().parse()` (React Router's format: base64 of the
 * JSON value, ".", the HMAC-SHA256 of that in base64 without padding), but synchronous: WebCrypto's
 * import-key-and-verify costs ~0.3 ms of CPU, and every signed-in request starts here.
 */
export function readSessionCookie(header: string | null): unknown {
  if (!header) return null;
  const name = getSessionCookie().name;
  const raw = cookieValue(header, name);
  if (!raw) return null;
  const dot = raw.lastIndexOf(".");
  if (dot < 1) return null;
  const data = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1), "base64");
  const signedWithOurs = [getEnv().SESSION_SECRET].some((secret) => {
    const expected = createHmac("sha256", secret).update(data).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!signedWithOurs) return null;
  try {
    return JSON.parse(Buffer.from(data, "base64").toString("utf8")) as unknown;
  } catch {
    return null;
  }
}

/** One cookie's value in a Cookie header (the first of that name, percent-decoded), or null. */
function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return value.includes("%") ? decodeURIComponent(value) : value;
    } catch {
      return null;
    }
  }
  return null;
}

const PrefsSchema = z.object({
  lang: z
    .string()
    .optional()
    .transform((v) => (isLocale(v) ? v : undefined)),
  lowData: z.boolean().optional(),
});
export type Prefs = { lang?: Locale; lowData?: boolean };

const prefsCookie = createCookie("waystone_prefs", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });

/** Language and low-data choices of a visitor who is not logged in (and a mirror for those who are). */
export async function readPrefs(request: Request): Promise<Prefs> {
  try {
    const raw: unknown = await prefsCookie.parse(request.headers.get("Cookie"));
    const parsed = PrefsSchema.safeParse(raw);
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function serializePrefs(prefs: Prefs) {
  return prefsCookie.serialize(prefs);
}
