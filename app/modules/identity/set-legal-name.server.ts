import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { encryptField } from "./crypto.server.ts";
import type { Actor } from "./permissions.ts";
import type { LegalNameInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * A person stores (AES-256-GCM encrypted) or clears their optional legal name, and whether it may be
 * used. Without a legal name there is nothing to consent to, so consent is cleared with it. The audit
 * row records only that it changed, never the name.
 */
export async function setLegalName(actor: Actor, input: Omit<LegalNameInput, "intent">): Promise<void> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  const cipher = input.legalName ? encryptField(input.legalName) : null;
  const consent = cipher !== null && input.legalNameConsent === "on";
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.id },
      data: { legalNameCipher: cipher, legalNameConsent: consent },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.legal_name_changed",
      entityType: "user",
      entityId: actor.id,
      data: { stored: cipher !== null, consent },
    });
  });
}
