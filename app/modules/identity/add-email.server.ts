import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { isLocale } from "#app/utils/i18n.ts";
import { requestEmailConfirmation } from "./email-confirmation.server.ts";
import type { Actor } from "./permissions.ts";
import { takeRateLimit } from "./rate-limit.server.ts";
import type { EmailChangeInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * A person adds or changes their email address: it waits for its confirmation link (the current
 * address, if any, stays in use until then). An address that belongs to another account gets the
 * neutral "you already have an account" email instead of a link, and the screen is the same either way.
 * Limited per account (`request.too_many`), so nobody can flood a mailbox through Settings. Audited
 * without the address.
 */
export async function addEmail(actor: Actor, input: Omit<EmailChangeInput, "intent">): Promise<void> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  await takeRateLimit("email-confirmation", `user:${actor.id}`);
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { locale: true } });
    const id = await requestEmailConfirmation(tx, {
      userId: actor.id,
      email: input.email,
      locale: isLocale(user.locale) ? user.locale : null,
    });
    await recordAudit(tx, { actorId: actor.id, action: "user.email_change_requested", entityType: "user", entityId: actor.id });
    return id;
  });
}
