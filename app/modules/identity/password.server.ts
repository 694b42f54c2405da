// Passwords: argon2id (OWASP parameters), at least 12 characters, and not a common or guessable one.
import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// PASSWORD_MAX bounds the hashing work an attacker can ask for; both bounds are shown by the forms.
import { PASSWORD_MAX, PASSWORD_MIN } from "./schemas.ts";
export { PASSWORD_MAX, PASSWORD_MIN };

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash to verify against when the account does not exist, so timing does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("waystone-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}

export type PasswordProblem = "too_short" | "too_long" | "common";

/**
 * Rejects passwords on the common-password lists of zxcvbn-ts (language-common) and any that its
 * estimator scores below 3 ("safely unguessable"): sequences, keyboard walks, repeats, dictionary words.
 */
export async function checkPasswordPolicy(password: string, context: string[] = []): Promise<PasswordProblem | null> {
  if (password.length < PASSWORD_MIN) return "too_short";
  if (password.length > PASSWORD_MAX) return "too_long";
  const result = await zxcvbn.checkAsync(password, context.filter(Boolean));
  if (result.score < 3) return "common";
  return null;
}
