import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createOrganisation, TEST_PASSWORD } from "#tests/factories.ts";
import { accountState, freshIp, resetTokenSentTo, userOfCookie } from "#tests/recovery-helpers.ts";
import { sessionCookieFor } from "#tests/route-helpers.ts";
import { issueResetCode } from "./issue-reset-code.server.ts";
import { verifyPassword } from "./password.server.ts";
import { getResetLinkPage } from "./queries.server.ts";
import { requestPasswordReset, resetRequestsSettled } from "./request-password-reset.server.ts";
import { resetPassword } from "./reset-password.server.ts";
import { actorFor } from "./session.server.ts";

const NEW_PASSWORD = "Lantern-Harbour-Willow-83";
const anonymous = { sessionUserId: null };

/** A learner with a confirmed address, two open sessions elsewhere, and a fresh emailed link. */
async function learnerWithLink() {
  const learner = await createLearner();
  await sessionCookieFor(learner.id);
  await sessionCookieFor(learner.id);
  await requestPasswordReset({ clientIp: freshIp() }, { identifier: learner.username });
  await resetRequestsSettled();
  return { ...learner, token: await resetTokenSentTo(learner.email) };
}

async function passwordIs(userId: string, password: string) {
  const row = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  return verifyPassword(row.passwordHash, password);
}

describe("resetPassword (an emailed link)", () => {
  test("sets the password, ends every other session, signs the person in afresh, uses the link, one audit row", async () => {
    const learner = await learnerWithLink();
    const before = await accountState(learner.id);
    expect(before.sessions).toHaveLength(2);
    const done = await resetPassword(anonymous, { token: learner.token, password: NEW_PASSWORD });
    expect(done).toMatchObject({ userId: learner.id, roles: ["learner"] });
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
    const after = await accountState(learner.id);
    expect(after.sessions).toHaveLength(1);
    expect(before.sessions.map((s) => s.id)).not.toContain(after.sessions[0]!.id);
    expect((await userOfCookie(done.cookie))?.id).toBe(learner.id);
    expect(after.resets[0]!.usedAt).not.toBeNull();
    expect(after.audit).toBe(1);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "auth.password_reset", entityId: learner.id } });
    expect(audit).toMatchObject({ actorId: learner.id, data: { method: "email_link" } });
  });

  test("opening the link changes nothing (mail scanners open links); it tells whose account it is", async () => {
    const learner = await learnerWithLink();
    const before = await accountState(learner.id);
    await expect(getResetLinkPage(anonymous, learner.token)).resolves.toEqual({ username: learner.username });
    await getResetLinkPage(anonymous, learner.token);
    expect(await accountState(learner.id)).toEqual(before);
    await resetPassword(anonymous, { token: learner.token, password: NEW_PASSWORD });
  });

  test("a used link is refused, and nothing changes", async () => {
    const learner = await learnerWithLink();
    await resetPassword(anonymous, { token: learner.token, password: NEW_PASSWORD });
    const before = await accountState(learner.id);
    await expect(resetPassword(anonymous, { token: learner.token, password: "Another-Copper-Kettle-19" })).rejects.toMatchObject({
      reason: "recovery.link_unusable",
      status: 410,
    });
    await expect(getResetLinkPage(anonymous, learner.token)).rejects.toMatchObject({ reason: "recovery.link_unusable" });
    expect(await accountState(learner.id)).toEqual(before);
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
  });

  test("an expired link is refused, and nothing changes", async () => {
    const learner = await learnerWithLink();
    await prisma.passwordReset.updateMany({ where: { userId: learner.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await accountState(learner.id);
    await expect(resetPassword(anonymous, { token: learner.token, password: NEW_PASSWORD })).rejects.toMatchObject({
      reason: "recovery.link_unusable",
    });
    expect(await accountState(learner.id)).toEqual(before);
    expect(await passwordIs(learner.id, TEST_PASSWORD)).toBe(true);
  });

  test("unknown and malformed tokens are refused alike", async () => {
    for (const token of ["x".repeat(43), "short", "not a token!", "a".repeat(300)]) {
      await expect(resetPassword(anonymous, { token, password: NEW_PASSWORD })).rejects.toMatchObject({
        reason: "recovery.link_unusable",
      });
    }
  });

  test("a browser signed in as another account is refused; signed in as the same account it works", async () => {
    const learner = await learnerWithLink();
    const someoneElse = await createLearner();
    const before = await accountState(learner.id);
    const other = { sessionUserId: someoneElse.id };
    await expect(getResetLinkPage(other, learner.token)).rejects.toMatchObject({
      reason: "recovery.signed_in_as_other",
      status: 409,
    });
    await expect(resetPassword(other, { token: learner.token, password: NEW_PASSWORD })).rejects.toMatchObject({
      reason: "recovery.signed_in_as_other",
    });
    expect(await accountState(learner.id)).toEqual(before);
    await resetPassword({ sessionUserId: learner.id }, { token: learner.token, password: NEW_PASSWORD });
    expect(await passwordIs(learner.id, NEW_PASSWORD)).toBe(true);
  });

  test("a weak password is refused on its field and the link stays usable", async () => {
    const learner = await learnerWithLink();
    const before = await accountState(learner.id);
    await expect(resetPassword(anonymous, { token: learner.token, password: "password1234" })).rejects.toMatchObject({
      reason: "password.rejected",
      field: "password",
    });
    // …nor may it be the username.
    await expect(
      resetPassword(anonymous, { token: learner.token, password: `${learner.username}${learner.username}` }),
    ).rejects.toMatchObject({ reason: "password.rejected" });
    expect(await accountState(learner.id)).toEqual(before);
    await resetPassword(anonymous, { token: learner.token, password: NEW_PASSWORD });
  });

  test("a reset revokes the account's other open resets (an admin-issued code)", async () => {
    const learner = await learnerWithLink();
    const admin = await createAdmin();
    const ngo = await createOrganisation({ kind: "ngo" });
    await issueResetCode(await actorFor(admin.id), { userId: learner.id, ngoId: ngo.id, confirm: "yes" });
    await resetPassword(anonymous, { token: learner.token, password: NEW_PASSWORD });
    const code = await prisma.passwordReset.findFirstOrThrow({ where: { userId: learner.id, kind: "admin_code" } });
    expect(code.usedAt).toBeNull();
    expect(code.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  test("a suspended account cannot reset", async () => {
    const learner = await learnerWithLink();
    await prisma.user.update({ where: { id: learner.id }, data: { status: "suspended" } });
    await expect(resetPassword(anonymous, { token: learner.token, password: NEW_PASSWORD })).rejects.toMatchObject({
      reason: "account.suspended",
    });
    expect(await passwordIs(learner.id, TEST_PASSWORD)).toBe(true);
  });

  test("two posts of one link at the same moment: one reset", async () => {
    const learner = await learnerWithLink();
    const results = await Promise.allSettled([
      resetPassword(anonymous, { token: learner.token, password: NEW_PASSWORD }),
      resetPassword(anonymous, { token: learner.token, password: "Second-Maple-Orchard-64" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      reason: "recovery.link_unusable",
    });
    const after = await accountState(learner.id);
    expect(after.audit).toBe(1);
    expect(after.sessions).toHaveLength(1);
  });
});
