// The learner's signed credential as issued (resource route), to keep or to hand to any verifier: an
// attachment with a neutral name, never stored by a cache. Own credentials only (another learner's is
// "not found"; other roles 403).
import type { Route } from "./+types/credential-json";
import { credentialIdParam, getCredentialDocument } from "#app/modules/credentials/wallet.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const credentialId = credentialIdParam(params.credentialId);
  const actor = await requireUser(request);
  const { document, filename } = await getCredentialDocument(actor, credentialId);
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
