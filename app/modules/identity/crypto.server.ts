// Small crypto helpers of the identity module: token hashing and AES-256-GCM for the optional legal name.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "#app/utils/env.server.ts";

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** A keyed hash (HMAC-SHA-256 with the session secret): correlates values without letting a reader confirm a guess. */
export function keyedHash(value: string): string {
  return createHmac("sha256", getEnv().SESSION_SECRET).update(value).digest("hex");
}

/** A random, URL-safe token of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** A human-friendly code without look-alike characters (0/O, 1/I/L), grouped for reading aloud. */
export function randomReadableCode(length = 12): string {
  const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) {
    out += alphabet[bytes[i]! % alphabet.length];
    if (i % 4 === 3 && i < length - 1) out += "-";
  }
  return out;
}

/** Codes are compared without dashes, spaces or case, so "abcd-efgh" and "ABCDEFGH" are the same code. */
export function normaliseReferralCode(code: string) {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** What a referral code is stored as: the code itself is shown once, to the admin who made it. */
export function referralCodeHash(code: string) {
  return sha256(normaliseReferralCode(code));
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const VERSION = "v1";

function key(): Buffer {
  return Buffer.from(getEnv().ENCRYPTION_KEY, "hex");
}

/** AES-256-GCM with a random 96-bit IV; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptField(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptField(payload: string): string {
  const [version, iv, tag, ciphertext] = payload.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Unknown ciphertext format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
