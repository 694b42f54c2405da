import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner } from "#tests/factories.ts";
import { createIssuedCredential, revokeCredentialRow, setLegalNameRow, strangers } from "#tests/credential-fixtures.ts";
import { exportTranscript, TRANSCRIPT_NAME } from "./export-transcript.server.ts";
import { verifyCredential } from "./verify-credential.server.ts";
import { onlineContext } from "./verify-online.server.ts";

type Clr = {
  "@context": string[];
  type: string[];
  name: string;
  issuer: { id: string };
  credentialSubject: { id: string; type: string[]; verifiableCredential: Array<{ id: string; proof: unknown[] }> };
  proof: Array<{ type: string; cryptosuite: string; proofPurpose: string }>;
};
const exports = (userId: string) => prisma.auditEvent.findMany({ where: { action: "transcript.exported", actorId: userId } });

describe("exporting the transcript (CLR 2.0)", () => {
  test("a signed ClrCredential bundling the learner's valid credentials as issued, with no name; it verifies", async () => {
    const learner = await createLearner({ displayName: "Nadia Pseudonym" });
    await setLegalNameRow(learner.id, "Amina Example", true);
    const first = await createIssuedCredential({ learnerId: learner.id });
    const second = await createIssuedCredential({ learnerId: learner.id, finalGrade: 72 });
    const revoked = await createIssuedCredential({ learnerId: learner.id });
    await revokeCredentialRow(revoked.credentialId);
    const someoneElse = await createIssuedCredential();

    const actor = await actorFor(learner.id);
    const { document, credentialIds, filename } = await exportTranscript(actor);
    const clr = document as unknown as Clr;
    expect(clr.type).toEqual(["VerifiableCredential", "ClrCredential"]);
    expect(clr["@context"][0]).toBe("https://www.w3.org/ns/credentials/v2");
    expect(clr.name).toBe(TRANSCRIPT_NAME);
    expect(clr.credentialSubject.type).toEqual(["ClrSubject"]);
    expect(clr.credentialSubject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(clr.proof).toHaveLength(1);
    expect(clr.proof[0]).toMatchObject({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-rdfc-2022",
      proofPurpose: "assertionMethod",
    });
    expect(filename).toBe("transcript-clr.json");

    // The valid ones, oldest first, each exactly as issued (its own proof kept); not the revoked one, not another's.
    expect(credentialIds).toEqual([first.credentialId, second.credentialId]);
    expect(clr.credentialSubject.verifiableCredential).toEqual([first.credential.document, second.credential.document]);
    for (const part of clr.credentialSubject.verifiableCredential) expect(part.proof).toHaveLength(1);
    const json = JSON.stringify(clr);
    expect(json).not.toContain(revoked.credentialId);
    expect(json).not.toContain(someoneElse.credentialId);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: learner.id } });
    for (const secret of ["Nadia", "Amina", user.username, learner.id, learner.email]) expect(json).not.toContain(secret);

    // It verifies with the one verification function, itself and each bundled credential.
    const report = await verifyCredential(clr, onlineContext());
    expect(report.checks.filter((c) => c.outcome !== "pass")).toEqual([]);
    expect(report.verified).toBe(true);
    expect(report.summary?.type).toBe("ClrCredential");
    expect(report.summary?.parts?.map((p) => p.verified)).toEqual([true, true]);

    // Each export is a new document about a new, unlinkable subject.
    const again = (await exportTranscript(actor)).document as unknown as Clr;
    expect(again.credentialSubject.id).not.toBe(clr.credentialSubject.id);
    const audit = await exports(learner.id);
    expect(audit).toHaveLength(2);
    expect(audit[0]!.data).toEqual({ count: 2 });
  });

  test("a tampered bundled credential or a changed CLR does not verify", async () => {
    const f = await createIssuedCredential();
    const clr = (await exportTranscript(await actorFor(f.learnerId))).document as unknown as Clr & Record<string, unknown>;
    const renamed = structuredClone(clr);
    renamed.name = "Someone else's transcript";
    expect((await verifyCredential(renamed, onlineContext())).verified).toBe(false);
    const inflated = structuredClone(clr) as unknown as {
      credentialSubject: { verifiableCredential: Array<{ credentialSubject: { creditsEarned: number } }> };
    };
    inflated.credentialSubject.verifiableCredential[0]!.credentialSubject.creditsEarned = 60;
    expect((await verifyCredential(inflated, onlineContext())).verified).toBe(false);
  });

  test("nothing to bundle: transcript.empty (409), nothing audited; staff roles are refused", async () => {
    const learner = await createLearner();
    const actor = await actorFor(learner.id);
    await expect(exportTranscript(actor)).rejects.toMatchObject({ reason: "transcript.empty", status: 409 });
    const only = await createIssuedCredential({ learnerId: learner.id });
    await revokeCredentialRow(only.credentialId);
    await expect(exportTranscript(actor)).rejects.toMatchObject({ reason: "transcript.empty" });
    expect(await exports(learner.id)).toHaveLength(0);

    const s = await strangers();
    for (const who of [s.admin, s.sponsor, s.educator, s.verifier]) {
      await expect(exportTranscript(who)).rejects.toMatchObject({ reason: "permission.denied", status: 403 });
    }
  });
});
