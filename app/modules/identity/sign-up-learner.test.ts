import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import {
  createExpiredReferralCode,
  createLearner,
  createReferralCode,
  createRevokedReferralCode,
  createUsedUpReferralCode,
  uniqueEmail,
  uniqueUsername,
} from "#tests/factories.ts";
import { sha256 } from "./crypto.server.ts";
import { RATE_LIMITS } from "./rate-limit.server.ts";
import { recoveryCodeHash } from "./recovery-codes.server.ts";
import { signUpLearner } from "./sign-up-learner.server.ts";

const PASSWORD = "Quiet-River-Lantern-84";
const context = (clientIp: string | null = null) => ({ locale: "en" as const, clientIp });
const input = (code: string, over: { username?: string; email?: string } = {}) => ({
  code,
  username: over.username ?? uniqueUsername("learner"),
  email: over.email,
  displayName: "Morning Star",
  password: PASSWORD,
  confirmPassword: PASSWORD,
});

async function nothingWritten(username: string, codeId?: string, usesBefore = 0) {
  expect(await prisma.user.count({ where: { username } })).toBe(0);
  if (codeId) {
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: codeId } })).uses).toBe(usesBefore);
    expect(await prisma.referralRedemption.count({ where: { codeId } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityId: codeId, action: "referral_code.redeemed" } })).toBe(0);
  }
}

describe("signUpLearner", () => {
  test("without an email: a learner with a username and no address, ten recovery codes, a session and the audit rows", async () => {
    const code = await createReferralCode({ maxUses: 3 });
    const username = uniqueUsername("river");
    const { userId, cookie, recoveryCodes } = await signUpLearner(
      { locale: "es", clientIp: null },
      input(code.code, { username }),
    );
    expect(cookie).toMatch(/waystone_session=/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { username: true, email: true, locale: true, roles: { select: { role: true } }, referralRedemption: true },
    });
    expect(user).toMatchObject({ username, email: null, locale: "es", roles: [{ role: "learner" }] });
    expect(user.referralRedemption).toMatchObject({ codeId: code.id });
    expect(await prisma.session.count({ where: { userId } })).toBe(1);
    // The ten codes are returned once and stored only as keyed hashes.
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await prisma.recoveryCode.findMany({ where: { userId }, select: { codeHash: true } });
    expect(stored.map((r) => r.codeHash).sort()).toEqual(recoveryCodes.map(recoveryCodeHash).sort());
    expect(await prisma.emailConfirmation.count({ where: { userId } })).toBe(0);
    const actions = (await prisma.auditEvent.findMany({ where: { actorId: userId } })).map((a) => a.action).sort();
    expect(actions).toEqual(["recovery_codes.issued", "referral_code.redeemed", "user.signed_up"]);
  });

  test("with a new email: the address is NOT on the account; it waits for its link, sent after the commit", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const email = uniqueEmail("new");
    const { userId } = await signUpLearner(context(), input(code.code, { email }));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email).toBeNull();
    const pending = await prisma.emailConfirmation.findFirstOrThrow({ where: { userId } });
    expect(pending).toMatchObject({ email, usedAt: null });
    expect(pending.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const sent = await prisma.outboxEmail.findFirstOrThrow({ where: { to: email } });
    const token = /\/confirm-email\/([A-Za-z0-9_-]+)/.exec(sent.text)![1]!;
    expect(pending.tokenHash).toBe(sha256(token)); // stored hashed
    expect(sent.text).not.toContain(pending.tokenHash);
  });

  test("with an address that has an account: the same rows, and that mailbox gets the neutral account-exists message, no link", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const existing = await createLearner();
    const { userId } = await signUpLearner(context(), input(code.code, { email: existing.email }));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email).toBeNull();
    expect(await prisma.emailConfirmation.count({ where: { userId, email: existing.email } })).toBe(1);
    const sent = await prisma.outboxEmail.findMany({ where: { to: existing.email } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("About your Waystone account");
    expect(sent[0]!.text).toContain("you already have an account");
    expect(sent[0]!.text).not.toMatch(/confirm-email|learner|course/i);
    // The other account is untouched.
    expect((await prisma.user.findUniqueOrThrow({ where: { id: existing.id } })).email).toBe(existing.email);
  });

  test.each([
    ["used-up", () => createUsedUpReferralCode({ maxUses: 2 }), 2],
    ["revoked", () => createRevokedReferralCode(), 0],
    ["expired", () => createExpiredReferralCode(), 0],
  ])("a %s code is refused on the code field and nothing is written", async (_state, make, uses) => {
    const code = await make();
    const data = input(code.code, { email: uniqueEmail("refused") });
    await expect(signUpLearner(context(), data)).rejects.toMatchObject({
      reason: "referral_code.invalid",
      field: "code",
      status: 400,
    });
    await nothingWritten(data.username, code.id, uses);
    expect(await prisma.outboxEmail.count({ where: { to: data.email } })).toBe(0);
  });

  test("an unknown code is refused the same way", async () => {
    const data = input("NOT-A-REAL-CODE");
    await expect(signUpLearner(context(), data)).rejects.toMatchObject({ reason: "referral_code.invalid", field: "code" });
    await nothingWritten(data.username);
  });

  test("a weak password is refused before the code is touched", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const data = { ...input(code.code), password: "password1234", confirmPassword: "password1234" };
    await expect(signUpLearner(context(), data)).rejects.toMatchObject({
      reason: "password.rejected",
      field: "password",
      key: "password.common",
    });
    await nothingWritten(data.username, code.id);
  });

  test("a taken username is a field error and the code use rolls back", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const existing = await createLearner();
    const email = uniqueEmail("taken-name");
    await expect(signUpLearner(context(), input(code.code, { username: existing.username, email }))).rejects.toMatchObject({
      reason: "account.username_taken",
      field: "username",
      status: 409,
    });
    await nothingWritten("nobody-at-all", code.id);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);
    expect(await prisma.emailConfirmation.count({ where: { email } })).toBe(0);
    await expect(signUpLearner(context(), input(code.code))).resolves.toMatchObject({ userId: expect.any(String) });
  });

  test("a flood from one client is refused with request.too_many before anything is written", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const client = `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    await prisma.rateLimit.create({
      data: { key: `signup:${sha256(client)}`, count: RATE_LIMITS.signup.limit, windowStart: new Date() },
    });
    const data = input(code.code, { email: uniqueEmail("flood") });
    await expect(signUpLearner(context(client), data)).rejects.toMatchObject({ reason: "request.too_many", status: 429 });
    await nothingWritten(data.username, code.id);
    // Another client is not affected.
    await expect(signUpLearner(context(`${client}-other`), data)).resolves.toMatchObject({ userId: expect.any(String) });
  });

  test("three sign-ups racing for the last two uses: two accounts, uses at the maximum", async () => {
    const code = await createReferralCode({ maxUses: 2 });
    const results = await Promise.allSettled([1, 2, 3].map(() => signUpLearner(context(), input(code.code))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(2);
    expect(await prisma.referralRedemption.count({ where: { codeId: code.id } })).toBe(2);
  });

  test("two sign-ups with one username at the same moment give one account", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const username = uniqueUsername("same");
    const results = await Promise.allSettled([1, 2].map(() => signUpLearner(context(), input(code.code, { username }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      reason: "account.username_taken",
    });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
  });
});
