import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { serverT } from "#app/utils/i18n.server.ts";
import { getCohortGradebook } from "./dashboards.server.ts";
import { gradebookCsv } from "./gradebook-csv.ts";
import { ExportGradebookSchema, type ExportGradebookInput } from "./schemas.ts";

/**
 * An educator who teaches the cohort downloads its gradebook as CSV, in their language (same access as
 * the cohort page, getCohortGradebook: anyone else, admins included, gets "not found"). Learner data
 * leaving the platform is recorded: a `gradebook.exported` audit row (the cohort and how many learners,
 * never their names) is written before the file is handed over.
 */
export async function exportGradebook(actor: Actor, input: ExportGradebookInput, options: { locale: Locale }): Promise<string> {
  const parsed = ExportGradebookSchema.safeParse(input);
  if (!parsed.success) throw new AppError("not_found");
  const gradebook = await getCohortGradebook(actor, parsed.data.cohortId);
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      actorId: actor.id,
      action: "gradebook.exported",
      entityType: "cohort",
      entityId: gradebook.cohort.id,
      data: { learners: gradebook.rows.length },
    }),
  );
  const t = serverT(options.locale);
  return gradebookCsv(gradebook, {
    learner: t("gradebook.learner"),
    lessonsDone: t("gradebook.csv_lessons_done"),
    lessonsTotal: t("gradebook.csv_lessons_total"),
    grade: t("gradebook.grade_so_far"),
    final: t("gradebook.final_grade"),
    submitted: t("gradebook.submitted_not_graded"),
  });
}
