import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createLearner,
  createLearnerWithoutEmail,
  createOrganisation,
  TEST_PASSWORD,
  uniqueUsername,
} from "#tests/factories.ts";
import { accountState, freshIp, userOfCookie } from "#tests/recovery-helpers.ts";
import { sessionCookieFor } from "#tests/route-helpers.ts";
import { issueResetCode } from "./issue-reset-code.server.ts";
import { verifyPassword } from "./password.server.ts";
import { RATE_LIMITS } from "./rate-limit.server.ts";
import { recoverWithCode } from "./recover-with-code.server.ts";
import { issueRecoveryCodes } from "./recovery-codes.server.ts";
import { actorFor } from "./session.server.ts";

const NEW_PASSWORD = "Lantern-Harbour-Willow-83";

/** A learner without email, with two sessions elsewhere and ten recovery codes. */
async function learnerWithCodes() {
  const learner = await createLearnerWithoutEmail();
  await sessionCookieFor(learner.id);
  await sessionCookieFor(learner.id);
  const codes = await prisma.$transaction((tx) => issueRecoveryCodes(tx, learner.id));
  return { ...learner, codes };
}

async function adminCodeFor(userId: string) {
  const admin = await createAdmin();
  const ngo = await createOrganisation({ kind: "ngo" });
  return (await issueResetCode(await actorFor(admin.id), { userId, ngoId: ngo.id, confirm: "yes" })).code;
}

const recover = (
  username: string,
  code: string,
  options: { password?: string; clientIp?: string | null; sessionUserId?: string | null } = {},
) =>
  recoverWithCode(
    { clientIp: options.clientIp === undefined ? freshIp() : options.clientIp, sessionUserId: options.sessionUserId ?? null },
    { username, code: code.toUpperCase().replace(/[^A-Z0-9]/g, ""), password: options.password ?? NEW_PASSWORD },
  );

async function passwordIs(userId: string, password: string) {
  const row = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  return verifyPassword(row.passwordHash, password);
}

const failures = (userId: string | null) =>
  prisma.auditEvent.count({ where: { action: "auth.recovery_failed", entityId: userId } });

