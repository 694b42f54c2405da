// The sponsor's impact report (issue 10 item 6): what the seats of an organisation's paid orders led to,
// by course and by month, with every count of learners k-anonymised (suppression.ts, impact-tables.ts).
// Members of the sponsor organisation read it, and admins; for anyone else the organisation does not
// exist (404, the same for an unknown id and for another sponsor's), so ids cannot be probed.
// A fixed number of queries whatever the number of orders, seats and enrolments: the orders, their seats
// with their enrolments (learning), the credentials of those enrolments (credentials), the course titles
// (courses). No learner id, name or enrolment id leaves this function.
import { getCourseLabels } from "#app/modules/courses/published.server.ts";
import { listIssuedCredentialDates } from "#app/modules/credentials/issued-counts.server.ts";
import { requireSponsorOrg, type SponsorOrg } from "#app/modules/identity/org-access.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { listSponsoredPlaces } from "#app/modules/learning/sponsored-places.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { serverT } from "#app/utils/i18n.server.ts";
import { impactCsv } from "./impact-csv.ts";
import { buildImpactTables, type ImpactTables, type ReportOrder } from "./impact-tables.ts";
import { K } from "./suppression.ts";

export type ImpactReport = ImpactTables & {
  org: SponsorOrg;
  /** The smallest group of learners the report counts. */
  k: number;
  /** Paid orders behind it (refunded ones whose kept seats still count included). */
  orders: number;
};

/** The report of one sponsor organisation, for its members and for admins. */
export async function getImpactReport(actor: Actor, orgId: string): Promise<ImpactReport> {
  // Roles without the report at all are refused (403); a sponsor of another organisation finds nothing.
  requirePermission(actor, "read:impact-report");
  requirePermission(actor, "read:impact-report", { orgId }, { hide: true });
  const org = await requireSponsorOrg(actor, orgId, { allowAdmin: true });

  const orders = await prisma.sponsorOrder.findMany({
    // Refunded orders count for the seats their refund kept (in use); their removed seats no longer exist.
    where: { orgId: org.id, status: { in: ["paid", "refunded"] } },
    select: { id: true, courseId: true, status: true, paidAt: true, createdAt: true, seatsKept: true },
    orderBy: [{ paidAt: "asc" }, { id: "asc" }],
  });
  const places = await listSponsoredPlaces(orders.map((o) => o.id));
  const enrolmentIds = places.flatMap((p) => (p.enrolment ? [p.enrolment.enrolmentId] : []));
  const [issued, labels] = await Promise.all([
    listIssuedCredentialDates(enrolmentIds),
    getCourseLabels([...new Set(orders.map((o) => o.courseId))]),
  ]);

  const reportOrders: ReportOrder[] = orders.map((o) => ({
    id: o.id,
    courseId: o.courseId,
    status: o.status === "refunded" ? "refunded" : "paid",
    paidAt: o.paidAt ?? o.createdAt,
    seatsKept: o.seatsKept,
  }));
  const tables = buildImpactTables({
    orders: reportOrders,
    // The enrolment id stays here: it was needed only to find the credentials.
    places: places.map((p) => ({
      orderId: p.orderId,
      enrolment: p.enrolment
        ? {
            status: p.enrolment.status,
            createdAt: p.enrolment.createdAt,
            completedAt: p.enrolment.completedAt,
            creditsAwarded: p.enrolment.creditsAwarded,
            creditUnit: p.enrolment.creditUnit,
            credentialIssuedAt: issued.get(p.enrolment.enrolmentId) ?? null,
          }
        : null,
    })),
    titles: new Map([...labels].map(([id, label]) => [id, label.title ?? label.slug])),
  });
  return { ...tables, org, k: K, orders: orders.length };
}

/** The report as a CSV file in the reader's language (the same cells hidden as on the page). */
export async function exportImpactCsv(actor: Actor, orgId: string, options: { locale: Locale }): Promise<string> {
  const report = await getImpactReport(actor, orgId);
  const t = serverT(options.locale);
  const k = { k: report.k };
  return impactCsv(report, {
    table: t("sponsor.report_csv_table"),
    row: t("sponsor.report_csv_row"),
    byCourse: t("sponsor.report_by_course"),
    byMonth: t("sponsor.report_by_month"),
    total: t("sponsor.report_total"),
    bought: t("sponsor.report_bought"),
    allocated: t("sponsor.report_allocated"),
    active: t("sponsor.report_active"),
    completed: t("sponsor.report_completed"),
    credentials: t("sponsor.report_credentials"),
    credits: t("sponsor.report_credits"),
    small: t("sponsor.report_small_mark", k),
    hidden: t("sponsor.report_hidden_mark"),
  });
}
