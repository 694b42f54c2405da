// The signed JSON behind a share link (resource route, no login), so that its audience can check it in
// its own tools. A link that does not work (unknown, expired, withdrawn) is the same "not found" as any.
// Counts no view; never stored by a cache.
import type { Route } from "./+types/share-json";
import { getSharedDocument } from "#app/modules/credentials/wallet.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ params }: Route.LoaderArgs) => {
  const shared = await getSharedDocument(params.token ?? "");
  if (!shared) throw new AppError("not_found");
  return new Response(`${JSON.stringify(shared.document, null, 2)}\n`, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${shared.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Robots-Tag": "noindex",
    },
  });
});
