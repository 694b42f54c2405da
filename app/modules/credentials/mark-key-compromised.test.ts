// The issuer and its keys are one for the whole database; on a shared PostgreSQL database other test files
// may rotate or compromise keys at the same moment. Each test works on a key it just made current (or
// retired), and checks status lists through statusListLedger, which holds whatever else happens.
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { issuedCredential, statusListLedger, unexplainedBumps } from "#tests/credential-issuance-fixtures.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { ISSUER_ID } from "./issuer.server.ts";
import { markKeyCompromised } from "./mark-key-compromised.server.ts";
import { rotateIssuerKey } from "./rotate-issuer-key.server.ts";

const admin = async () => actorFor((await createAdmin()).id);
const key = (id: string) => prisma.issuerKey.findUniqueOrThrow({ where: { id } });
const compromisesOf = (keyId: string) =>
  prisma.auditEvent.count({ where: { action: "issuer_key.compromised", entityId: keyId } });
const anHourAgo = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000);

/** A key that was current a moment ago and is now retired (a rotation by a new admin). */
async function retiredKey() {
  const { retiredKeyId } = await rotateIssuerKey(await admin(), { confirm: "yes" });
  return retiredKeyId!;
}

describe("markKeyCompromised", () => {
  test("a learner, an educator, a sponsor and a verifier are refused, confirmed or not, and the key stays as it was", async () => {
    const keyId = await retiredKey();
    const before = await key(keyId);
    const actors = [
      await actorFor((await createLearner()).id),
      await actorFor((await createApprovedEducator()).id),
      await actorFor((await createSponsorMember()).id),
      await actorFor((await createVerifier()).id),
    ];
    for (const actor of actors) {
      for (const confirm of ["yes", undefined] as const) {
        await expect(markKeyCompromised(actor, { keyId, compromisedAt: anHourAgo(), confirm })).rejects.toMatchObject({
          reason: "permission.denied",
          status: 403,
        });
      }
    }
    expect(await key(keyId)).toEqual(before);
    expect(await compromisesOf(keyId)).toBe(0);
  });

  test("an unknown key is not found", async () => {
    await expect(
      markKeyCompromised(await admin(), { keyId: "c_no_such_key_000000000", compromisedAt: anHourAgo(), confirm: "yes" }),
    ).rejects.toMatchObject({ reason: "not_found", status: 404 });
  });

  test("a moment in the future is refused on the field, and nothing changes", async () => {
    const keyId = await retiredKey();
    const before = await key(keyId);
    for (const confirm of ["yes", undefined] as const) {
      await expect(
        markKeyCompromised(await admin(), { keyId, compromisedAt: new Date(Date.now() + 3_600_000), confirm }),
      ).rejects.toMatchObject({ reason: "issuer_key.compromise_date_invalid", status: 400, field: "compromisedAt" });
    }
    expect(await key(keyId)).toEqual(before);
    expect(await compromisesOf(keyId)).toBe(0);
  });

  test("without the confirmation it is refused (428) and nothing changes", async () => {
    const c = await issuedCredential();
    const keyId = await retiredKey();
    const before = await key(keyId);
    const ledger = await statusListLedger(c.credential.statusListId);
    await expect(markKeyCompromised(await admin(), { keyId, compromisedAt: anHourAgo() })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
    });
    expect(await key(keyId)).toEqual(before);
    expect(await compromisesOf(keyId)).toBe(0);
    expect(unexplainedBumps(ledger, await statusListLedger(c.credential.statusListId))).toBe(0);
  });

  test("the current key compromised: a new current key replaces it, and every status list is bumped", async () => {
    const c = await issuedCredential();
    const actor = await admin();
    const { keyId } = await rotateIssuerKey(actor, { confirm: "yes" });
    const lists = await prisma.statusList.findMany({ select: { id: true, version: true } });
    const ledger = await statusListLedger(c.credential.statusListId);
    const compromisedAt = anHourAgo();

    const result = await markKeyCompromised(actor, { keyId, compromisedAt, confirm: "yes" });
    expect(result.keyId).toBe(keyId);
    expect(result.replacementKeyId).toEqual(expect.any(String));
    expect(await key(keyId)).toMatchObject({ status: "compromised", compromisedAt });
    const issuer = await prisma.issuer.findUniqueOrThrow({ where: { id: ISSUER_ID } });
    expect(issuer.currentKeyId).toBe(result.replacementKeyId);
    expect(await key(result.replacementKeyId!)).toMatchObject({ status: "current", compromisedAt: null });
    expect(await prisma.issuerKey.count({ where: { status: "current" } })).toBe(1);

    // Every list is signed again with the new key: each one's version grew, and the credential's list by
    // exactly what revocations and compromises account for (this compromise among them).
    const versions = new Map(
      (await prisma.statusList.findMany({ select: { id: true, version: true } })).map((l) => [l.id, l.version]),
    );
    for (const list of lists) expect(versions.get(list.id)).toBeGreaterThan(list.version);
    const after = await statusListLedger(c.credential.statusListId);
    expect(after.compromises - ledger.compromises).toBeGreaterThanOrEqual(1);
    expect(unexplainedBumps(ledger, after)).toBe(0);

    const audit = await prisma.auditEvent.findMany({ where: { action: "issuer_key.compromised", entityId: keyId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: actor.id,
      entityType: "issuer-key",
      data: { compromisedAt: compromisedAt.toISOString(), replacement: result.replacementKeyId },
    });

    // New credentials are signed by the replacement (or a key made after it), never by the compromised key.
    const next = await issuedCredential();
    expect(next.credential.keyId).not.toBe(keyId);
  });

  test("a retired key compromised: no replacement, the current key stays current", async () => {
    const keyId = await retiredKey();
    const { currentKeyId } = await prisma.issuer.findUniqueOrThrow({ where: { id: ISSUER_ID } });
    const result = await markKeyCompromised(await admin(), { keyId, compromisedAt: anHourAgo(), confirm: "yes" });
    expect(result).toEqual({ keyId, replacementKeyId: null });
    expect(await key(keyId)).toMatchObject({ status: "compromised", retiredAt: expect.any(Date) });
    expect((await key(currentKeyId!)).status).toBe("current");
  });

  test("a second mark is refused (409) and changes nothing", async () => {
    const keyId = await retiredKey();
    const compromisedAt = anHourAgo();
    await markKeyCompromised(await admin(), { keyId, compromisedAt, confirm: "yes" });
    const before = await key(keyId);
    for (const confirm of ["yes", undefined] as const) {
      await expect(
        markKeyCompromised(await admin(), { keyId, compromisedAt: new Date(compromisedAt.getTime() - 86_400_000), confirm }),
      ).rejects.toMatchObject({ reason: "issuer_key.already_compromised", status: 409 });
    }
    expect(await key(keyId)).toEqual(before);
    expect(await compromisesOf(keyId)).toBe(1);
  });
});

