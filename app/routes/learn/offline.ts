// A module to read offline (resource route): one self-contained HTML file, downloaded as an attachment
// with a neutral name (downloadModule, app/modules/learning/download-module.server.ts). Only the
// enrolment's learner; anyone else, a module of another revision or a forged id gets the error page.
import type { Route } from "./+types/offline";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { downloadModule } from "#app/modules/learning/download-module.server.ts";
import { requestLocale } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  // Module ids are checked by the operation (DownloadModuleSchema): cuids, or UUIDs for imported courses.
  const moduleId = params.moduleId ?? "";
  const actor = await requireUser(request);
  const file = await downloadModule(actor, { enrolmentId, moduleId }, { locale: await requestLocale(request) });
  return new Response(file.html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
