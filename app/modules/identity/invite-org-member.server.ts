// A sponsor organisation's own people management (issue 10): its OWNERS invite people by email, as owners
// or members, the same neutral way an admin does (writeInvitation). Members see who belongs to it
// (listOrgMembers in queries.server.ts); only owners change it (remove-org-member, revoke-org-invitation).
import { lockRow, prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { writeInvitation } from "./create-invitation.server.ts";
import { can, type Actor, type PermissionRequest } from "./permissions.ts";
import type { InviteOrgMemberInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/** At most this many invitations per organisation in 24 hours, whoever sends them: a guard against a mail cannon. */
export const ORG_INVITATIONS_PER_DAY = 30;

/**
 * Inside the caller's transaction: the actor may change this sponsor organisation's members. For
 * someone it is not visible to (not a member: another sponsor's member, a learner, an educator, a
 * verifier; an id that is no sponsor organisation) it does not exist: `not_found`, so ids cannot be
 * probed. Someone who may see it but is not one of its OWNERS (a plain member, an admin: admins use
 * /admin/invitations) is refused with `permission.denied`. Members without the permission (a sponsor
 * role revoked) are refused too. The organisation row is locked first, so the owners' changes to one
 * organisation run one after another, each seeing the last one's result (an owner removed a moment ago
 * is no owner any more).
 */
export async function requireOrgOwner(tx: Tx, actor: Actor, orgId: string, permission: PermissionRequest): Promise<void> {
  const visible = actor.orgIds.includes(orgId) || can(actor, "read:organisation:any");
  if (!visible) throw new AppError("not_found");
  if (!(await lockRow(tx, "Organisation", orgId))) throw new AppError("not_found");
  const org = await tx.organisation.findUniqueOrThrow({ where: { id: orgId }, select: { kind: true } });
  if (org.kind !== "sponsor") throw new AppError("not_found");
  requirePermission(actor, permission, { orgId });
  const membership = await tx.membership.findUnique({
    where: { userId_orgId: { userId: actor.id, orgId } },
    select: { orgRole: true },
  });
  if (membership?.orgRole !== "owner") throw new AppError("permission.denied");
}

/**
 * An owner of a sponsor organisation invites a person by email, as an `owner` or a `member` (role
 * sponsor). The answer is the same whether or not the address has an account: nothing here looks for one;
 * the invitation link decides later (accept-invitation / join-with-invitation). An address with an open
 * invitation to this organisation is `organisation.already_invited` (email): the owner sees the open
 * invitations on the page anyway. Refusals: `not_found`, `permission.denied` (requireOrgOwner);
 * `request.too_many` past ORG_INVITATIONS_PER_DAY. The organisation row is locked (requireOrgOwner), so
 * the daily count and the duplicate check hold when two owners invite at once.
 */
export async function inviteOrgMember(actor: Actor, input: InviteOrgMemberInput) {
  return prisma.$transaction(async (tx) => {
    await requireOrgOwner(tx, actor, input.orgId, "create:invitation:org");
    const now = new Date();
    const open = await tx.invitation.count({
      where: { orgId: input.orgId, email: input.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    });
    const recent = await tx.invitation.count({
      where: { orgId: input.orgId, createdAt: { gt: new Date(now.getTime() - 86_400_000) } },
    });
    if (open > 0) throw new AppError("organisation.already_invited", { field: "email" });
    if (recent >= ORG_INVITATIONS_PER_DAY) throw new AppError("request.too_many");
    return writeInvitation(tx, {
      actorId: actor.id,
      email: input.email,
      orgId: input.orgId,
      role: "sponsor",
      orgRole: input.orgRole,
      by: "owner",
    });
  });
}
