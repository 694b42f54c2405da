// What a credential says about the course studied: exported for the credentials module (it may not read
// courses' tables). The revision is the one the cohort taught, so a later edit never changes a credential.
import { prisma, type Tx } from "#app/utils/db.server.ts";

export type AchievementFacts = {
  slug: string;
  revisionNumber: number;
  title: string;
  summary: string;
  description: string;
  subject: string;
  level: "introductory" | "intermediate" | "advanced" | string;
  language: string;
  outcomes: string[];
  credits: number;
  creditUnit: "ECTS" | "US";
  studyHours: number;
  passMark: number;
};

export async function getAchievementFacts(revisionId: string, tx: Tx = prisma): Promise<AchievementFacts | null> {
  const r = await tx.courseRevision.findUnique({
    where: { id: revisionId },
    select: {
      number: true,
      title: true,
      summary: true,
      description: true,
      subject: true,
      level: true,
      language: true,
      outcomes: true,
      credits: true,
      creditUnit: true,
      studyHours: true,
      passMark: true,
      course: { select: { slug: true } },
    },
  });
  if (!r) return null;
  const { course, number, ...rest } = r;
  return { slug: course.slug, revisionNumber: number, ...rest };
}
