// One-time recovery codes: ten per batch, shown once (at sign-up, or when regenerated in Settings), stored
// as keyed hashes. A new batch replaces the old one. Using a code is in recover-with-code.server.ts.
import type { Tx } from "#app/utils/db.server.ts";
import { keyedHash, normaliseReferralCode, randomReadableCode } from "./crypto.server.ts";

export const RECOVERY_CODE_COUNT = 10;

/** What a recovery code is stored as: a keyed hash of the code without dashes, spaces or case. */
export function recoveryCodeHash(code: string): string {
  return keyedHash(`recovery:${normaliseReferralCode(code)}`);
}

/**
 * Replaces the account's recovery codes with ten new ones, inside the caller's transaction (which writes
 * the audit row). Returns the codes, for the one response that shows them; they are not kept.
 */
export async function issueRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomReadableCode(12));
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code) })) });
  return codes;
}
