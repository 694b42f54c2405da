// POST /api/verify: a credential (JSON) in, its checks out (JSON). See verify-api.server.ts.
import type { Route } from "./+types/api-verify";
import { answerVerifyApi } from "#app/modules/credentials/verify-api.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const action = route(async ({ request, context }: Route.ActionArgs) =>
  answerVerifyApi(request, { clientIp: context.clientIp }),
);
