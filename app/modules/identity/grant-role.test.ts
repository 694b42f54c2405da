import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createVerifier } from "#tests/factories.ts";
import { grantRole } from "./grant-role.server.ts";
import { actorFor } from "./session.server.ts";

const grants = (userId: string) => prisma.auditEvent.count({ where: { action: "role.granted", entityId: userId } });

describe("grantRole", () => {
  test("an admin grants a role, recorded with who granted it", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const target = await createLearner();
    expect(await grantRole(admin, { userId: target.id, role: "verifier", confirm: "yes" })).toEqual({ granted: true });
    expect(await prisma.userRole.findFirst({ where: { userId: target.id, role: "verifier" } })).toMatchObject({
      grantedById: admin.id,
    });
    expect(await grants(target.id)).toBe(1);
  });

  test.each(["learner", "verifier"] as const)("a %s cannot grant a role, and nothing is written", async (who) => {
    const actor = await actorFor((who === "learner" ? await createLearner() : await createVerifier()).id);
    const target = await createLearner();
    await expect(grantRole(actor, { userId: target.id, role: "admin", confirm: "yes" })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    await expect(grantRole(actor, { userId: actor.id, role: "admin", confirm: "yes" })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await prisma.userRole.count({ where: { userId: { in: [target.id, actor.id] }, role: "admin" } })).toBe(0);
    expect(await grants(target.id)).toBe(0);
  });

  test("without the confirmation it is refused (428, naming the person and the role) and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const target = await createLearner({ displayName: "Quiet Heron" });
    await expect(grantRole(admin, { userId: target.id, role: "admin" })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { name: "Quiet Heron", role: "admin" },
    });
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "admin" } })).toBe(0);
    expect(await grants(target.id)).toBe(0);
  });

  test("a forbidden actor is refused before any question is asked", async () => {
    const learner = await actorFor((await createLearner()).id);
    const target = await createLearner();
    await expect(grantRole(learner, { userId: target.id, role: "admin" })).rejects.toMatchObject({ reason: "permission.denied" });
  });

  test("granting a held role changes nothing and writes no audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const target = await createLearner();
    expect(await grantRole(admin, { userId: target.id, role: "learner", confirm: "yes" })).toEqual({ granted: false });
    // Nothing would change, so nothing is asked either.
    expect(await grantRole(admin, { userId: target.id, role: "learner" })).toEqual({ granted: false });
    expect(await prisma.userRole.count({ where: { userId: target.id } })).toBe(1);
    expect(await grants(target.id)).toBe(0);
  });

  test("two admins granting one role at the same moment give one grant", async () => {
    const [a, b] = await Promise.all([createAdmin(), createAdmin()]);
    const target = await createLearner();
    const results = await Promise.all([
      grantRole(await actorFor(a.id), { userId: target.id, role: "sponsor", confirm: "yes" }),
      grantRole(await actorFor(b.id), { userId: target.id, role: "sponsor", confirm: "yes" }),
    ]);
    expect(results.filter((r) => r.granted)).toHaveLength(1);
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "sponsor" } })).toBe(1);
    expect(await grants(target.id)).toBe(1);
  });

  test("an unknown account is not found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(grantRole(admin, { userId: "no-such-user", role: "sponsor", confirm: "yes" })).rejects.toMatchObject({
      reason: "not_found",
    });
  });
});
