// The learner's transcript as one signed CLR 2.0 ClrCredential (resource route): every valid credential of
// the wallet, each with its own proof, signed together by the issuer; no name. An attachment, never stored.
import type { Route } from "./+types/transcript-json";
import { exportTranscript } from "#app/modules/credentials/export-transcript.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const transcript = await exportTranscript(actor);
  return new Response(`${JSON.stringify(transcript.document, null, 2)}\n`, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${transcript.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
