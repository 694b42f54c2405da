// POST /credentials/verify: the W3C VC-API "verify credential" endpoint. See verify-api.server.ts.
import type { Route } from "./+types/vc-api-verify";
import { answerVcApi } from "#app/modules/credentials/verify-api.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const action = route(async ({ request, context }: Route.ActionArgs) =>
  answerVcApi(request, { clientIp: context.clientIp }),
);
