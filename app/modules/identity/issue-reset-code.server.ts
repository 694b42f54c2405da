import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { lockRow, prisma } from "#app/utils/db.server.ts";
import { requireConfirmation } from "#app/utils/confirm.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import { randomReadableCode } from "./crypto.server.ts";
import type { Actor } from "./permissions.ts";
import { RESET_CODE_LENGTH, RESET_CODE_TTL_MS, resetCodeHash } from "./recovery.server.ts";
import type { IssueResetCodeInput } from "./schemas.ts";
import { requirePermission } from "./session.server.ts";

/**
 * An admin issues a one-time reset code for a learner's account, at the request of the learner's
 * partner NGO, to be handed over in person (no email needed). The code is readable (16 characters in
 * groups of four), stored as a keyed hash and valid for 72 hours; any earlier open code of the account
 * stops working. `password_reset.issued` {ngoId} is written in the same transaction (never the code).
 * Refusals: not an admin (`permission.denied`); an unknown account (`not_found`); not a learner account
 * (`reset_code.learners_only`: staff and partners recover by email, and no admin takes over another
 * staff account this way); suspended (`account.suspended`); not a partner NGO (`reset_code.ngo_invalid`
 * on ngoId); then, without `confirm: "yes"`, `confirmation.required` {name, ngo} (ADR 015: the page asks
 * first, and a single forged post issues nothing). Returns the code, for the one response that shows it.
 */
export async function issueResetCode(
  actor: Actor,
  input: IssueResetCodeInput,
): Promise<{ code: string; expiresAt: Date; username: string }> {
  requirePermission(actor, "create:password-reset:any");
  const user = await prisma.user.findUnique({
    where: { id: input.userId.slice(0, 40) },
    select: { id: true, username: true, displayName: true, status: true, roles: { select: { role: true } } },
  });
  invariant(user);
  const roles = user.roles.map((r) => r.role);
  if (!roles.includes("learner") || roles.some((r) => r !== "learner")) throw new AppError("reset_code.learners_only");
  if (user.status !== "active") throw new AppError("account.suspended");
  const ngo = await prisma.organisation.findUnique({ where: { id: input.ngoId }, select: { id: true, kind: true, name: true } });
  if (ngo?.kind !== "ngo") throw new AppError("reset_code.ngo_invalid", { field: "ngoId" });
  requireConfirmation(input, { name: user.displayName, ngo: ngo.name });

  const code = randomReadableCode(RESET_CODE_LENGTH);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + RESET_CODE_TTL_MS);
  await prisma.$transaction(async (tx) => {
    // Two admins at the same moment: the second waits, then revokes the first one's code.
    await lockRow(tx, "User", user.id);
    await tx.passwordReset.updateMany({
      where: { userId: user.id, kind: "admin_code", usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    await tx.passwordReset.create({
      data: { userId: user.id, kind: "admin_code", tokenHash: resetCodeHash(code), expiresAt, createdById: actor.id },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "password_reset.issued",
      entityType: "user",
      entityId: user.id,
      data: { ngoId: ngo.id },
    });
  });
  return { code, expiresAt, username: user.username };
}
