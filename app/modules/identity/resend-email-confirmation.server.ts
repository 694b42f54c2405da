import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isLocale } from "#app/utils/i18n.ts";
import { requestEmailConfirmation } from "./email-confirmation.server.ts";
import type { Actor } from "./permissions.ts";
import { takeRateLimit } from "./rate-limit.server.ts";
import { requirePermission } from "./session.server.ts";

/**
 * Sends the pending address's email again, with a new link (the old one stops working). Like addEmail,
 * an address of another account gets the neutral message again. `request.invalid` when nothing is
 * pending; limited per account.
 */
export async function resendEmailConfirmation(actor: Actor): Promise<void> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  await takeRateLimit("email-confirmation", `user:${actor.id}`);
  await prisma.$transaction(async (tx) => {
    const pending = await tx.emailConfirmation.findFirst({
      where: { userId: actor.id, usedAt: null },
      orderBy: { createdAt: "desc" },
      select: { email: true, user: { select: { locale: true } } },
    });
    if (!pending) throw new AppError("request.invalid");
    const locale = pending.user.locale;
    const id = await requestEmailConfirmation(tx, {
      userId: actor.id,
      email: pending.email,
      locale: isLocale(locale) ? locale : null,
    });
    await recordAudit(tx, { actorId: actor.id, action: "user.email_change_requested", entityType: "user", entityId: actor.id });
    return id;
  });
}
