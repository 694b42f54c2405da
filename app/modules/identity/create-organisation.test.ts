import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createSponsorMember } from "#tests/factories.ts";
import { createOrganisation, organisationNameKey } from "./create-organisation.server.ts";
import { actorFor } from "./session.server.ts";

/** Letters only (the name key keeps letters and digits): a different name on every run of the suite. */
const token = () =>
  [...randomBytes(6)]
    .map((b) => String.fromCharCode(97 + (b % 26)))
    .join("")
    .replace(/^./, (c) => c.toUpperCase());

const sameName = (name: string) => prisma.organisation.count({ where: { nameKey: organisationNameKey(name) } });
/** The audit rows of the organisations with this name (key): one per organisation actually created. */
async function created(name: string) {
  const orgs = await prisma.organisation.findMany({ where: { nameKey: organisationNameKey(name) }, select: { id: true } });
  return prisma.auditEvent.count({ where: { action: "organisation.created", entityId: { in: orgs.map((o) => o.id) } } });
}

describe("createOrganisation", () => {
  test("an admin creates an organisation with a generated slug and an audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const org = await createOrganisation(admin, { kind: "ngo", name: `Harbour Light Ñandú ${token()}` });
    const row = await prisma.organisation.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.slug).toMatch(/^harbour-light-nandu-[a-z]+-[0-9a-f]{6}$/);
    expect(await prisma.auditEvent.count({ where: { action: "organisation.created", entityId: org.id } })).toBe(1);
  });

  test.each(["learner", "sponsor"] as const)("a %s cannot create one, and nothing is written", async (who) => {
    const user = who === "learner" ? await createLearner() : await createSponsorMember();
    const name = `Refused ${who} ${token()}`;
    await expect(createOrganisation(await actorFor(user.id), { kind: "sponsor", name })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await sameName(name)).toBe(0);
  });

  test("a name that differs only in case, spacing, punctuation or accents is refused on the name field (409)", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const base = `Mercy Bridge ${token()} Trust`;
    await createOrganisation(admin, { kind: "sponsor", name: base });
    const variants = [
      base.toUpperCase(),
      base.toLowerCase(),
      `  ${base.replaceAll(" ", "   ")}  `,
      base.replaceAll(" ", "-"),
      base.replace("e", "é").replace("a", "à"),
      `${base}.`,
    ];
    for (const name of variants) {
      for (const kind of ["sponsor", "ngo", "institution"] as const) {
        await expect(createOrganisation(admin, { kind, name })).rejects.toMatchObject({
          reason: "organisation.name_taken",
          field: "name",
          status: 409,
        });
      }
    }
    expect(await sameName(base)).toBe(1);
    expect(await created(base)).toBe(1);
  });

  test("two admins creating the same organisation at the same moment: one is created, the other is told why", async () => {
    const [a, b] = await Promise.all([createAdmin(), createAdmin()]);
    const name = `Twin Lanterns ${token()}`;
    const outcomes = await Promise.allSettled([
      createOrganisation(await actorFor(a.id), { kind: "ngo", name }),
      createOrganisation(await actorFor(b.id), { kind: "ngo", name: name.toLowerCase() }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ reason: "organisation.name_taken", field: "name" });
    expect(await sameName(name)).toBe(1);
    expect(await created(name)).toBe(1);
  });
});
