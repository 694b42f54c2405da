// A credential's own id (`${APP_ORIGIN}/credentials/<uuid>`), opened in a browser: its live verification
// on /verify, which shows what the credential says and nothing of its holder.
import { redirect } from "react-router";
import type { Route } from "./+types/credential-url";
import { verificationPathFor } from "#app/modules/credentials/check-submitted.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ params }: Route.LoaderArgs) => redirect(verificationPathFor(params.credentialId), 303));
