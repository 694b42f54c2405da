// A signed Bitstring Status List credential (/credentials/status/:listId): revocation, read by verifiers.
import type { Route } from "./+types/status-list";
import { publicJson, requireStatusListCredential } from "#app/modules/credentials/public-documents.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  return publicJson(request, await requireStatusListCredential(params.listId), "application/vc+ld+json");
});
