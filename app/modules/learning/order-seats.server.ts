// Seats paid for by a sponsor's order (sponsorship's fulfilment and refunds call these inside their own
// transaction, so the seats and the order's state commit together). The seats are ordinary Seat rows with
// funding `sponsor` and the order's id: allocation spends them like any other.
import { prisma, type Tx } from "#app/utils/db.server.ts";

export type OrderSeatsInput = {
  orderId: string;
  courseId: string;
  cohortId: string | null;
  count: number;
  rollOver: boolean;
  createdById: string | null;
};

/** Inside the caller's transaction: creates the order's seats. Returns how many were made. */
export async function createOrderSeats(tx: Tx, input: OrderSeatsInput): Promise<number> {
  if (input.count <= 0) return 0;
  const { count } = await tx.seat.createMany({
    data: Array.from({ length: input.count }, () => ({
      funding: "sponsor" as const,
      orderId: input.orderId,
      courseId: input.courseId,
      cohortId: input.cohortId,
      rollOver: input.rollOver,
      createdById: input.createdById,
    })),
  });
  return count;
}

/**
 * Inside the caller's transaction: deletes up to `max` of the order's seats that no enrolment uses, and
 * returns how many it deleted. A seat being claimed by an allocation at this moment is locked by it: the
 * delete waits, sees `usedAt` set, and leaves it.
 */
export async function removeUnusedOrderSeats(tx: Tx, orderId: string, max: number): Promise<number> {
  if (max <= 0) return 0;
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    DELETE FROM "Seat" WHERE id IN (
      SELECT id FROM "Seat" WHERE "orderId" = ${orderId} AND "usedAt" IS NULL
      ORDER BY "createdAt" DESC, id DESC
      LIMIT ${max}
      FOR UPDATE
    ) AND "usedAt" IS NULL
    RETURNING id`;
  return rows.length;
}

export type OrderSeatCounts = { total: number; used: number };

/** Seats of each order: how many exist and how many an enrolment uses. One query for any number of orders. */
export async function countOrderSeats(orderIds: readonly string[], db: Tx = prisma): Promise<Map<string, OrderSeatCounts>> {
  const counts = new Map<string, OrderSeatCounts>();
  if (orderIds.length === 0) return counts;
  for (const id of orderIds) counts.set(id, { total: 0, used: 0 });
  const rows = await db.$queryRaw<Array<{ orderId: string; total: number; used: number }>>`
    SELECT "orderId", count(*)::int AS total, count("usedAt")::int AS used
    FROM "Seat" WHERE "orderId" = ANY(${[...orderIds]}::text[])
    GROUP BY "orderId"`;
  for (const row of rows) counts.set(row.orderId, { total: row.total, used: row.used });
  return counts;
}

export type OpenCohort = { id: string; courseId: string; name: string; startsOn: Date; endsOn: Date | null };

/** The cohorts of these courses that have not ended (a sponsor may buy seats for one of them), by start. */
export async function listOpenCohorts(courseIds: readonly string[], now = new Date(), db: Tx = prisma): Promise<OpenCohort[]> {
  if (courseIds.length === 0) return [];
  return db.cohort.findMany({
    where: { courseId: { in: [...courseIds] }, OR: [{ endsOn: null }, { endsOn: { gte: now } }] },
    orderBy: [{ startsOn: "asc" }, { id: "asc" }],
    select: { id: true, courseId: true, name: true, startsOn: true, endsOn: true },
  });
}

/** Names of cohorts by id (orders and receipts name the cohort they were for). */
export async function getCohortNames(cohortIds: readonly string[]): Promise<Map<string, string>> {
  if (cohortIds.length === 0) return new Map();
  const rows = await prisma.cohort.findMany({ where: { id: { in: [...new Set(cohortIds)] } }, select: { id: true, name: true } });
  return new Map(rows.map((c) => [c.id, c.name]));
}
