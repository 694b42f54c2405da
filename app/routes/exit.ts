// Quick exit (app/components/quick-exit.tsx, ADR 017): ends the session this browser holds and leaves
// nothing of it behind, then sends the person to the neutral site.
//   - the form (JavaScript off, low-data mode): POST /exit → 303 to the neutral site;
//   - the script: POST /exit?beacon=1 (navigator.sendBeacon, while the page is already leaving) → 204.
// The session ends through logOut, so it is audited exactly like a log-out ("auth.logout"): the log keeps
// every session's end without recording that a quick exit was used. Origin is checked by server/index.ts
// (a beacon sends `Origin: null` with `Sec-Fetch-Site: same-origin`, which it accepts); nothing else is
// needed, as the worst a forged exit can do is log someone out.
import { redirect } from "react-router";
import type { Route } from "./+types/exit";
import { logOut } from "#app/modules/identity/log-out.server.ts";
import { destroySessionCookie, getOptionalUser } from "#app/modules/identity/session.server.ts";
import { getPublicEnv } from "#app/utils/env.server.ts";
import { NO_STORE } from "#app/utils/no-store.ts";
import { route } from "#app/utils/responses.server.ts";

/**
 * The browser forgets everything of this site: its cookies (the session, the remembered device, the
 * language and low-data choice), its cache (so Back shows no stored page) and its storage.
 * Browsers honour it on https (and on localhost) only; the session cookie is also expired by name.
 */
export const CLEAR_SITE_DATA = '"cache", "cookies", "storage"';

// A GET (a typed address, a prefetch) changes nothing and goes home, like /logout.
export const loader = route(async () => redirect("/"));

export const action = route(async ({ request }: Route.ActionArgs) => {
  // Leaving must never fail: should the database not answer, the browser still forgets the session
  // (cookie and Clear-Site-Data) and the person still reaches the neutral site; the session row then ends
  // at its idle timeout.
  const user = await getOptionalUser(request).catch(logFailure);
  if (user) await logOut(user).catch(logFailure);
  const headers = new Headers({ "Cache-Control": NO_STORE, "Clear-Site-Data": CLEAR_SITE_DATA });
  headers.append("Set-Cookie", await destroySessionCookie());
  if (new URL(request.url).searchParams.has("beacon")) return new Response(null, { status: 204, headers });
  return redirect(getPublicEnv().QUICK_EXIT_URL, { status: 303, headers });
});

function logFailure(error: unknown) {
  console.error("quick exit: the session could not be ended on the server", error);
  return null;
}
