import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearnerWithoutEmail, createUser, TEST_PASSWORD } from "#tests/factories.ts";
import { getRecoveryCodeStatus } from "./queries.server.ts";
import { issueRecoveryCodes, RECOVERY_CODE_COUNT, recoveryCodeHash } from "./recovery-codes.server.ts";
import { regenerateRecoveryCodes } from "./regenerate-recovery-codes.server.ts";
import { actorFor } from "./session.server.ts";
import { THROTTLE } from "./throttle.server.ts";

const actorWithSession = async (userId: string, sessionId = `session-${userId}`) => ({ ...(await actorFor(userId)), sessionId });
const hashesOf = async (userId: string) =>
  (await prisma.recoveryCode.findMany({ where: { userId }, select: { codeHash: true } })).map((r) => r.codeHash).sort();
const regenerations = (userId: string) =>
  prisma.auditEvent.count({ where: { action: "recovery_codes.regenerated", entityId: userId } });

describe("regenerateRecoveryCodes", () => {
  test("with the current password: ten new codes, stored hashed, the old ones gone, one audit row", async () => {
    const learner = await createLearnerWithoutEmail();
    const old = await prisma.$transaction((tx) => issueRecoveryCodes(tx, learner.id));
    await prisma.recoveryCode.updateMany({
      where: { userId: learner.id, codeHash: recoveryCodeHash(old[0]!) },
      data: { usedAt: new Date() },
    });
    const actor = await actorWithSession(learner.id);
    expect(await getRecoveryCodeStatus(actor)).toEqual({ unused: 9, total: 10 });

    const codes = await regenerateRecoveryCodes(actor, { currentPassword: TEST_PASSWORD });
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await hashesOf(learner.id)).toEqual(codes.map(recoveryCodeHash).sort());
    const stored = JSON.stringify(await prisma.recoveryCode.findMany({ where: { userId: learner.id } }));
    for (const code of codes) expect(stored).not.toContain(code);
    expect(await getRecoveryCodeStatus(actor)).toEqual({ unused: 10, total: 10 });
    expect(await regenerations(learner.id)).toBe(1);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "recovery_codes.regenerated", entityId: learner.id },
    });
    expect(audit).toMatchObject({ actorId: learner.id, data: { count: 10 } });
  });

  test("a wrong current password is refused on its field, and the old codes stay", async () => {
    const learner = await createLearnerWithoutEmail();
    await prisma.$transaction((tx) => issueRecoveryCodes(tx, learner.id));
    const before = await hashesOf(learner.id);
    await expect(
      regenerateRecoveryCodes(await actorWithSession(learner.id), { currentPassword: "not-my-password" }),
    ).rejects.toMatchObject({ reason: "password.current_wrong", field: "currentPassword", status: 400 });
    expect(await hashesOf(learner.id)).toEqual(before);
    expect(await regenerations(learner.id)).toBe(0);
  });

  test("guessing the password is throttled per session", async () => {
    const learner = await createLearnerWithoutEmail();
    const actor = await actorWithSession(learner.id);
    for (let i = 0; i < THROTTLE.passwordLimit; i++) {
      await expect(regenerateRecoveryCodes(actor, { currentPassword: `wrong-${i}` })).rejects.toMatchObject({
        reason: "password.current_wrong",
      });
    }
    await expect(regenerateRecoveryCodes(actor, { currentPassword: TEST_PASSWORD })).rejects.toMatchObject({
      reason: "password.locked",
      field: "currentPassword",
    });
    expect(await hashesOf(learner.id)).toEqual([]);
  });

  test("an account with no role left cannot regenerate", async () => {
    const user = await createUser({ roles: [] });
    await expect(
      regenerateRecoveryCodes(await actorWithSession(user.id), { currentPassword: TEST_PASSWORD }),
    ).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await hashesOf(user.id)).toEqual([]);
    expect(await regenerations(user.id)).toBe(0);
  });
});
