import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createUser } from "#tests/factories.ts";
import { actorFor } from "./session.server.ts";
import { updateProfile } from "./update-profile.server.ts";

describe("updateProfile", () => {
  test("changes one's own display name, language and low-data mode, with an audit row", async () => {
    const user = await createLearner({ displayName: "Before" });
    await updateProfile(await actorFor(user.id), { displayName: "After", locale: "ar", lowData: "on" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      displayName: "After",
      locale: "ar",
      lowData: true,
    });
    await updateProfile(await actorFor(user.id), { displayName: "After", locale: "ar" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lowData).toBe(false);
    expect(await prisma.auditEvent.count({ where: { action: "user.settings_changed", entityId: user.id } })).toBe(2);
  });

  test("an account with no role left cannot change its settings, and nothing is written", async () => {
    const user = await createUser({ roles: [], displayName: "Roleless" });
    await expect(updateProfile(await actorFor(user.id), { displayName: "Changed", locale: "es" })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).displayName).toBe("Roleless");
    expect(await prisma.auditEvent.count({ where: { entityId: user.id } })).toBe(0);
  });

  test("changes only the actor's own account", async () => {
    const a = await createLearner({ displayName: "Person A" });
    const b = await createLearner({ displayName: "Person B" });
    await updateProfile(await actorFor(a.id), { displayName: "Renamed A", locale: "en" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: b.id } })).displayName).toBe("Person B");
  });
});
