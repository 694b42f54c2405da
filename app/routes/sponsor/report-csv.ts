// The sponsor's impact report as CSV (resource route): the same numbers as the page, hidden by the same
// function (getImpactReport), for the same readers (members of the organisation, admins; anyone else
// gets "not found"). UTF-8 with a byte order mark, cells defused against formulas
// (app/modules/sponsorship/impact-csv.ts), never stored by a cache.
import type { Route } from "./+types/report-csv";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { exportImpactCsv } from "#app/modules/sponsorship/impact-report.server.ts";
import { idParam } from "#app/modules/sponsorship/queries.server.ts";
import { requestLocale } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const orgId = idParam(params.orgId);
  const actor = await requireUser(request);
  const csv = await exportImpactCsv(actor, orgId, { locale: await requestLocale(request) });
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="impact-report.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
