import type { Role } from "#app/generated/prisma/enums.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { preparePassword } from "./create-account.server.ts";
import { finishRecovery, isLinkToken, resetLinkHash } from "./recovery.server.ts";
import type { ResetPasswordInput } from "./schemas.ts";

/** Who opened the link: the account signed in on this browser, if any. */
export type ResetContext = { sessionUserId: string | null };

const unusable = () => new AppError("recovery.link_unusable");

/**
 * The open email link behind `token`, with its account. Refuses an unknown, used or expired link
 * (`recovery.link_unusable`), and a browser signed in as another account (`recovery.signed_in_as_other`).
 */
export async function findOpenResetLink(context: ResetContext, token: string) {
  if (!isLinkToken(token)) throw unusable();
  const reset = await prisma.passwordReset.findUnique({
    where: { tokenHash: resetLinkHash(token) },
    select: {
      id: true,
      kind: true,
      usedAt: true,
      expiresAt: true,
      user: {
        select: {
          id: true,
          username: true,
          email: true,
          displayName: true,
          status: true,
          roles: { select: { role: true } },
        },
      },
    },
  });
  if (!reset || reset.kind !== "email_link" || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) throw unusable();
  if (context.sessionUserId && context.sessionUserId !== reset.user.id) throw new AppError("recovery.signed_in_as_other");
  if (reset.user.status !== "active") throw new AppError("account.suspended");
  return reset;
}

/**
 * Sets a new password through an emailed link (/reset/:token, POST; opening the link changes nothing).
 * Checks the link (see findOpenResetLink) and the password policy (`password.rejected` on the password
 * field), then in one transaction: uses the link (conditionally, so two posts at once give one reset),
 * sets the password, ends every session of the account, revokes its other open resets, opens a new
 * session and writes `auth.password_reset` {method: "email_link"}. Returns the new session's cookie.
 */
export async function resetPassword(
  context: ResetContext,
  input: ResetPasswordInput,
): Promise<{ userId: string; roles: Role[]; cookie: string }> {
  const reset = await findOpenResetLink(context, input.token);
  const user = reset.user;
  const passwordHash = await preparePassword(input.password, [user.username, user.email ?? "", user.displayName]);
  const cookie = await prisma.$transaction(async (tx) => {
    const used = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (used.count !== 1) throw unusable();
    return finishRecovery(tx, { userId: user.id, passwordHash, method: "email_link" });
  });
  return { userId: user.id, roles: user.roles.map((r) => r.role), cookie };
}
