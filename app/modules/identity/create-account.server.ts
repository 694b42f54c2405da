// The ONE way an account comes into being: learner sign-up, confirmed educator applications and
// invitations all call createAccount inside their own transaction, after preparePassword. The unique
// keys on User.username and User.email decide between two sign-ups with one name or address (never
// "check, then insert"): wrap the caller's transaction in withAccountConflicts, or pass ACCOUNT_CONFLICTS
// to onUniqueViolation.
import type { OrgMemberRole, Role } from "#app/generated/prisma/enums.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { onUniqueViolation, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { checkPasswordPolicy, hashPassword } from "./password.server.ts";

/**
 * Checks the password policy (length, common or guessable passwords, `context` words such as the email
 * and display name) and returns its argon2id hash. Refuses with `password.rejected` on the password field.
 */
export async function preparePassword(password: string, context: string[]): Promise<string> {
  const problem = await checkPasswordPolicy(password, [...context, "waystone"]);
  if (problem) throw new AppError("password.rejected", { field: "password", key: `password.${problem}` });
  return hashPassword(password);
}

export type CreateAccountInput = {
  /** Normalised already (UsernameSchema): what the person logs in with. */
  username: string;
  /** A CONFIRMED address (lower-cased, EmailSchema), or null: unconfirmed addresses wait in EmailConfirmation. */
  email: string | null;
  displayName: string;
  /** From preparePassword. */
  passwordHash: string;
  locale: string | null;
  roles: Role[];
  /** Organisations the account is a member of from the start (an invitation's sponsor or institution). */
  orgIds?: string[];
  /** The role in those organisations (an invitation's: owner or member); member when left out. */
  orgRole?: OrgMemberRole;
  /** Who granted the roles (null: the person signed up themselves). */
  grantedById?: string | null;
};

/**
 * Creates the user with its roles and memberships and writes `user.signed_up` (data: the first role),
 * inside the caller's transaction. A taken username or email surfaces as a unique violation: map it
 * with ACCOUNT_CONFLICTS / withAccountConflicts around the transaction.
 */
export async function createAccount(tx: Tx, input: CreateAccountInput): Promise<{ id: string }> {
  if (input.roles.length === 0) throw new Error("createAccount: an account needs a role");
  const user = await tx.user.create({
    data: {
      username: input.username,
      email: input.email,
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      locale: input.locale,
      roles: { create: input.roles.map((role) => ({ role, grantedById: input.grantedById ?? null })) },
      ...(input.orgIds?.length
        ? { memberships: { create: input.orgIds.map((orgId) => ({ orgId, orgRole: input.orgRole ?? "member" })) } }
        : {}),
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actorId: user.id,
    action: "user.signed_up",
    entityType: "user",
    entityId: user.id,
    data: { role: input.roles[0]! },
  });
  return user;
}

/**
 * For onUniqueViolation: a username that another account has (a field error: usernames are pseudonyms,
 * so saying that one is taken reveals nobody), and a confirmed address that already has an account.
 */
export const ACCOUNT_CONFLICTS = [
  { model: "User", fields: ["username"], error: () => new AppError("account.username_taken", { field: "username" }) },
  { model: "User", fields: ["email"], error: () => new AppError("account.email_taken", { field: "email" }) },
];

/**
 * Runs `fn` (the transaction that calls createAccount) with a taken username mapped to
 * `account.username_taken` and a taken email to `account.email_taken`.
 */
export function withAccountConflicts<T>(fn: () => Promise<T>): Promise<T> {
  return onUniqueViolation(fn, ACCOUNT_CONFLICTS);
}
