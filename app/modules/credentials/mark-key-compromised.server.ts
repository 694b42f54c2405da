import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { enqueueJob } from "#app/utils/jobs.server.ts";
import { ISSUER_ID, replaceCurrentKey } from "./issuer.server.ts";
import type { MarkKeyCompromisedInput } from "./admin-schemas.ts";
import { forgetSignedStatusLists } from "./status-lists.server.ts";

/** The job that re-signs a compromised key's credentials ({ keyId }); its worker is in job-workers.server.ts. */
export const REISSUE_JOB = "credentials.reissue";

/**
 * An admin marks a key compromised from a date (ADR 026). From then on the verifier fails every credential
 * whose proof claims a time at or after that date; an earlier one still passes our own verifier only when
 * our records show we issued it with that key (a thief can backdate a proof). The DID document keeps the
 * key listed, but no longer as an assertion method, so verifiers that only read the DID document refuse
 * everything it signed. If it was the current key, a new one replaces it in the same transaction, and
 * every status list is signed again with the new key. Confirmed (ADR 015).
 */
export async function markKeyCompromised(actor: Actor, input: MarkKeyCompromisedInput) {
  requirePermission(actor, "update:issuer-key");
  const result = await prisma.$transaction(async (tx) => {
    await lockRow(tx, "Issuer", ISSUER_ID);
    const key = await tx.issuerKey.findUnique({
      where: { id: input.keyId },
      select: { id: true, status: true, createdAt: true },
    });
    if (!key) throw new AppError("not_found");
    if (key.status === "compromised") throw new AppError("issuer_key.already_compromised");
    const now = new Date();
    if (input.compromisedAt > now) throw new AppError("issuer_key.compromise_date_invalid", { field: "compromisedAt" });
    requireConfirmation(input);
    await tx.issuerKey.update({
      where: { id: key.id },
      data: { status: "compromised", compromisedAt: input.compromisedAt },
      select: { id: true },
    });
    const issuer = await tx.issuer.findUniqueOrThrow({ where: { id: ISSUER_ID }, select: { currentKeyId: true } });
    let replacement: string | null = null;
    if (issuer.currentKeyId === key.id) {
      replacement = (await replaceCurrentKey(tx, now)).id;
      await tx.issuer.update({ where: { id: ISSUER_ID }, data: { currentKeyId: replacement }, select: { id: true } });
    }
    // Every list is signed again on its next request, with the current key; every credential the key
    // signed is signed again by the job (reissue-credentials.server.ts), after the commit.
    await tx.statusList.updateMany({ data: { version: { increment: 1 } } });
    await enqueueJob(tx, REISSUE_JOB, { keyId: key.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "issuer_key.compromised",
      entityType: "issuer-key",
      entityId: key.id,
      data: { compromisedAt: input.compromisedAt.toISOString(), replacement },
    });
    return { keyId: key.id, replacementKeyId: replacement };
  });
  forgetSignedStatusLists();
  return result;
}
