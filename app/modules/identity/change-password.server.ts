import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { preparePassword } from "./create-account.server.ts";
import { verifyPassword } from "./password.server.ts";
import type { Actor } from "./permissions.ts";
import type { ChangePasswordInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";
import { passwordCounters, refundAttempt, takeAttempt } from "./throttle.server.ts";

/**
 * A person changes their password; every session of theirs ends, this one included. Guessing the
 * current password is throttled per (account, session): 5 wrong ones within 15 minutes refuse this
 * session's further guesses for 15 minutes. Those counters are apart from the login ones, so a stolen
 * session cannot lock the account's login (throttle.server.ts). Refusals (all about a field):
 * `password.locked` and `password.current_wrong` (currentPassword), `password.rejected` (password).
 * The update is conditional on the hash that was verified, so of two changes at the same moment only
 * one applies; the other is told its current password is no longer right.
 */
export async function changePassword(
  actor: Actor & { sessionId: string },
  input: Pick<ChangePasswordInput, "currentPassword" | "password">,
): Promise<void> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { passwordHash: true, email: true, username: true, displayName: true },
  });
  // Charged before the check, so that parallel guesses cannot slip past the limit.
  const attempt = await takeAttempt(passwordCounters(actor.id, actor.sessionId));
  if ("refused" in attempt) throw new AppError("password.locked", { field: "currentPassword" });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("password.current_wrong", { field: "currentPassword" });
  }
  await refundAttempt(attempt);
  const passwordHash = await preparePassword(input.password, [user.username, user.email ?? "", user.displayName]);
  await prisma.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({
      where: { id: actor.id, passwordHash: user.passwordHash },
      data: { passwordHash, passwordChangedAt: new Date() },
    });
    if (changed.count !== 1) throw new AppError("password.current_wrong", { field: "currentPassword" });
    await tx.session.deleteMany({ where: { userId: actor.id } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "auth.password_changed",
      entityType: "user",
      entityId: actor.id,
    });
  });
}
