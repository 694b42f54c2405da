import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { logOut } from "#app/modules/identity/log-out.server.ts";
import { destroySessionCookie, getOptionalUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";

// Logging out is a state change: POST only. A GET (a typed URL, a prefetch) just goes home.
export function loader() {
  return redirect("/");
}

export const action = route(async ({ request }: Route.ActionArgs) => {
  const user = await getOptionalUser(request);
  if (user) await logOut(user);
  return redirect("/", { headers: { "Set-Cookie": await destroySessionCookie() } });
});
