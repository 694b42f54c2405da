// The language of a request and the scoped messages a page adds to the root's (SCOPED_AREAS in i18n.ts).
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { getOptionalUser } from "#app/modules/identity/session.server.ts";
import type { Locale, Messages, ScopedArea } from "./i18n.ts";
import { resolveLocale, scopedMessages } from "./i18n.server.ts";

/** The signed-in person's language, then the language cookie, then Accept-Language (as the root loader). */
export async function requestLocale(request: Request): Promise<Locale> {
  const [user, prefs] = await Promise.all([getOptionalUser(request), readPrefs(request)]);
  return resolveLocale({
    userLocale: user?.locale,
    cookieLocale: prefs.lang,
    acceptLanguage: request.headers.get("Accept-Language"),
  });
}

/** For a route loader: `{ ..., messages: await pageMessages(request, ["take"]) }`; `useT` merges them. */
export async function pageMessages(request: Request, areas: readonly ScopedArea[]): Promise<Messages> {
  return scopedMessages(await requestLocale(request), areas);
}
