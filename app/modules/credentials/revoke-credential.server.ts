import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { WALLET_PATH } from "./issue-credential.server.ts";
import type { RevokeCredentialInput } from "./admin-schemas.ts";
import { bumpStatusList } from "./status-lists.server.ts";

/**
 * An admin revokes a credential, with a reason (ADR 026). Confirmed (ADR 015). In one transaction the
 * credential row is locked and marked, its status list's version is bumped (so every process signs the
 * list afresh on its next request: the change shows at once), the audit row keeps the reason, and the
 * learner gets a neutral notice. A second revocation is refused (409), and changes nothing.
 */
export async function revokeCredential(actor: Actor, input: RevokeCredentialInput) {
  requirePermission(actor, "revoke:credential");
  return prisma.$transaction(async (tx) => {
    if (!(await lockRow(tx, "Credential", input.credentialId))) throw new AppError("not_found");
    const credential = await tx.credential.findUniqueOrThrow({
      where: { id: input.credentialId },
      select: { id: true, revokedAt: true, statusListId: true, learnerId: true, courseSlug: true },
    });
    if (credential.revokedAt) throw new AppError("credential.already_revoked");
    requireConfirmation(input, { course: credential.courseSlug });
    const revokedAt = new Date();
    await tx.credential.update({
      where: { id: credential.id },
      data: { revokedAt, revokedById: actor.id, revocationReason: input.reason },
      select: { id: true },
    });
    await bumpStatusList(tx, credential.statusListId);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "credential.revoked",
      entityType: "credential",
      entityId: credential.id,
      data: { reason: input.reason },
    });
    if (credential.learnerId) await notify(tx, credential.learnerId, WALLET_PATH);
    return { credentialId: credential.id, revokedAt };
  });
}
