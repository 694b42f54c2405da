import { prisma } from "#app/utils/db.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { preparePassword } from "./create-account.server.ts";
import { assertUsernameFree, startPendingSignup } from "./pending-signup.server.ts";
import { requireOpenInvitation } from "./queries.server.ts";
import { takeRateLimit } from "./rate-limit.server.ts";
import type { AcceptInvitationInput } from "./schemas.ts";

/** What an anonymous acceptance needs to know about its request. */
export type AcceptInvitationContext = { locale: Locale; clientIp: string | null };

/** Where a pending invitation sign-up is finished (the link of the "finish joining" email). */
export const invitationConfirmPath = (token: string) => `/join/invitation/confirm/${token}`;

/**
 * The invitation's new-account form. It answers the same ("check your inbox to continue") whether or
 * not the invitation's address already has an account, and does the same work: the password is hashed,
 * a PendingSignup (purpose invitation) is written and ONE neutral email goes to the invitation's
 * address: the "finish joining" link (the account, role and membership are made when it is opened:
 * confirm-invitation.server.ts), or, for an address with an account, "sign in, then open the invitation
 * link again" (join-with-invitation.server.ts). Nothing on the invitation changes here.
 *
 * Limited per client. Refusals: `not_found` (unknown link), `invitation.revoked|used|expired`,
 * `password.rejected` (password), `account.username_taken` (username).
 */
export async function acceptInvitation(context: AcceptInvitationContext, input: AcceptInvitationInput): Promise<void> {
  await takeRateLimit("invitation", context.clientIp);
  const invitation = await requireOpenInvitation(input.token);
  const passwordHash = await preparePassword(input.password, [input.username, input.displayName, invitation.email]);
  await prisma.$transaction(async (tx) => {
    await assertUsernameFree(tx, input.username);
    return startPendingSignup(tx, {
      purpose: "invitation",
      email: invitation.email,
      account: { username: input.username, displayName: input.displayName, passwordHash, locale: context.locale },
      data: { invitationId: invitation.id },
      linkPath: invitationConfirmPath,
      exists: { kind: "account_exists_invitation", path: `/login?redirectTo=${encodeURIComponent(`/invite/${input.token}`)}` },
    });
  });
}
