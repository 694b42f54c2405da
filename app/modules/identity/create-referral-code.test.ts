import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createAdmin, createEducatorApplicant, createLearner, createOrganisation } from "#tests/factories.ts";
import { createReferralCode } from "./create-referral-code.server.ts";
import { referralCodeHash } from "./crypto.server.ts";
import { actorFor } from "./session.server.ts";

const input = (ngoId: string, label: string) => ({ ngoId, label, maxUses: 3, expiresInDays: 10 });

describe("createReferralCode", () => {
  test("an admin makes a code for an NGO: shown once, stored as a hash, audited without the code", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const ngo = await createOrganisation({ kind: "ngo" });
    const { id, code, signupLink } = await createReferralCode(admin, input(ngo.id, "Spring outreach"));
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // The link is absolute (APP_ORIGIN), ready to hand over: never a bare /signup path.
    expect(signupLink).toBe(new URL(`/signup?code=${code}`, getEnv().APP_ORIGIN).toString());
    expect(signupLink).toMatch(/^https?:\/\/[^/]+\/signup\?code=[A-Z2-9-]+$/);
    const row = await prisma.referralCode.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ ngoId: ngo.id, codeHash: referralCodeHash(code), maxUses: 3, uses: 0, createdById: admin.id });
    const audit = await prisma.auditEvent.findMany({ where: { entityId: id } });
    expect(audit.map((a) => a.action)).toEqual(["referral_code.created"]);
    expect(JSON.stringify(audit)).not.toContain(code.replace(/-/g, ""));
  });

  test.each(["learner", "educator"] as const)("a %s cannot make a code, and nothing is written", async (who) => {
    const user = who === "learner" ? await createLearner() : await createEducatorApplicant();
    const ngo = await createOrganisation({ kind: "ngo" });
    const label = `Refused ${who} ${Date.now()}`;
    await expect(createReferralCode(await actorFor(user.id), input(ngo.id, label))).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await prisma.referralCode.count({ where: { label } })).toBe(0);
  });

  test("a sponsor organisation or an unknown one is refused on the NGO field, and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const sponsor = await createOrganisation({ kind: "sponsor" });
    const label = `Not an NGO ${Date.now()}`;
    for (const ngoId of [sponsor.id, "no-such-ngo"]) {
      await expect(createReferralCode(admin, input(ngoId, label))).rejects.toMatchObject({
        reason: "referral_code.ngo_required",
        field: "ngoId",
        status: 400,
      });
    }
    expect(await prisma.referralCode.count({ where: { label } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "referral_code.created", actorId: admin.id } })).toBe(0);
  });
});
