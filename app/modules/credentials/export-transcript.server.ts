import { randomUUID } from "node:crypto";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { getIssuerProfile, getSigningKey } from "./issuer.server.ts";
import { buildClrCredential, randomSubjectId } from "./vc/open-badge.ts";
import { signCredential } from "./vc/sign.server.ts";
import { MAX_CLR_PARTS } from "./verify-credential.server.ts";

/** The CLR's name: the programme's, never the learner's. */
export const TRANSCRIPT_NAME = "Waystone transcript";

/**
 * The learner exports their transcript as a CLR 2.0 `ClrCredential`, signed now by the issuer's current
 * key: it bundles every credential of theirs that is not revoked, oldest first, each exactly as issued
 * with its own proof (`credentialSubject.verifiableCredential`), so each can still be checked alone. It
 * names no one: the CLR's subject is a new random `urn:uuid` on every export, and the bundled badges
 * carry none either. Nothing is stored; the export is audited (`transcript.exported`, the number of
 * credentials only), since it is a new document signed in the programme's name.
 *
 * Own credentials only (`read:credential:own` and `read:transcript:own`: other roles get 403). Without
 * a valid credential there is nothing to bundle (CLR 2.0 wants at least one): `transcript.empty`.
 */
export async function exportTranscript(actor: Actor, options: { now?: Date } = {}) {
  requirePermission(actor, "read:transcript:own");
  requirePermission(actor, "read:credential:own");
  const now = options.now ?? new Date();
  const rows = await prisma.credential.findMany({
    where: { learnerId: actor.id, revokedAt: null },
    orderBy: [{ issuedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, document: true },
    // What the verifier accepts in one CLR (a programme of 100 courses is far beyond any learner's).
    take: MAX_CLR_PARTS,
  });
  if (rows.length === 0) throw new AppError("transcript.empty");
  const [issuer, key] = await Promise.all([getIssuerProfile(), getSigningKey()]);
  const unsigned = buildClrCredential({
    id: `urn:uuid:${randomUUID()}`,
    name: TRANSCRIPT_NAME,
    issuer,
    validFrom: now,
    subjectId: randomSubjectId(),
    credentials: rows.map((r) => r.document as object),
  });
  const document = await signCredential(unsigned, key, { created: now });
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      actorId: actor.id,
      action: "transcript.exported",
      entityType: "user",
      entityId: actor.id,
      data: { count: rows.length },
    }),
  );
  return { document, credentialIds: rows.map((r) => r.id), filename: "transcript-clr.json" };
}
