import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { encryptField } from "./crypto.server.ts";
import type { Actor } from "./permissions.ts";
import { offersLegalName } from "./queries.server.ts";
import type { LegalNameInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * A person stores (AES-256-GCM encrypted), keeps or removes their optional legal name, and says whether
 * it may be used. A new name replaces the stored one; no name keeps the stored one (so the consent can be
 * changed without typing the name again, which the page never shows back); `remove` clears it. Without a
 * legal name there is nothing to consent to, so consent is cleared with it. The audit row records only
 * that it changed, never the name. Only learners (who hold credentials) may store one: anyone else gets
 * `permission.denied`, though removing stays possible.
 */
export async function setLegalName(actor: Actor, input: Omit<LegalNameInput, "intent"> & { remove?: boolean }): Promise<void> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  if (!input.remove && !offersLegalName(actor)) throw new AppError("permission.denied");
  const replacement = !input.remove && input.legalName ? encryptField(input.legalName) : null;
  await prisma.$transaction(async (tx) => {
    const current = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { legalNameCipher: true } });
    const cipher = input.remove ? null : (replacement ?? current.legalNameCipher);
    const consent = cipher !== null && input.legalNameConsent === "on";
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
