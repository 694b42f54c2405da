import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createUser, TEST_PASSWORD } from "#tests/factories.ts";
import { sessionCookieFor } from "#tests/route-helpers.ts";
import { changePassword } from "./change-password.server.ts";
import { verifyPassword } from "./password.server.ts";
import { actorFor } from "./session.server.ts";

const NEW_PASSWORD = "Another-Quiet-River-77";
const changes = (userId: string) => prisma.auditEvent.count({ where: { action: "auth.password_changed", entityId: userId } });

describe("changePassword", () => {
  test("with the current password: the new one works, every session ends, one audit row", async () => {
    const user = await createLearner();
    await sessionCookieFor(user.id);
    await changePassword(await actorFor(user.id), { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await changes(user.id)).toBe(1);
  });

  test("a wrong current password is refused on its field, and nothing changes", async () => {
    const user = await createLearner();
    await sessionCookieFor(user.id);
    await expect(
      changePassword(await actorFor(user.id), { currentPassword: "not-my-password", password: NEW_PASSWORD }),
    ).rejects.toMatchObject({ reason: "password.current_wrong", field: "currentPassword", status: 400 });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await changes(user.id)).toBe(0);
  });

  test("a weak new password is refused on the new password field, and nothing changes", async () => {
    const user = await createLearner();
    await expect(
      changePassword(await actorFor(user.id), { currentPassword: TEST_PASSWORD, password: "password1234" }),
    ).rejects.toMatchObject({ reason: "password.rejected", field: "password", key: "password.common" });
    expect(await changes(user.id)).toBe(0);
  });

  test("an account with no role left cannot change its password", async () => {
    const user = await createUser({ roles: [] });
    await expect(
      changePassword(await actorFor(user.id), { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD }),
    ).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await changes(user.id)).toBe(0);
  });

  test("two changes at the same moment: one applies, the other is told its current password is no longer right", async () => {
    const user = await createLearner();
    const actor = await actorFor(user.id);
    const results = await Promise.allSettled([
      changePassword(actor, { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD }),
      changePassword(actor, { currentPassword: TEST_PASSWORD, password: "Third-Copper-Window-58" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      reason: "password.current_wrong",
    });
    expect(await changes(user.id)).toBe(1);
  });
});
