// Reads of organisations (partner NGOs, sponsors, partner institutions).
import { prisma } from "#app/utils/db.server.ts";
import type { Actor } from "./permissions.ts";
import { requirePermission } from "./session.server.ts";

/** Every organisation with its member count (admin pages). */
export function listOrganisations(actor: Actor) {
  requirePermission(actor, "read:organisation:any");
  return prisma.organisation.findMany({
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    take: 200,
    select: { id: true, kind: true, name: true, _count: { select: { memberships: true } } },
  });
}

export function getOrganisationsOf(orgIds: readonly string[]) {
  return prisma.organisation.findMany({ where: { id: { in: [...orgIds] } }, select: { id: true, kind: true, name: true } });
}
