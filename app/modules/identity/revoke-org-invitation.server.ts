import { prisma } from "#app/utils/db.server.ts";
import { requireOrgOwner } from "./invite-org-member.server.ts";
import type { Actor } from "./permissions.ts";
import { withdrawInvitation } from "./revoke-invitation.server.ts";
import type { RevokeOrgInvitationInput } from "./schemas.ts";

/**
 * An owner of a sponsor organisation withdraws one of its invitations that was not accepted, exactly as
 * an admin does (withdrawInvitation: confirmed first, ADR 015; conditional on it being still open).
 * Refusals: `not_found` (an organisation not theirs, or an invitation of another organisation),
 * `permission.denied` (not an owner), `confirmation.required`, `invitation.already_accepted`.
 */
export async function revokeOrgInvitation(actor: Actor, input: RevokeOrgInvitationInput): Promise<{ revoked: boolean }> {
  return prisma.$transaction(async (tx) => {
    await requireOrgOwner(tx, actor, input.orgId, "revoke:invitation:org");
    return withdrawInvitation(tx, actor.id, input, { orgId: input.orgId });
  });
}