describe("after a compromise, the key's credentials are signed again", () => {
  test("by the job it queued: each verifies again with the current key; the old copy fails; run twice, once", async () => {
    const { verifyOnline } = await import("./verify-online.server.ts");
    const { drainJobs } = await import("#app/utils/jobs.server.ts");
    const { reissueCredentialsOfKey } = await import("./reissue-credentials.server.ts");
    const actor = await admin();
    const { keyId } = await rotateIssuerKey(actor, { confirm: "yes" });
    const c = await issuedCredential();
    expect(c.credential.keyId).toBe(keyId);
    const before = c.credential.document;
    expect((await verifyOnline(before)).verified).toBe(true);

    await markKeyCompromised(actor, { keyId, compromisedAt: anHourAgo(), confirm: "yes" });
    // Signed after the compromise date: the old copy fails on its key.
    const old = await verifyOnline(before);
    expect(old.verified).toBe(false);
    expect(old.checks.find((x) => x.outcome === "fail")).toMatchObject({ check: "issuer_key", reason: "key_compromised" });

    await drainJobs();
    const row = await prisma.credential.findUniqueOrThrow({ where: { id: c.credentialId } });
    expect(row.keyId).not.toBe(keyId);
    const { proof: newProof, ...content } = row.document as Record<string, unknown>;
    const { proof: oldProof, ...oldContent } = before as Record<string, unknown>;
    expect(content).toEqual(oldContent);
    expect(newProof).not.toEqual(oldProof);
    expect((await verifyOnline(row.document)).verified).toBe(true);
    expect(await prisma.auditEvent.count({ where: { action: "credential.reissued", entityId: c.credentialId } })).toBe(1);
    // Again (a job delivered twice): nothing left to re-sign.
    expect(await reissueCredentialsOfKey(keyId)).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "credential.reissued", entityId: c.credentialId } })).toBe(1);
  });
});
