import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createReferralCode, createRevokedReferralCode } from "#tests/factories.ts";
import { revokeReferralCode } from "./revoke-referral-code.server.ts";
import { actorFor } from "./session.server.ts";

const audits = (codeId: string) => prisma.auditEvent.count({ where: { action: "referral_code.revoked", entityId: codeId } });
const revokedAt = async (codeId: string) => (await prisma.referralCode.findUniqueOrThrow({ where: { id: codeId } })).revokedAt;

describe("revokeReferralCode", () => {
  test("an admin revokes an active code once confirmed, with an audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createReferralCode({});
    expect(await revokeReferralCode(admin, { codeId: code.id, confirm: "yes" })).toEqual({ revoked: true });
    expect(await revokedAt(code.id)).not.toBeNull();
    expect(await audits(code.id)).toBe(1);
  });

  test("without the confirmation it is refused (428, naming the code's label) and nothing changes", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createReferralCode({ label: "North office" });
    await expect(revokeReferralCode(admin, { codeId: code.id })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { label: "North office" },
    });
    expect(await revokedAt(code.id)).toBeNull();
    expect(await audits(code.id)).toBe(0);
  });

  test("a learner cannot revoke a code, confirmed or not, and nothing changes", async () => {
    const learner = await actorFor((await createLearner()).id);
    const code = await createReferralCode({});
    for (const confirm of ["yes", undefined] as const) {
      await expect(revokeReferralCode(learner, { codeId: code.id, confirm })).rejects.toMatchObject({
        reason: "permission.denied",
      });
    }
    expect(await revokedAt(code.id)).toBeNull();
    expect(await audits(code.id)).toBe(0);
  });

  test("revoking a revoked code changes nothing and writes no audit row (and asks nothing)", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createRevokedReferralCode();
    const before = await revokedAt(code.id);
    expect(await revokeReferralCode(admin, { codeId: code.id, confirm: "yes" })).toEqual({ revoked: false });
    expect(await revokeReferralCode(admin, { codeId: code.id })).toEqual({ revoked: false });
    expect(await revokedAt(code.id)).toEqual(before);
    expect(await audits(code.id)).toBe(0);
  });

  test("two admins confirming one revocation at the same moment give one revocation", async () => {
    const [a, b] = await Promise.all([createAdmin(), createAdmin()]);
    const code = await createReferralCode({});
    const results = await Promise.all([
      revokeReferralCode(await actorFor(a.id), { codeId: code.id, confirm: "yes" }),
      revokeReferralCode(await actorFor(b.id), { codeId: code.id, confirm: "yes" }),
    ]);
    expect(results.filter((r) => r.revoked)).toHaveLength(1);
    expect(await audits(code.id)).toBe(1);
  });

  test("an unknown code is not found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(revokeReferralCode(admin, { codeId: "no-such-code", confirm: "yes" })).rejects.toMatchObject({
      reason: "not_found",
    });
  });
});
