import type { Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { onUniqueViolation, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { createAccount, provisionalUsername, preparePassword } from "./create-account.server.ts";
import { findOpenInvitation } from "./queries.server.ts";
import type { AcceptInvitationInput } from "./schemas.ts";
import { createSession } from "./session.server.ts";

/** What an anonymous acceptance needs to know about its request. */
export type AcceptInvitationContext = { locale: Locale };

/**
 * Accepting an invitation creates the account with the invitation's role and organisation, and a
 * session. The invitation is claimed first, by a conditional update, so two uses of one link at the
 * same moment give one account; the second (and any use of a used or expired link) is `not_found`,
 * like an unknown link. An address that already has an account is `invitation.account_exists`, and
 * then the invitation stays open (the claim rolls back with everything else).
 */
export async function acceptInvitation(
  context: AcceptInvitationContext,
  input: AcceptInvitationInput,
): Promise<{ userId: string; role: Role; cookie: string }> {
  const invitation = await findOpenInvitation(input.token);
  if (!invitation) throw new AppError("not_found");
  const passwordHash = await preparePassword(input.password, [invitation.email, input.displayName]);
  return onUniqueViolation(
    () =>
      prisma.$transaction(async (tx) => {
        const claimed = await tx.invitation.updateMany({
          where: { id: invitation.id, acceptedAt: null, expiresAt: { gt: new Date() } },
          data: { acceptedAt: new Date() },
        });
        if (claimed.count !== 1) throw new AppError("not_found");
        const user = await createAccount(tx, {
          username: provisionalUsername(), // TEMP (issue 7): replaced by the username the form asks for
          email: invitation.email,
          displayName: input.displayName,
          passwordHash,
          locale: context.locale,
          roles: [invitation.role],
          orgIds: [invitation.orgId],
          grantedById: null,
        });
        await recordAudit(tx, {
          actorId: user.id,
          action: "invitation.accepted",
          entityType: "invitation",
          entityId: invitation.id,
          data: { orgId: invitation.orgId },
        });
        await recordAudit(tx, {
          actorId: user.id,
          action: "role.granted",
          entityType: "user",
          entityId: user.id,
          data: { role: invitation.role, via: "invitation" },
        });
        const cookie = await createSession(tx, user.id);
        return { userId: user.id, role: invitation.role, cookie };
      }),
    [{ model: "User", fields: ["email"], error: () => new AppError("invitation.account_exists") }],
  );
}
