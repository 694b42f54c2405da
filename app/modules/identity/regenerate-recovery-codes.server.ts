import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { verifyPassword } from "./password.server.ts";
import type { Actor } from "./permissions.ts";
import { issueRecoveryCodes, RECOVERY_CODE_COUNT } from "./recovery-codes.server.ts";
import type { RegenerateRecoveryCodesInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";
import { passwordCounters, refundAttempt, takeAttempt } from "./throttle.server.ts";

/**
 * A person replaces their recovery codes with a new batch of ten (Settings), after typing their current
 * password: whoever holds an unlocked device must not be able to print the way back into the account.
 * Guessing that password is throttled like changing it, per (account, session) (`password.locked`,
 * `password.current_wrong`, on the currentPassword field). The old codes stop working;
 * `recovery_codes.regenerated` is written in the same transaction. Returns the new codes, for the one
 * response that shows them (they are not kept).
 */
export async function regenerateRecoveryCodes(
  actor: Actor & { sessionId: string },
  input: RegenerateRecoveryCodesInput,
): Promise<string[]> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { passwordHash: true },
  });
  // The same counter as changing the password (per account and session), charged before the check.
  const attempt = await takeAttempt(passwordCounters(actor.id, actor.sessionId));
  if ("refused" in attempt) throw new AppError("password.locked", { field: "currentPassword" });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("password.current_wrong", { field: "currentPassword" });
  }
  await refundAttempt(attempt);
  return prisma.$transaction(async (tx) => {
    const codes = await issueRecoveryCodes(tx, actor.id);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "recovery_codes.regenerated",
      entityType: "user",
      entityId: actor.id,
      data: { count: RECOVERY_CODE_COUNT },
    });
    return codes;
  });
}
