import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import {
  createExpiredReferralCode,
  createLearner,
  createReferralCode,
  createRevokedReferralCode,
  createUsedUpReferralCode,
  uniqueEmail,
} from "#tests/factories.ts";
import { signUpLearner } from "./sign-up-learner.server.ts";

const PASSWORD = "Quiet-River-Lantern-84";
const input = (code: string, email = uniqueEmail("learner")) => ({
  code,
  email,
  displayName: "Morning Star",
  password: PASSWORD,
  confirmPassword: PASSWORD,
});

async function nothingWritten(email: string, codeId?: string, usesBefore = 0) {
  expect(await prisma.user.count({ where: { email } })).toBe(0);
  if (codeId) {
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: codeId } })).uses).toBe(usesBefore);
    expect(await prisma.referralRedemption.count({ where: { codeId } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityId: codeId, action: "referral_code.redeemed" } })).toBe(0);
  }
}

describe("signUpLearner", () => {
  test("creates a learner with a redemption, a session and both audit rows, in the visitor's language", async () => {
    const code = await createReferralCode({ maxUses: 3 });
    const email = uniqueEmail("learner");
    const { userId, cookie } = await signUpLearner({ locale: "es" }, input(code.code, email));
    expect(cookie).toMatch(/waystone_session=/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, locale: true, roles: { select: { role: true } }, referralRedemption: true },
    });
    expect(user).toMatchObject({ email, locale: "es", roles: [{ role: "learner" }], referralRedemption: { codeId: code.id } });
    expect(await prisma.session.count({ where: { userId } })).toBe(1);
    const actions = (await prisma.auditEvent.findMany({ where: { actorId: userId } })).map((a) => a.action).sort();
    expect(actions).toEqual(["referral_code.redeemed", "user.signed_up"]);
  });

  test.each([
    ["used-up", () => createUsedUpReferralCode({ maxUses: 2 }), 2],
    ["revoked", () => createRevokedReferralCode(), 0],
    ["expired", () => createExpiredReferralCode(), 0],
  ])("a %s code is refused on the code field and nothing is written", async (_state, make, uses) => {
    const code = await make();
    const email = uniqueEmail("refused");
    await expect(signUpLearner({ locale: "en" }, input(code.code, email))).rejects.toMatchObject({
      reason: "referral_code.invalid",
      field: "code",
      status: 400,
    });
    await nothingWritten(email, code.id, uses);
  });

  test("an unknown code is refused the same way", async () => {
    const email = uniqueEmail("unknown");
    await expect(signUpLearner({ locale: "en" }, input("NOT-A-REAL-CODE", email))).rejects.toMatchObject({
      reason: "referral_code.invalid",
      field: "code",
    });
    await nothingWritten(email);
  });

  test("a weak password is refused before the code is touched", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const email = uniqueEmail("weak");
    await expect(
      signUpLearner({ locale: "en" }, { ...input(code.code, email), password: "password1234", confirmPassword: "password1234" }),
    ).rejects.toMatchObject({ reason: "password.rejected", field: "password", key: "password.common" });
    await nothingWritten(email, code.id);
  });

  test("a taken email is account.email_taken and the code use rolls back", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const existing = await createLearner();
    await expect(signUpLearner({ locale: "en" }, input(code.code, existing.email))).rejects.toMatchObject({
      reason: "account.email_taken",
      field: "email",
    });
    await nothingWritten("none", code.id);
    // The code is still good for someone else.
    await expect(signUpLearner({ locale: "en" }, input(code.code))).resolves.toMatchObject({ userId: expect.any(String) });
  });

  test("three sign-ups racing for the last two uses: two accounts, uses at the maximum", async () => {
    const code = await createReferralCode({ maxUses: 2 });
    const results = await Promise.allSettled([1, 2, 3].map(() => signUpLearner({ locale: "en" }, input(code.code))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(2);
    expect(await prisma.referralRedemption.count({ where: { codeId: code.id } })).toBe(2);
  });
});
