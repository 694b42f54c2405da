import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createUser } from "#tests/factories.ts";
import { actorFor } from "./session.server.ts";
import { updatePreferences } from "./update-preferences.server.ts";

const audits = (userId: string) => prisma.auditEvent.count({ where: { action: "user.settings_changed", entityId: userId } });

describe("updatePreferences", () => {
  test("changes only what was sent: the language, then low-data mode", async () => {
    const user = await createLearner();
    const actor = await actorFor(user.id);
    await updatePreferences(actor, { lang: "es" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ locale: "es", lowData: false });
    await updatePreferences(actor, { lowData: "on" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ locale: "es", lowData: true });
    await updatePreferences(actor, { lowData: "off" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lowData).toBe(false);
    expect(await audits(user.id)).toBe(3);
  });

  test("nothing sent: nothing written", async () => {
    const user = await createLearner();
    await updatePreferences(await actorFor(user.id), {});
    expect(await audits(user.id)).toBe(0);
  });

  test("an account with no role left cannot change its preferences, and nothing is written", async () => {
    const user = await createUser({ roles: [] });
    await expect(updatePreferences(await actorFor(user.id), { lang: "ar" })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBeNull();
    expect(await audits(user.id)).toBe(0);
  });
});
