// Sign-ups that give an email address and need an account (an application to teach, an accepted
// invitation) wait in PendingSignup until the link sent to that address is opened: only the mailbox's
// owner can finish them, and whether the address already had an account is decided when the email is
// queued, never on screen. The generic part lives here; each purpose adds its own records when the
// pending sign-up is claimed (educators: the application; identity: the invitation's role).
import type { OrgMemberRole, Role, SignupPurpose } from "#app/generated/prisma/enums.ts";
import { onUniqueViolation, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isLocale, type Locale } from "#app/utils/i18n.ts";
import { queueEmail, type EmailKind } from "#app/utils/mailer.server.ts";
import { createAccount } from "./create-account.server.ts";
import { randomToken, sha256 } from "./crypto.server.ts";
import { LINK_TOKEN } from "./email-confirmation.server.ts";
import { createSession } from "./session.server.ts";

export const PENDING_SIGNUP_HOURS = 24;

/** The account a pending sign-up will create: the password only as its argon2id hash. */
export type PendingAccount = { username: string; displayName: string; passwordHash: string; locale: Locale | null };
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type PendingData = { [key: string]: JsonValue };

/**
 * A taken username is the one thing a sign-up form may say about other accounts (usernames are
 * pseudonyms, chosen to be unique): refused on the username field, before anything is written.
 */
export async function assertUsernameFree(tx: Tx, username: string): Promise<void> {
  const taken = await tx.user.findUnique({ where: { username }, select: { id: true } });
  if (taken) throw new AppError("account.username_taken", { field: "username" });
}

/**
 * Inside the caller's transaction: records the pending sign-up (token stored hashed, valid 24 h) and
 * queues ONE neutral email to `email`. An address without an account gets the "finish joining" link
 * (`linkPath(token)`); an address that has one gets `exists` instead (a neutral "you already have an
 * account" message, never naming a course or role, with no link that would attach anything), and its row
 * is written spent (usedAt now, no password hash), so that both paths do the same work: one lookup, one
 * row, one email (delivered by the job queue after the commit). Returns the outbox id.
 */
export async function startPendingSignup(
  tx: Tx,
  request: {
    purpose: SignupPurpose;
    email: string;
    account: PendingAccount;
    data: PendingData;
    linkPath: (token: string) => string;
    exists: { kind: EmailKind; path: string };
  },
): Promise<string> {
  const token = randomToken(32);
  const owner = await tx.user.findUnique({ where: { email: request.email }, select: { id: true } });
  const now = Date.now();
  await tx.pendingSignup.create({
    data: {
      purpose: request.purpose,
      email: request.email,
      tokenHash: sha256(token),
      payload: { account: { ...request.account, passwordHash: owner ? "" : request.account.passwordHash }, data: request.data },
      expiresAt: new Date(now + PENDING_SIGNUP_HOURS * 3_600_000),
      usedAt: owner ? new Date(now) : null,
    },
    select: { id: true },
  });
  const locale = request.account.locale;
  return queueEmail(
    tx,
    owner
      ? { to: request.email, kind: request.exists.kind, path: request.exists.path, locale }
      : { to: request.email, kind: "finish_joining", path: request.linkPath(token), locale },
  );
}

/** What a claimed sign-up gives the new account: roles, and organisations with the role in them (member by default). */
type Grant = { roles: Role[]; orgIds?: string[]; orgRole?: OrgMemberRole };

export type ClaimedSignup = { userId: string; email: string; data: PendingData; cookie: string };

const unusable = () => new AppError("link.unusable");

function readAccount(payload: unknown): { account: PendingAccount; data: PendingData } {
  const p = payload as { account?: Partial<PendingAccount>; data?: PendingData } | null;
  const a = p?.account;
  if (!a?.username || !a.displayName || !a.passwordHash) throw unusable();
  return {
    account: {
      username: a.username,
      displayName: a.displayName,
      passwordHash: a.passwordHash,
      locale: isLocale(a.locale) ? a.locale : null,
    },
    data: p?.data ?? {},
  };
}

/**
 * The POST behind a "finish joining" link, inside the caller's transaction: claims the pending sign-up
 * (single use and expiry by one conditional update; a link of another purpose is unusable too), then
 * creates the account with the CONFIRMED address (the link proves the mailbox), the roles and
 * organisations that `grant` decides from the pending data, and a session. Unknown, used and expired
 * links are `link.unusable`. Wrap the transaction in withPendingConflicts: an address that got an
 * account meanwhile is `link.unusable`, a username taken meanwhile `account.username_taken`.
 */
export async function claimPendingSignup(
  tx: Tx,
  token: string,
  purpose: SignupPurpose,
  grant: (data: PendingData) => Promise<Grant> | Grant,
): Promise<ClaimedSignup> {
  if (!LINK_TOKEN.test(token)) throw unusable();
  const row = await tx.pendingSignup.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, purpose: true, email: true, payload: true },
  });
  if (!row || row.purpose !== purpose) throw unusable();
  const claimed = await tx.pendingSignup.updateMany({
    where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (claimed.count !== 1) throw unusable();
  const { account, data } = readAccount(row.payload);
  const { roles, orgIds, orgRole } = await grant(data);
  const user = await createAccount(tx, { ...account, email: row.email, roles, orgIds, orgRole, grantedById: null });
  const cookie = await createSession(tx, user.id);
  return { userId: user.id, email: row.email, data, cookie };
}

/** Runs the transaction that calls claimPendingSignup with its unique violations mapped (see there). */
export function withPendingConflicts<T>(fn: () => Promise<T>): Promise<T> {
  return onUniqueViolation(fn, [
    { model: "User", fields: ["username"], error: () => new AppError("account.username_taken") },
    { model: "User", fields: ["email"], error: unusable },
  ]);
}
