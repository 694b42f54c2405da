import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { logOut } from "#app/modules/identity/login.server.ts";
import { destroySessionCookie, getOptionalUser } from "#app/modules/identity/session.server.ts";

// Logging out is a state change: POST only. A GET (a typed URL, a prefetch) just goes home.
export function loader() {
  return redirect("/");
}

export async function action({ request }: Route.ActionArgs) {
  const user = await getOptionalUser(request);
  if (user) await logOut(user);
  return redirect("/", { headers: { "Set-Cookie": await destroySessionCookie() } });
}