describe("recoverWithCode: a recovery code", () => {
  test("sets the password, uses that one code, ends every other session, signs in afresh, one audit row", async () => {
    const learner = await learnerWithCodes();
    const before = await accountState(learner.id);
    // Typed in lower case with spaces: codes are compared without case, dashes or spaces.
    const done = await recover(learner.username, learner.codes[3]!.toLowerCase().replace(/-/g, " "));
    expect(done).toMatchObject({ userId: learner.id, method: "recovery_code", roles: ["learner"] });
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
    const after = await accountState(learner.id);
    expect(after.sessions).toHaveLength(1);
    expect(before.sessions.map((s) => s.id)).not.toContain(after.sessions[0]!.id);
    expect((await userOfCookie(done.cookie))?.id).toBe(learner.id);
    expect(after.codes.filter((c) => c.usedAt !== null)).toHaveLength(1);
    expect(after.audit).toBe(1);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "auth.password_reset", entityId: learner.id } });
    expect(audit).toMatchObject({ actorId: learner.id, data: { method: "recovery_code" } });
    // The other nine still work.
    await recover(learner.username, learner.codes[4]!, { password: "Second-Maple-Orchard-64" });
    expect(await passwordIs(learner.id, "Second-Maple-Orchard-64")).toBe(true);
  });

  test("a used code is refused clearly, and nothing changes", async () => {
    const learner = await learnerWithCodes();
    await recover(learner.username, learner.codes[0]!);
    const before = await accountState(learner.id);
    await expect(recover(learner.username, learner.codes[0]!, { password: "Another-Copper-Kettle-19" })).rejects.toMatchObject({
      reason: "recovery.code_used",
      status: 410,
    });
    expect(await accountState(learner.id)).toEqual(before);
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
  });

  test("codes of a replaced batch no longer work", async () => {
    const learner = await learnerWithCodes();
    await prisma.$transaction((tx) => issueRecoveryCodes(tx, learner.id));
    await expect(recover(learner.username, learner.codes[0]!)).rejects.toMatchObject({ reason: "recovery.code_invalid" });
    expect(await passwordIs(learner.id, TEST_PASSWORD)).toBe(true);
  });

  test("another account's code, a wrong code and an unknown username get the same answer, and change nothing", async () => {
    const learner = await learnerWithCodes();
    const other = await learnerWithCodes();
    const before = await accountState(learner.id);
    const failedBefore = await failures(learner.id);
    const answers = await Promise.allSettled([
      recover(learner.username, other.codes[0]!),
      recover(learner.username, "AAAA-BBBB-CCCC"),
      recover(uniqueUsername("nobody"), learner.codes[0]!),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe("rejected");
      expect((answer as PromiseRejectedResult).reason).toMatchObject({ reason: "recovery.code_invalid", status: 400 });
    }
    expect(await accountState(learner.id)).toEqual(before);
    expect((await accountState(other.id)).codes.every((c) => c.usedAt === null)).toBe(true);
    // Each failure is audited, known name or not (without the name).
    expect(await failures(learner.id)).toBe(failedBefore + 2);
  });

  test("a weak new password is refused on its field, and the code stays unused", async () => {
    const learner = await learnerWithCodes();
    const before = await accountState(learner.id);
    await expect(recover(learner.username, learner.codes[0]!, { password: "password1234" })).rejects.toMatchObject({
      reason: "password.rejected",
      field: "password",
    });
    expect(await accountState(learner.id)).toEqual(before);
  });

  test("a browser signed in as another account is refused before anything changes", async () => {
    const learner = await learnerWithCodes();
    const someoneElse = await createLearner();
    const before = await accountState(learner.id);
    await expect(recover(learner.username, learner.codes[0]!, { sessionUserId: someoneElse.id })).rejects.toMatchObject({
      reason: "recovery.signed_in_as_other",
    });
    expect(await accountState(learner.id)).toEqual(before);
    // Signed in as the account itself (a forgotten password, an open session): allowed.
    await recover(learner.username, learner.codes[0]!, { sessionUserId: learner.id });
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
  });

  test("a suspended account cannot recover", async () => {
    const learner = await learnerWithCodes();
    await prisma.user.update({ where: { id: learner.id }, data: { status: "suspended" } });
    await expect(recover(learner.username, learner.codes[0]!)).rejects.toMatchObject({ reason: "account.suspended" });
    expect((await accountState(learner.id)).codes.every((c) => c.usedAt === null)).toBe(true);
  });

  test("two uses of one code at the same moment: one recovery", async () => {
    const learner = await learnerWithCodes();
    const results = await Promise.allSettled([
      recover(learner.username, learner.codes[0]!),
      recover(learner.username, learner.codes[0]!, { password: "Second-Maple-Orchard-64" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      reason: "recovery.code_used",
    });
    expect((await accountState(learner.id)).audit).toBe(1);
  });
});

describe("recoverWithCode: a reset code issued by an admin", () => {
  test("works once, with the same effects; method admin_code", async () => {
    const learner = await learnerWithCodes();
    const code = await adminCodeFor(learner.id);
    const done = await recover(learner.username, code);
    expect(done.method).toBe("admin_code");
    const after = await accountState(learner.id);
    expect(after.sessions).toHaveLength(1);
    expect(after.resets[0]!.usedAt).not.toBeNull();
    expect(after.codes.every((c) => c.usedAt === null)).toBe(true);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "auth.password_reset", entityId: learner.id } });
    expect(audit.data).toEqual({ method: "admin_code" });
    await expect(recover(learner.username, code, { password: "Another-Copper-Kettle-19" })).rejects.toMatchObject({
      reason: "recovery.code_used",
    });
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
  });

  test("an expired code is refused clearly, and nothing changes", async () => {
    const learner = await learnerWithCodes();
    const code = await adminCodeFor(learner.id);
    await prisma.passwordReset.updateMany({ where: { userId: learner.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await accountState(learner.id);
    await expect(recover(learner.username, code)).rejects.toMatchObject({ reason: "recovery.code_expired", status: 410 });
    expect(await accountState(learner.id)).toEqual(before);
  });

  test("a code replaced by a newer one is refused like an expired one", async () => {
    const learner = await learnerWithCodes();
    const first = await adminCodeFor(learner.id);
    const second = await adminCodeFor(learner.id);
    await expect(recover(learner.username, first)).rejects.toMatchObject({ reason: "recovery.code_expired" });
    await recover(learner.username, second);
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
  });

  test("another account's reset code is a wrong code", async () => {
    const learner = await learnerWithCodes();
    const other = await learnerWithCodes();
    const code = await adminCodeFor(other.id);
    await expect(recover(learner.username, code)).rejects.toMatchObject({ reason: "recovery.code_invalid" });
    expect((await accountState(other.id)).resets[0]!.usedAt).toBeNull();
    expect(await passwordIs(learner.id, TEST_PASSWORD)).toBe(true);
  });
});

describe("recoverWithCode: limits that nobody can turn against the learner", () => {
  test("per (username, client): a few attempts, then that client waits; other clients are not affected", async () => {
    const learner = await learnerWithCodes();
    const ip = freshIp();
    for (let i = 0; i < RATE_LIMITS["recovery-code"].limit; i++) {
      await expect(recover(learner.username, "WRONG-CODE-0000", { clientIp: ip })).rejects.toMatchObject({
        reason: "recovery.code_invalid",
      });
    }
    await expect(recover(learner.username, learner.codes[0]!, { clientIp: ip })).rejects.toMatchObject({
      reason: "request.too_many",
      status: 429,
    });
    expect((await accountState(learner.id)).codes.every((c) => c.usedAt === null)).toBe(true);
    // The learner, from her own connection, is not locked out by someone else's failures.
    await recover(learner.username, learner.codes[0]!, { clientIp: freshIp() });
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
  });

  test("per client, across usernames", async () => {
    const ip = freshIp();
    for (let i = 0; i < RATE_LIMITS.recovery.limit; i++) {
      await expect(recover(uniqueUsername("spray"), "WRONG-CODE-0000", { clientIp: ip })).rejects.toMatchObject({
        reason: "recovery.code_invalid",
      });
    }
    const learner = await learnerWithCodes();
    await expect(recover(learner.username, learner.codes[0]!, { clientIp: ip })).rejects.toMatchObject({
      reason: "request.too_many",
    });
    expect((await accountState(learner.id)).codes.every((c) => c.usedAt === null)).toBe(true);
  });
});
