// The issuer's did:web document (/.well-known/did.json): its keys, current and retired (ADR 026).
import type { Route } from "./+types/did-document";
import { getDidDocument, publicJson } from "#app/modules/credentials/public-documents.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  return publicJson(request, await getDidDocument(), "application/did+json");
});
