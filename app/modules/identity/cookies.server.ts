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
