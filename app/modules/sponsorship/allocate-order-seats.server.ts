import { autoAllocateNewSeats } from "#app/modules/learning/auto-allocate.server.ts";
import { prisma } from "#app/utils/db.server.ts";

/**
 * The `sponsorship.seats-added` job (queued in the commit that made an order's seats): the seats go
 * through learning's allocation, waitlist order first, into the course's open cohorts (or the order's
 * one cohort). Admins can still allocate by hand on /admin/seats. Idempotent.
 */
export async function allocateOrderSeats(orderId: string) {
  const order = await prisma.sponsorOrder.findUnique({
    where: { id: orderId },
    select: { courseId: true, cohortId: true, status: true },
  });
  if (!order || order.status !== "paid") return { allocated: 0 };
  return autoAllocateNewSeats({ courseId: order.courseId, cohortId: order.cohortId });
}
