import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createReferralCode, createRevokedReferralCode } from "#tests/factories.ts";
import { revokeReferralCode } from "./revoke-referral-code.server.ts";
import { actorFor } from "./session.server.ts";

const audits = (codeId: string) => prisma.auditEvent.count({ where: { action: "referral_code.revoked", entityId: codeId } });

describe("revokeReferralCode", () => {
  test("an admin revokes an active code, with an audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createReferralCode({});
    expect(await revokeReferralCode(admin, { codeId: code.id })).toEqual({ revoked: true });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt).not.toBeNull();
    expect(await audits(code.id)).toBe(1);
  });

  test("a learner cannot revoke a code, and nothing changes", async () => {
    const learner = await actorFor((await createLearner()).id);
    const code = await createReferralCode({});
    await expect(revokeReferralCode(learner, { codeId: code.id })).rejects.toMatchObject({ reason: "permission.denied" });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt).toBeNull();
    expect(await audits(code.id)).toBe(0);
  });

  test("revoking a revoked code changes nothing and writes no audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const code = await createRevokedReferralCode();
    const before = (await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt;
    expect(await revokeReferralCode(admin, { codeId: code.id })).toEqual({ revoked: false });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt).toEqual(before);
    expect(await audits(code.id)).toBe(0);
  });

  test("two admins revoking one code at the same moment give one revocation", async () => {
    const [a, b] = await Promise.all([createAdmin(), createAdmin()]);
    const code = await createReferralCode({});
    const results = await Promise.all([
      revokeReferralCode(await actorFor(a.id), { codeId: code.id }),
      revokeReferralCode(await actorFor(b.id), { codeId: code.id }),
    ]);
    expect(results.filter((r) => r.revoked)).toHaveLength(1);
    expect(await audits(code.id)).toBe(1);
  });

  test("an unknown code is not found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(revokeReferralCode(admin, { codeId: "no-such-code" })).rejects.toMatchObject({ reason: "not_found" });
  });
});
