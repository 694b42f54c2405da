import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { onUniqueViolation, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { sha256 } from "./crypto.server.ts";
import { LINK_TOKEN } from "./email-confirmation.server.ts";
import type { LinkTokenInput } from "./schemas.ts";

const unusable = () => new AppError("link.unusable");

/**
 * The POST behind a confirmation link (its GET page changes nothing: mail scanners open links). Single
 * use and checked for expiry by one conditional update; the address becomes the account's email only if
 * it is still free: the unique key on User.email decides a race with another account. Unknown, used,
 * expired and taken all give the same neutral `link.unusable`, and nothing is written. Audited.
 * Anyone holding the link may press the button: the link itself proves the mailbox.
 */
export async function confirmEmail(_context: unknown, input: LinkTokenInput): Promise<{ userId: string }> {
  if (!LINK_TOKEN.test(input.token)) throw unusable();
  const tokenHash = sha256(input.token);
  return onUniqueViolation(
    () =>
      prisma.$transaction(async (tx) => {
        const row = await tx.emailConfirmation.findUnique({
          where: { tokenHash },
          select: { id: true, userId: true, email: true },
        });
        if (!row) throw unusable();
        const claimed = await tx.emailConfirmation.updateMany({
          where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
          data: { usedAt: new Date() },
        });
        if (claimed.count !== 1) throw unusable();
        await tx.user.update({ where: { id: row.userId }, data: { email: row.email }, select: { id: true } });
        // Any other address this account was waiting for is dropped: the confirmed one is the account's now.
        await tx.emailConfirmation.deleteMany({ where: { userId: row.userId, usedAt: null } });
        await recordAudit(tx, { actorId: row.userId, action: "user.email_confirmed", entityType: "user", entityId: row.userId });
        return { userId: row.userId };
      }),
    [{ model: "User", fields: ["email"], error: unusable }],
  );
}
