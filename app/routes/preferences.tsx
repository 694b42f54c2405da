import { redirect } from "react-router";
import type { Route } from "./+types/preferences";
import { readPrefs, serializePrefs } from "#app/modules/identity/cookies.server.ts";
import { PreferencesSchema } from "#app/modules/identity/schemas.ts";
import { getOptionalUser, safeRedirect } from "#app/modules/identity/session.server.ts";
import { updatePreferences } from "#app/modules/identity/update-preferences.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route } from "#app/utils/responses.server.ts";

export function loader() {
  return redirect("/");
}

/**
 * Language and low-data mode, switchable on every page by a plain form (works with JavaScript off).
 * The switches are hidden inputs and a select of fixed values, so anything else is a forged request:
 * an error page, not a form to re-render.
 */
export const action = route(async ({ request }: Route.ActionArgs) => {
  const submission = await readSubmission(request, PreferencesSchema);
  if (submission.status !== "success") throw new AppError("request.invalid");
  const { lang, lowData, redirectTo } = submission.value;
  const user = await getOptionalUser(request);
  if (user) await updatePreferences(user, { lang, lowData });
  const prefs = await readPrefs(request);
  const low = lowData === undefined ? prefs.lowData : lowData === "on";
  const cookie = await serializePrefs({ lang: lang ?? prefs.lang, lowData: low });
  return redirect(safeRedirect(redirectTo, "/"), { headers: { "Set-Cookie": cookie } });
});
