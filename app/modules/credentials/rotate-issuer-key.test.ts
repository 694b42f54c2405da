// The issuer and its keys are one for the whole database. On a shared PostgreSQL database other test files
// may rotate at the same moment, so these tests check what holds whatever else happens (one current key, a
// rotation's own keys and audit rows), and "signed by the new key" as "by it or by a key made after it".
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { issuedCredential } from "#tests/credential-issuance-fixtures.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { ensureIssuer, ISSUER_ID, issuerDid } from "./issuer.server.ts";
import { rotateIssuerKey } from "./rotate-issuer-key.server.ts";
import { getStatusListCredential } from "./status-lists.server.ts";

const admin = async () => actorFor((await createAdmin()).id);
const rotationsBy = (actorId: string) => prisma.auditEvent.count({ where: { action: "issuer_key.rotated", actorId } });
const currentKeys = () => prisma.issuerKey.findMany({ where: { status: "current" }, select: { id: true } });
const key = (id: string) => prisma.issuerKey.findUniqueOrThrow({ where: { id } });
/** The key itself and every key made after it. */
async function keysFrom(id: string) {
  const { createdAt } = await key(id);
  return (await prisma.issuerKey.findMany({ where: { createdAt: { gte: createdAt } }, select: { id: true } })).map((k) => k.id);
}

describe("rotateIssuerKey", () => {
  test("a learner, an educator, a sponsor and a verifier are refused, confirmed or not, and nothing is rotated", async () => {
    await ensureIssuer();
    const actors = [
      await actorFor((await createLearner()).id),
      await actorFor((await createApprovedEducator()).id),
      await actorFor((await createSponsorMember()).id),
      await actorFor((await createVerifier()).id),
    ];
    for (const actor of actors) {
      for (const confirm of ["yes", undefined] as const) {
        await expect(rotateIssuerKey(actor, { confirm })).rejects.toMatchObject({ reason: "permission.denied", status: 403 });
      }
      expect(await rotationsBy(actor.id)).toBe(0);
    }
  });

  test("without the confirmation it is refused (428): the current key stays, no key is made, nothing is audited", async () => {
    await ensureIssuer();
    const actor = await admin();
    const { currentKeyId } = await prisma.issuer.findUniqueOrThrow({ where: { id: ISSUER_ID } });
    await expect(rotateIssuerKey(actor, {})).rejects.toMatchObject({ reason: "confirmation.required", status: 428 });
    expect(await rotationsBy(actor.id)).toBe(0);
    expect((await key(currentKeyId!)).status).toBe("current");
  });

  test("confirmed: one current key, the old one retired, new credentials and status lists signed by the new key", async () => {
    const before = await issuedCredential();
    const actor = await admin();
    const result = await rotateIssuerKey(actor, { confirm: "yes" });
    expect(result.keyId).not.toBe(result.retiredKeyId);
    expect(result.retiredKeyId).toEqual(expect.any(String));

    const [current, ...more] = await currentKeys();
    expect(more).toHaveLength(0);
    expect((await prisma.issuer.findUniqueOrThrow({ where: { id: ISSUER_ID } })).currentKeyId).toBe(current!.id);
    expect(await keysFrom(result.keyId)).toContain(current!.id);
    const retired = await key(result.retiredKeyId!);
    expect(retired.status).toBe("retired");
    expect(retired.retiredAt).toBeInstanceOf(Date);
    expect(retired.compromisedAt).toBeNull();
    // The credential signed before keeps its key.
    expect((await prisma.credential.findUniqueOrThrow({ where: { id: before.credentialId } })).keyId).not.toBe(result.keyId);

    const after = await issuedCredential();
    expect(after.credential.keyId).not.toBe(result.retiredKeyId);
    expect(await keysFrom(result.keyId)).toContain(after.credential.keyId);
    const signer = await key(after.credential.keyId);
    const proof = (after.credential.document as { proof: Array<{ verificationMethod: string }> }).proof;
    expect(proof[0]!.verificationMethod).toBe(`${issuerDid()}#${signer.fragment}`);

    // The status list is signed afresh with the new key (this process forgot the list it had signed).
    const list = await getStatusListCredential(after.credential.statusListId);
    const listProof = (list!.document as { proof: Array<{ verificationMethod: string }> }).proof;
    const listSigner = listProof[0]!.verificationMethod.split("#")[1];
    const newKeys = await prisma.issuerKey.findMany({
      where: { id: { in: await keysFrom(result.keyId) } },
      select: { fragment: true },
    });
    expect(newKeys.map((k) => k.fragment)).toContain(listSigner);

    const audit = await prisma.auditEvent.findMany({ where: { action: "issuer_key.rotated", actorId: actor.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "issuer-key", entityId: result.keyId, data: { retired: result.retiredKeyId } });
  });

  // On PostgreSQL the two really overlap (the Issuer row lock makes them take turns); on PGlite they are
  // serialised. Either way: two new keys one after the other, never two current ones.
  test("two rotations at the same moment: two new keys, one after the other, and one current key", async () => {
    await ensureIssuer();
    const [a, b] = [await admin(), await admin()];
    const [first, second] = await Promise.all([rotateIssuerKey(a, { confirm: "yes" }), rotateIssuerKey(b, { confirm: "yes" })]);
    expect(first.keyId).not.toBe(second.keyId);
    // The later one retired the earlier one's key.
    expect(first.retiredKeyId === second.keyId || second.retiredKeyId === first.keyId).toBe(true);
    expect(await currentKeys()).toHaveLength(1);
    const earlier = second.retiredKeyId === first.keyId ? first : second;
    expect((await key(earlier.keyId)).status).toBe("retired");
    expect(await rotationsBy(a.id)).toBe(1);
    expect(await rotationsBy(b.id)).toBe(1);
  });
});
