// The gradebook of a cohort as CSV (resource route), for the educators who teach it only: anyone else
// gets "not found" (admins too: they see aggregates only). UTF-8 with a byte order mark for spreadsheet
// apps, cells defused against formulas (app/modules/learning/gradebook-csv.ts), a neutral file name; each
// download is audited (gradebook.exported).
import type { Route } from "./+types/gradebook-csv";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { exportGradebook } from "#app/modules/learning/export-gradebook.server.ts";
import { requestLocale } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const cohortId = courseIdParam(params.cohortId);
  const actor = await requireUser(request);
  const csv = await exportGradebook(actor, { cohortId }, { locale: await requestLocale(request) });
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="gradebook.csv"',
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
