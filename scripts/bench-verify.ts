// Part of `npm run bench` (issue 9, item 10): the speed of verifying a credential against the raw cost of
// what its proof needs, side by side in one process and one run. The credential is issued for real
// (issueCredential on a completed enrolment of the bench database); its status list is cached after the
// first verification, as it is on a running server.
//   raw:  RDF Dataset Canonicalization (RDFC-1.0) of the credential without its proof, SHA-256, and one
//         Ed25519 verify of its real signature;
//   full: verifyOnline(credential): schema, proof, issuer key, status (the list cached), validity.
// Rounds alternate the two, so a busy moment of the machine falls on both; each figure is a median.
import { createHash } from "node:crypto";
import jsonld from "jsonld";
import { base58btc } from "./bench-multibase.ts";

export type VerifyBench = { rawPerSecond: number; fullPerSecond: number; share: number };

type Json = Record<string, unknown>;

export async function benchVerification(options: {
  enrolmentId: string;
  rounds?: number;
  iterations?: number;
}): Promise<VerifyBench> {
  const { prisma } = await import("#app/utils/db.server.ts");
  const { issueCredential } = await import("#app/modules/credentials/issue-credential.server.ts");
  const { verifyOnline } = await import("#app/modules/credentials/verify-online.server.ts");
  const { staticDocumentLoader } = await import("#app/modules/credentials/vc/document-loader.server.ts");
  const { getDidDocument } = await import("#app/modules/credentials/public-documents.server.ts");
  const { keyPairFrom } = await import("#app/modules/credentials/vc/keys.server.ts");
  const { startJobs, stopJobs } = await import("#app/utils/jobs.server.ts");
  const { JOB_WORKERS } = await import("#app/utils/job-workers.server.ts");
  // Issuance queues the learner's notice: the queue is prepared, nothing is worked.
  await startJobs({ registry: JOB_WORKERS, work: false });

  await prisma.enrolment.update({
    where: { id: options.enrolmentId },
    data: { status: "completed", completedAt: new Date(), finalGrade: 91.5, creditsAwarded: 5, creditUnit: "ECTS" },
    select: { id: true },
  });
  const { credentialId } = await issueCredential(options.enrolmentId);
  await stopJobs();
  if (!credentialId) throw new Error("bench: the credential was not issued");
  const { document } = await prisma.credential.findUniqueOrThrow({ where: { id: credentialId }, select: { document: true } });
  const credential = document as Json;

  // What the raw measure needs, prepared once: the document without its proof, the proof's hash data
  // (SHA-256 of the canonical proof options), the signature and the public key.
  const [proof] = credential.proof as Json[];
  const { proof: _proof, ...unsignedDoc } = credential;
  const { proofValue, ...proofOptions } = proof!;
  const canon = (doc: object) =>
    jsonld.canonize(doc, {
      algorithm: "RDFC-1.0",
      format: "application/n-quads",
      documentLoader: staticDocumentLoader,
      safe: true,
    });
  const sha = (text: string) => createHash("sha256").update(text).digest();
  const proofHash = sha(await canon({ ...proofOptions, "@context": unsignedDoc["@context"] }));
  const did = (await getDidDocument()).document as { verificationMethod: Json[] };
  const method = did.verificationMethod.find((m) => m.id === proof!.verificationMethod)!;
  const key = await keyPairFrom({
    id: String(method.id),
    controller: String(method.controller),
    publicKeyMultibase: String(method.publicKeyMultibase),
  });
  const verifier = key.verifier();
  const signature = base58btc(String(proofValue));

  async function raw() {
    const docHash = sha(await canon(unsignedDoc));
    const ok = await verifier.verify({ data: new Uint8Array(Buffer.concat([proofHash, docHash])), signature });
    if (!ok) throw new Error("bench: the raw signature check failed");
  }
  async function full() {
    const report = await verifyOnline(credential);
    if (!report.verified) throw new Error(`bench: the credential did not verify: ${JSON.stringify(report.checks)}`);
  }

  const rounds = options.rounds ?? 5;
  const iterations = options.iterations ?? 40;
  // Warm up both (V8, the status list's signature check, the DID document).
  for (let i = 0; i < 10; i++) {
    await raw();
    await full();
  }
  const rates = { raw: [] as number[], full: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of [
      ["raw", raw],
      ["full", full],
    ] as const) {
      const t0 = performance.now();
      for (let i = 0; i < iterations; i++) await fn();
      rates[name].push((iterations * 1000) / (performance.now() - t0));
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const rawPerSecond = median(rates.raw);
  const fullPerSecond = median(rates.full);
  return { rawPerSecond, fullPerSecond, share: fullPerSecond / rawPerSecond };
}
