// A stored file's download: only the learner who handed it in and the educators of that cohort; anyone
// else, and a forged id, gets the same 404. Always an attachment, with the type detected from the bytes,
// nosniff and never cached (docs/decisions/022-file-storage-and-uploads.md).
import type { Route } from "./+types/files";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { openSubmissionFile } from "#app/modules/learning/submissions.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const fileId = courseIdParam(params.fileId);
  const actor = await requireUser(request);
  const file = await openSubmissionFile(actor, fileId);
  return new Response(file.body, { status: 200, headers: file.headers });
});
