import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { getRevisionModuleForReading } from "#app/modules/courses/revision-plans.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { offlineFilename, renderOfflineModule } from "./offline-document.server.ts";
import { requireOwnEnrolment } from "./player.server.ts";
import { DownloadModuleSchema, type DownloadModuleInput } from "./schemas.ts";

/**
 * The enrolment's learner downloads one module of the cohort's pinned revision as a self-contained HTML
 * file to read offline (offline-document.server.ts). Another learner's enrolment, a withdrawn one, a
 * module of another revision or a forged id is "not found"; educators and admins hold no progress
 * permission (403). Progress-neutral: nothing is marked opened or done; the download is recorded as a
 * `module.downloaded` audit row in the same transaction as the checks.
 */
export async function downloadModule(actor: Actor, input: DownloadModuleInput, options: { locale: Locale }) {
  const ids = DownloadModuleSchema.safeParse(input);
  if (!ids.success) throw new AppError("not_found");
  const module = await prisma.$transaction(async (tx) => {
    const enrolment = await requireOwnEnrolment(actor, ids.data.enrolmentId, "read:lesson-progress", tx);
    const found = await getRevisionModuleForReading(enrolment.revisionId, ids.data.moduleId, tx);
    if (!found) throw new AppError("not_found");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "module.downloaded",
      entityType: "enrolment",
      entityId: enrolment.id,
      data: { moduleId: ids.data.moduleId },
    });
    return found;
  });
  return {
    filename: offlineFilename(module),
    html: renderOfflineModule(module, options.locale, { siteOrigin: getEnv().APP_ORIGIN }),
  };
}
