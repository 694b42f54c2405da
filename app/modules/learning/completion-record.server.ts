// What the credentials module needs to know of a completed enrolment: exported for it (it may not read
// learning's tables). Read inside the caller's transaction.
import { prisma, type Tx } from "#app/utils/db.server.ts";

export type CompletionRecord = {
  enrolmentId: string;
  learnerId: string;
  courseId: string;
  revisionId: string;
  /** The language the cohort was taught in. */
  language: string;
  completedAt: Date;
  /** Percent, one decimal. */
  finalGrade: number;
  credits: number;
  creditUnit: "ECTS" | "US";
};

/** The completion of an enrolment, or null when it is not (or no longer) completed. */
export async function getCompletionRecord(enrolmentId: string, tx: Tx = prisma): Promise<CompletionRecord | null> {
  const row = await tx.enrolment.findUnique({
    where: { id: enrolmentId },
    select: {
      id: true,
      learnerId: true,
      status: true,
      completedAt: true,
      finalGrade: true,
      creditsAwarded: true,
      creditUnit: true,
      cohort: { select: { courseId: true, revisionId: true, language: true } },
    },
  });
  if (!row || row.status !== "completed" || !row.completedAt || row.finalGrade === null || row.creditsAwarded === null)
    return null;
  return {
    enrolmentId: row.id,
    learnerId: row.learnerId,
    courseId: row.cohort.courseId,
    revisionId: row.cohort.revisionId,
    language: row.cohort.language,
    completedAt: row.completedAt,
    finalGrade: row.finalGrade,
    credits: row.creditsAwarded,
    creditUnit: row.creditUnit ?? "ECTS",
  };
}

/** Completed enrolments, oldest completion first, after a cursor: the credentials back-fill walks them. */
export async function listCompletedEnrolmentIds(options: { limit: number; after?: string }): Promise<string[]> {
  const rows = await prisma.enrolment.findMany({
    where: { status: "completed", ...(options.after ? { id: { gt: options.after } } : {}) },
    orderBy: { id: "asc" },
    take: options.limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
