import { randomBytes } from "node:crypto";
import type { OrgKind } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";

function slugify(name: string) {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 48);
  return `${base || "org"}-${randomBytes(3).toString("hex")}`;
}

/** Creates a partner NGO, a sponsor organisation or a partner institution. */
export async function createOrganisation(options: { actorId: string; kind: OrgKind; name: string; slug?: string }) {
  return prisma.$transaction(async (tx) => {
    const org = await tx.organisation.create({
      data: { kind: options.kind, name: options.name, slug: options.slug ?? slugify(options.name) },
      select: { id: true, kind: true, name: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "organisation.created",
      entityType: "organisation",
      entityId: org.id,
      data: { kind: org.kind },
    });
    return org;
  });
}

export function listOrganisations() {
  return prisma.organisation.findMany({
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    take: 200,
    select: { id: true, kind: true, name: true, _count: { select: { memberships: true } } },
  });
}

export function getOrganisationsOf(orgIds: readonly string[]) {
  return prisma.organisation.findMany({ where: { id: { in: [...orgIds] } }, select: { id: true, kind: true, name: true } });
}
