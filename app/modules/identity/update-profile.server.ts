import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Actor } from "./permissions.ts";
import type { ProfileInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/** A person changes their own display name, language and low-data mode. */
export async function updateProfile(actor: Actor, input: Omit<ProfileInput, "intent">): Promise<void> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.id },
      data: { displayName: input.displayName, locale: input.locale, lowData: input.lowData === "on" },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.settings_changed",
      entityType: "user",
      entityId: actor.id,
      data: { fields: ["displayName", "locale", "lowData"] },
    });
  });
}
