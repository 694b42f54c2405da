import { redirect } from "react-router";
import type { Route } from "./+types/preferences";
import { updatePreferences } from "#app/modules/identity/account.server.ts";
import { readPrefs, serializePrefs } from "#app/modules/identity/cookies.server.ts";
import { PreferencesSchema } from "#app/modules/identity/schemas.ts";
import { getOptionalUser, safeRedirect } from "#app/modules/identity/session.server.ts";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { parseForm, readForm } from "#app/utils/forms.server.ts";

export function loader() {
  return redirect("/");
}

/** Language and low-data mode, switchable on every page by a plain form (works with JavaScript off). */
export async function action({ request }: Route.ActionArgs) {
  const parsed = parseForm(await readForm(request), PreferencesSchema);
  if (!parsed.ok) throw toErrorResponse(new AppError("BAD_REQUEST"));
  const { lang, lowData, redirectTo } = parsed.data;
  const low = lowData === undefined ? undefined : lowData === "on";
  const user = await getOptionalUser(request);
  if (user) await updatePreferences({ userId: user.id, locale: lang, lowData: low });
  const prefs = await readPrefs(request);
  const cookie = await serializePrefs({ lang: lang ?? prefs.lang, lowData: low ?? prefs.lowData });
  return redirect(safeRedirect(redirectTo, "/"), { headers: { "Set-Cookie": cookie } });
}
