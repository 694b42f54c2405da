import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createSponsorMember } from "#tests/factories.ts";
import { createOrganisation } from "./create-organisation.server.ts";
import { actorFor } from "./session.server.ts";

describe("createOrganisation", () => {
  test("an admin creates an organisation with a generated slug and an audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const org = await createOrganisation(admin, { kind: "ngo", name: "Harbour Light Ñandú" });
    const row = await prisma.organisation.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.slug).toMatch(/^harbour-light-nandu-[0-9a-f]{6}$/);
    expect(await prisma.auditEvent.count({ where: { action: "organisation.created", entityId: org.id } })).toBe(1);
  });

  test.each(["learner", "sponsor"] as const)("a %s cannot create one, and nothing is written", async (who) => {
    const user = who === "learner" ? await createLearner() : await createSponsorMember();
    const name = `Refused ${who} ${Date.now()}`;
    await expect(createOrganisation(await actorFor(user.id), { kind: "sponsor", name })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await prisma.organisation.count({ where: { name } })).toBe(0);
  });
});
