// Reads of the learning module (cohorts and their educators). Other modules use these, never the tables.
import { prisma } from "#app/utils/db.server.ts";

/** The cohorts an educator teaches: the `cohort` scope of their permissions (Actor.cohortIds). */
export async function listCohortIdsTaughtBy(userId: string): Promise<string[]> {
  const rows = await prisma.cohortEducator.findMany({ where: { userId }, select: { cohortId: true } });
  return rows.map((r) => r.cohortId);
}
