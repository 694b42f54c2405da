// The places a sponsor's orders paid for, for the sponsor's impact report (sponsorship calls this; it
// owns no seat). One row per seat of the orders: whether an enrolment uses it, and that enrolment's
// status, dates and credits. No learner comes out of here: no learner id, name or anything a learner
// wrote. The enrolment id is given only so that the report can ask credentials which enrolments have a
// credential; the report never shows it.
import type { CreditUnit, EnrolmentStatus } from "#app/generated/prisma/enums.ts";
import { readRows, sql, type Tx } from "#app/utils/db.server.ts";

export type SponsoredPlace = {
  orderId: string;
  courseId: string;
  usedAt: Date | null;
  enrolment: null | {
    enrolmentId: string;
    status: EnrolmentStatus;
    createdAt: Date;
    completedAt: Date | null;
    creditsAwarded: number | null;
    creditUnit: CreditUnit | null;
  };
};

type Row = {
  orderId: string;
  courseId: string;
  usedAt: Date | null;
  enrolmentId: string | null;
  status: EnrolmentStatus | null;
  createdAt: Date | null;
  completedAt: Date | null;
  creditsAwarded: number | null;
  creditUnit: CreditUnit | null;
};

/**
 * Every seat whose orderId is one of `orderIds`, with its enrolment if any: one query for any number of
 * seats. Inside a transaction, pass it as `db`.
 */
export async function listSponsoredPlaces(orderIds: readonly string[], db?: Tx): Promise<SponsoredPlace[]> {
  if (orderIds.length === 0) return [];
  const rows = await readRows<Row>(
    sql`
    SELECT s."orderId", s."courseId", s."usedAt",
           e.id AS "enrolmentId", e.status::text AS status, e."createdAt", e."completedAt",
           e."creditsAwarded", e."creditUnit"::text AS "creditUnit"
    FROM "Seat" s LEFT JOIN "Enrolment" e ON e."seatId" = s.id
    WHERE s."orderId" = ANY(${[...new Set(orderIds)]}::text[])
    ORDER BY s."orderId", s.id`,
    db,
  );
  return rows.map((r) => ({
    orderId: r.orderId,
    courseId: r.courseId,
    usedAt: r.usedAt,
    enrolment:
      r.enrolmentId === null
        ? null
        : {
            enrolmentId: r.enrolmentId,
            status: r.status!,
            createdAt: r.createdAt!,
            completedAt: r.completedAt,
            creditsAwarded: r.creditsAwarded,
            creditUnit: r.creditUnit,
          },
  }));
}
