import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Actor } from "./permissions.ts";
import type { PreferencesInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * The language and low-data switches of every page, for a logged-in person (a visitor's choices live
 * only in the preferences cookie, which the route sets). Only what was sent changes.
 */
export async function updatePreferences(actor: Actor, input: Pick<PreferencesInput, "lang" | "lowData">): Promise<void> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  const data = {
    ...(input.lang ? { locale: input.lang } : {}),
    ...(input.lowData ? { lowData: input.lowData === "on" } : {}),
  };
  const fields = Object.keys(data);
  if (fields.length === 0) return;
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data, select: { id: true } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.settings_changed",
      entityType: "user",
      entityId: actor.id,
      data: { fields },
    });
  });
}
