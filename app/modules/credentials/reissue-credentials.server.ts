// Re-issuing after a key compromise (ADR 026): every credential the compromised key signed is signed again
// with the current key, so that it verifies everywhere again (verifiers that read only our DID document
// refuse everything a compromised key signed). Run by the `credentials.reissue` job that markKeyCompromised
// queues in its own transaction.
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { lockRow, prisma, type Prisma } from "#app/utils/db.server.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { WALLET_PATH } from "./issue-credential.server.ts";
import { getSigningKey, holdIssuer } from "./issuer.server.ts";
import { signCredential } from "./vc/sign.server.ts";

const BATCH = 50;

/**
 * A system operation. Each credential in its own transaction, under its row lock, and only while it is
 * still signed by `keyId`: run twice, or by two workers, each credential is re-signed once. The document
 * keeps its content (id, dates, subject, status entry); only the proof is new. Revoked credentials are
 * re-signed too, so that their status still reads revoked rather than a broken signature. The learner
 * gets a neutral notice (their downloaded copy no longer verifies everywhere).
 */
export async function reissueCredentialsOfKey(keyId: string): Promise<number> {
  let reissued = 0;
  for (;;) {
    const batch = await prisma.credential.findMany({
      where: { keyId },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true },
    });
    if (batch.length === 0) return reissued;
    for (const { id } of batch) {
      const done = await prisma.$transaction(async (tx) => {
        await holdIssuer(tx);
        await lockRow(tx, "Credential", id);
        const row = await tx.credential.findUniqueOrThrow({
          where: { id },
          select: { keyId: true, document: true, learnerId: true },
        });
        if (row.keyId !== keyId) return false;
        const key = await getSigningKey(tx);
        const { proof: _old, ...unsigned } = row.document as Record<string, unknown>;
        const document = await signCredential(unsigned, key);
        await tx.credential.update({
          where: { id },
          data: { document: document as Prisma.InputJsonObject, keyId: key.keyId },
          select: { id: true },
        });
        await recordAudit(tx, {
          actorId: null,
          action: "credential.reissued",
          entityType: "credential",
          entityId: id,
          data: { keyId: key.keyId, replaces: keyId },
        });
        if (row.learnerId) await notify(tx, row.learnerId, WALLET_PATH);
        return true;
      });
      if (done) reissued++;
    }
  }
}
