import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createApprovedEducator,
  createLearner,
  createLearnerWithoutEmail,
  createOrganisation,
  createSponsorMember,
} from "#tests/factories.ts";
import { issueResetCode } from "./issue-reset-code.server.ts";
import { getResetCodePage } from "./queries.server.ts";
import { RESET_CODE_TTL_MS, resetCodeHash } from "./recovery.server.ts";
import { actorFor } from "./session.server.ts";

const resetsOf = (userId: string) => prisma.passwordReset.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
const issued = (userId: string) => prisma.auditEvent.findMany({ where: { action: "password_reset.issued", entityId: userId } });

async function setting() {
  const admin = await createAdmin();
  const ngo = await createOrganisation({ kind: "ngo" });
  return { actor: await actorFor(admin.id), adminId: admin.id, ngoId: ngo.id };
}

describe("issueResetCode", () => {
  test("an admin issues a readable one-time code for a learner: hashed, 72 hours, audited with the NGO (never the code)", async () => {
    const { actor, adminId, ngoId } = await setting();
    const learner = await createLearnerWithoutEmail();
    const before = Date.now();
    const result = await issueResetCode(actor, { userId: learner.id, ngoId, confirm: "yes" });
    expect(result.code).toMatch(/^([A-Z2-9]{4}-){3}[A-Z2-9]{4}$/);
    expect(result.username).toBe(learner.username);
    const [row, ...more] = await resetsOf(learner.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ kind: "admin_code", usedAt: null, createdById: adminId, tokenHash: resetCodeHash(result.code) });
    expect(JSON.stringify(row)).not.toContain(result.code.replace(/-/g, ""));
    const ttl = row!.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(RESET_CODE_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(RESET_CODE_TTL_MS + 1000);
    const [audit, ...others] = await issued(learner.id);
    expect(others).toEqual([]);
    expect(audit).toMatchObject({ actorId: adminId, data: { ngoId } });
    expect(JSON.stringify(audit)).not.toContain(result.code);
    const page = await getResetCodePage(actor, learner.id);
    expect(page.openCodeExpiresAt).toEqual(row!.expiresAt);
  });

  test("without the admin's confirmation it only asks (428, with the names to show), and writes nothing", async () => {
    const { actor, ngoId } = await setting();
    const learner = await createLearnerWithoutEmail({ displayName: "Quiet Heron" });
    const ngo = await prisma.organisation.findUniqueOrThrow({ where: { id: ngoId }, select: { name: true } });
    await expect(issueResetCode(actor, { userId: learner.id, ngoId })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { name: "Quiet Heron", ngo: ngo.name },
    });
    expect(await resetsOf(learner.id)).toEqual([]);
    expect(await issued(learner.id)).toEqual([]);
  });

  test("a new code revokes the account's earlier open code", async () => {
    const { actor, ngoId } = await setting();
    const learner = await createLearnerWithoutEmail();
    await issueResetCode(actor, { userId: learner.id, ngoId, confirm: "yes" });
    await issueResetCode(actor, { userId: learner.id, ngoId, confirm: "yes" });
    const [first, second] = await resetsOf(learner.id);
    expect(first!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(second!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await issued(learner.id)).toHaveLength(2);
  });

  test("only admins may issue one; nothing is written otherwise", async () => {
    const { ngoId } = await setting();
    const learner = await createLearnerWithoutEmail();
    for (const who of [await createLearner(), await createApprovedEducator(), await createSponsorMember()]) {
      await expect(issueResetCode(await actorFor(who.id), { userId: learner.id, ngoId, confirm: "yes" })).rejects.toMatchObject({
        reason: "permission.denied",
        status: 403,
      });
      await expect(getResetCodePage(await actorFor(who.id), learner.id)).rejects.toMatchObject({ reason: "permission.denied" });
    }
    expect(await resetsOf(learner.id)).toEqual([]);
    expect(await issued(learner.id)).toEqual([]);
  });

  test("learner accounts only: staff and partners recover by email", async () => {
    const { actor, ngoId } = await setting();
    for (const who of [await createApprovedEducator(), await createAdmin(), await createSponsorMember()]) {
      await expect(issueResetCode(actor, { userId: who.id, ngoId, confirm: "yes" })).rejects.toMatchObject({
        reason: "reset_code.learners_only",
      });
      expect(await resetsOf(who.id)).toEqual([]);
      expect((await getResetCodePage(actor, who.id)).eligible).toBe(false);
    }
  });

  test("an unknown account is a 404; a suspended one is refused", async () => {
    const { actor, ngoId } = await setting();
    await expect(issueResetCode(actor, { userId: "no-such-user", ngoId, confirm: "yes" })).rejects.toMatchObject({
      reason: "not_found",
    });
    const learner = await createLearnerWithoutEmail();
    await prisma.user.update({ where: { id: learner.id }, data: { status: "suspended" } });
    await expect(issueResetCode(actor, { userId: learner.id, ngoId, confirm: "yes" })).rejects.toMatchObject({
      reason: "account.suspended",
    });
    expect(await resetsOf(learner.id)).toEqual([]);
  });

  test("the requesting organisation must be a partner NGO", async () => {
    const { actor } = await setting();
    const learner = await createLearnerWithoutEmail();
    const sponsor = await createOrganisation({ kind: "sponsor" });
    for (const ngoId of [sponsor.id, "no-such-org"]) {
      await expect(issueResetCode(actor, { userId: learner.id, ngoId, confirm: "yes" })).rejects.toMatchObject({
        reason: "reset_code.ngo_invalid",
        field: "ngoId",
      });
    }
    expect(await resetsOf(learner.id)).toEqual([]);
    expect(await issued(learner.id)).toEqual([]);
  });

  test("two admins at the same moment: one open code", async () => {
    const { actor, ngoId } = await setting();
    const learner = await createLearnerWithoutEmail();
    await Promise.all([
      issueResetCode(actor, { userId: learner.id, ngoId, confirm: "yes" }),
      issueResetCode(actor, { userId: learner.id, ngoId, confirm: "yes" }),
    ]);
    const open = (await resetsOf(learner.id)).filter((r) => r.expiresAt.getTime() > Date.now());
    expect(open).toHaveLength(1);
  });
});
