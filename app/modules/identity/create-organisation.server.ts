import { randomBytes } from "node:crypto";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { onUniqueViolation, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Actor } from "./permissions.ts";
import type { CreateOrganisationInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

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

/** Two names are the same organisation when they differ only in case, accents, punctuation or spacing. */
export function organisationNameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** An admin creates a partner NGO, a sponsor organisation or a partner institution. */
export async function createOrganisation(actor: Actor, input: CreateOrganisationInput) {
  requirePermission(actor, "create:organisation:any");
  return onUniqueViolation(
    () =>
      prisma.$transaction(async (tx) => {
        const org = await tx.organisation.create({
          data: {
            kind: input.kind,
            name: input.name,
            nameKey: organisationNameKey(input.name),
            slug: input.slug ?? slugify(input.name),
          },
          select: { id: true, kind: true, name: true },
        });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "organisation.created",
          entityType: "organisation",
          entityId: org.id,
          data: { kind: org.kind },
        });
        return org;
      }),
    [{ model: "Organisation", fields: ["nameKey"], error: () => new AppError("organisation.name_taken", { field: "name" }) }],
  );
}
