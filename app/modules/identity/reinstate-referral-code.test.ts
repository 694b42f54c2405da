import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createReferralCode, createSponsorMember } from "#tests/factories.ts";
import { reinstateReferralCode } from "./reinstate-referral-code.server.ts";
import { actorFor } from "./session.server.ts";

const audits = (codeId: string) => prisma.auditEvent.count({ where: { action: "referral_code.reinstated", entityId: codeId } });
const revokedAt = async (codeId: string) => (await prisma.referralCode.findUniqueOrThrow({ where: { id: codeId } })).revokedAt;

describe("reinstateReferralCode", () => {
  test("an admin reinstates a revoked code: it is active again, with an audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createReferralCode({ revoked: true });
    expect(await reinstateReferralCode(admin, { codeId: code.id })).toEqual({ reinstated: true });
    expect(await revokedAt(code.id)).toBeNull();
    expect(await audits(code.id)).toBe(1);
  });

  test.each(["learner", "sponsor"] as const)("a %s cannot reinstate a code, and nothing changes", async (who) => {
    const user = who === "learner" ? await createLearner() : await createSponsorMember();
    const code = await createReferralCode({ revoked: true });
    await expect(reinstateReferralCode(await actorFor(user.id), { codeId: code.id })).rejects.toMatchObject({
      reason: "permission.denied",
      status: 403,
    });
    expect(await revokedAt(code.id)).not.toBeNull();
    expect(await audits(code.id)).toBe(0);
  });

  test("an expired code is refused with its reason (409), and stays revoked", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createReferralCode({ revoked: true, expiresAt: new Date(Date.now() - 60_000) });
    await expect(reinstateReferralCode(admin, { codeId: code.id })).rejects.toMatchObject({
      reason: "referral_code.expired",
      status: 409,
    });
    expect(await revokedAt(code.id)).not.toBeNull();
    expect(await audits(code.id)).toBe(0);
  });

  test("a used-up code is refused with its reason (409), and stays revoked", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createReferralCode({ revoked: true, maxUses: 2, uses: 2 });
    await expect(reinstateReferralCode(admin, { codeId: code.id })).rejects.toMatchObject({
      reason: "referral_code.used_up",
      status: 409,
    });
    expect(await revokedAt(code.id)).not.toBeNull();
    expect(await audits(code.id)).toBe(0);
  });

  test("reinstating a code that is not revoked changes nothing and writes no audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createReferralCode({});
    expect(await reinstateReferralCode(admin, { codeId: code.id })).toEqual({ reinstated: false });
    expect(await audits(code.id)).toBe(0);
  });

  test("two admins reinstating at the same moment give one reinstatement", async () => {
    const [a, b] = await Promise.all([createAdmin(), createAdmin()]);
    const code = await createReferralCode({ revoked: true });
    const results = await Promise.all([
      reinstateReferralCode(await actorFor(a.id), { codeId: code.id }),
      reinstateReferralCode(await actorFor(b.id), { codeId: code.id }),
    ]);
    expect(results.filter((r) => r.reinstated)).toHaveLength(1);
    expect(await audits(code.id)).toBe(1);
  });

  test("an unknown code is not found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(reinstateReferralCode(admin, { codeId: "no-such-code" })).rejects.toMatchObject({ reason: "not_found" });
  });
});
