// Access to one sponsor organisation by id (the sponsorship pages: orders, checkout, receipts). A member
// of it may act for it; for anyone else (another sponsor's member included) it does not exist, so ids
// cannot be probed. Admins, who read every organisation, may read it too.
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { can, type Actor } from "./permissions.ts";

export type SponsorOrg = { id: string; name: string };

/** The sponsor organisation, if the actor is its member (or, with `allowAdmin`, an admin); else not_found. */
export async function requireSponsorOrg(
  actor: Actor,
  orgId: string,
  options: { allowAdmin?: boolean } = {},
): Promise<SponsorOrg> {
  const member = actor.orgIds.includes(orgId);
  if (!member && !(options.allowAdmin && can(actor, "read:organisation:any"))) throw new AppError("not_found");
  const org = await prisma.organisation.findUnique({ where: { id: orgId }, select: { id: true, name: true, kind: true } });
  if (!org || org.kind !== "sponsor") throw new AppError("not_found");
  return { id: org.id, name: org.name };
}
