import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { issuedCredential, statusListLedger, unexplainedBumps } from "#tests/credential-issuance-fixtures.ts";
import { createAdmin, createApprovedEducator, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { WALLET_PATH } from "./issue-credential.server.ts";
import { revokeCredential } from "./revoke-credential.server.ts";

const REASON = "Issued to the wrong cohort by mistake";

const revocation = (credentialId: string) =>
  prisma.credential.findUniqueOrThrow({
    where: { id: credentialId },
    select: { revokedAt: true, revokedById: true, revocationReason: true },
  });
const audits = (credentialId: string) =>
  prisma.auditEvent.findMany({ where: { action: "credential.revoked", entityId: credentialId } });
const walletNotices = (userId: string) => prisma.inAppNotice.count({ where: { userId, path: WALLET_PATH } });
const admin = async () => actorFor((await createAdmin()).id);

/** Nothing of a revocation was written: the credential, its audit rows, its list and the learner's notices. */
async function expectUnchanged(
  c: Awaited<ReturnType<typeof issuedCredential>>,
  before: Awaited<ReturnType<typeof statusListLedger>>,
) {
  expect(await revocation(c.credentialId)).toEqual({ revokedAt: null, revokedById: null, revocationReason: null });
  expect(await audits(c.credentialId)).toHaveLength(0);
  expect(unexplainedBumps(before, await statusListLedger(c.credential.statusListId))).toBe(0);
  // The one notice is the issuance's.
  expect(await walletNotices(c.learner.id)).toBe(1);
}

describe("revokeCredential", () => {
  test("a learner (its own holder included), an educator, a sponsor and a verifier are refused, and nothing changes", async () => {
    const c = await issuedCredential();
    const before = await statusListLedger(c.credential.statusListId);
    const actors = [
      await actorFor(c.learner.id),
      await actorFor((await createApprovedEducator()).id),
      await actorFor((await createSponsorMember()).id),
      await actorFor((await createVerifier()).id),
    ];
    for (const actor of actors) {
      for (const confirm of ["yes", undefined] as const) {
        await expect(revokeCredential(actor, { credentialId: c.credentialId, reason: REASON, confirm })).rejects.toMatchObject({
          reason: "permission.denied",
          status: 403,
        });
      }
    }
    await expectUnchanged(c, before);
  });

  test("an unknown credential is not found", async () => {
    await expect(
      revokeCredential(await admin(), { credentialId: "00000000-0000-4000-8000-000000000000", reason: REASON, confirm: "yes" }),
    ).rejects.toMatchObject({ reason: "not_found", status: 404 });
  });

  test("without the confirmation it is refused (428, naming the course) and nothing is written", async () => {
    const c = await issuedCredential();
    const before = await statusListLedger(c.credential.statusListId);
    await expect(revokeCredential(await admin(), { credentialId: c.credentialId, reason: REASON })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { course: c.course.slug },
    });
    await expectUnchanged(c, before);
  });

  test("confirmed: revoked with its reason, audited with the reason, its list bumped once, the learner told", async () => {
    const c = await issuedCredential();
    const actor = await admin();
    const before = await statusListLedger(c.credential.statusListId);
    const result = await revokeCredential(actor, { credentialId: c.credentialId, reason: REASON, confirm: "yes" });
    expect(result).toEqual({ credentialId: c.credentialId, revokedAt: expect.any(Date) });
    expect(await revocation(c.credentialId)).toEqual({
      revokedAt: result.revokedAt,
      revokedById: actor.id,
      revocationReason: REASON,
    });
    const rows = await audits(c.credentialId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: actor.id, entityType: "credential", data: { reason: REASON } });
    const after = await statusListLedger(c.credential.statusListId);
    expect(after.revoked - before.revoked).toBeGreaterThanOrEqual(1);
    expect(after.version).toBeGreaterThan(before.version);
    expect(unexplainedBumps(before, after)).toBe(0);
    expect(await walletNotices(c.learner.id)).toBe(2);
  });

  test("a second revocation is refused (409) and changes nothing", async () => {
    const c = await issuedCredential();
    const actor = await admin();
    await revokeCredential(actor, { credentialId: c.credentialId, reason: REASON, confirm: "yes" });
    const first = await revocation(c.credentialId);
    const before = await statusListLedger(c.credential.statusListId);
    for (const confirm of ["yes", undefined] as const) {
      await expect(
        revokeCredential(await admin(), { credentialId: c.credentialId, reason: "Another reason", confirm }),
      ).rejects.toMatchObject({ reason: "credential.already_revoked", status: 409 });
    }
    expect(await revocation(c.credentialId)).toEqual(first);
    expect(await audits(c.credentialId)).toHaveLength(1);
    expect(unexplainedBumps(before, await statusListLedger(c.credential.statusListId))).toBe(0);
    expect(await walletNotices(c.learner.id)).toBe(2);
  });

  // On PostgreSQL the two really overlap (the credential's row lock makes them take turns); on PGlite they
  // are serialised. Either way: one revocation, one audit row, one bump of the list.
  test("two admins revoking at the same moment: one succeeds, the other is told it is already revoked", async () => {
    const c = await issuedCredential();
    const [a, b] = [await admin(), await admin()];
    const before = await statusListLedger(c.credential.statusListId);
    const results = await Promise.allSettled([
      revokeCredential(a, { credentialId: c.credentialId, reason: "Reason of the first admin", confirm: "yes" }),
      revokeCredential(b, { credentialId: c.credentialId, reason: "Reason of the second admin", confirm: "yes" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ reason: "credential.already_revoked" });
    const rows = await audits(c.credentialId);
    expect(rows).toHaveLength(1);
    // The reason kept is the winner's, in the row and in its audit row.
    const kept = await revocation(c.credentialId);
    expect(kept.revocationReason).toBe((rows[0]!.data as { reason: string }).reason);
    expect(kept.revokedById).toBe(rows[0]!.actorId);
    const after = await statusListLedger(c.credential.statusListId);
    expect(after.version).toBeGreaterThan(before.version);
    expect(unexplainedBumps(before, after)).toBe(0);
    expect(await walletNotices(c.learner.id)).toBe(2);
  });
});
