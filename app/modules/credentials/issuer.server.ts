// The issuer: its profile, its did:web DID (from APP_ORIGIN) and its Ed25519 keys (ADR 026). One Issuer row
// (id "issuer") names the one current key; every key ever made stays listed in the DID document.
import { randomBytes } from "node:crypto";
import { decryptField, encryptField } from "#app/modules/identity/crypto.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { lockRow, prisma, readRows, sql, type Tx } from "#app/utils/db.server.ts";
import { didWebFromOrigin } from "./vc/did.ts";
import { generateIssuerKeyPair } from "./vc/keys.server.ts";

export const ISSUER_ID = "issuer";

/** The profile written at set-up; an admin-facing edit can come later. */
export const DEFAULT_PROFILE = {
  name: "Waystone",
  description:
    "Waystone is an accredited online learning programme: vetted volunteer educators teach university-level courses, and every completed course is a signed, verifiable credential.",
} as const;

export type IssuerProfile = { did: string; name: string; url: string; description: string; email: string };

export type SigningKey = {
  /** IssuerKey.id */
  keyId: string;
  /** The verification method: `${did}#${fragment}`. */
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
};

/** The issuer's DID, did:web of APP_ORIGIN (a port is written %3A). */
export function issuerDid(): string {
  return didWebFromOrigin(getEnv().APP_ORIGIN);
}

function programmeEmail(origin: string): string {
  const host = new URL(origin).hostname;
  return `programme-office@${/^[\d.]+$|^localhost$/.test(host) ? "waystone.invalid" : host}`;
}

function newFragment(now: Date): string {
  return `key-${now.toISOString().slice(0, 10)}-${randomBytes(4).toString("hex")}`;
}

async function createKey(tx: Tx, now: Date) {
  const pair = await generateIssuerKeyPair();
  return tx.issuerKey.create({
    data: {
      fragment: newFragment(now),
      publicKeyMultibase: pair.publicKeyMultibase,
      secretKeyCipher: encryptField(pair.secretKeyMultibase),
      status: "current",
    },
    select: { id: true },
  });
}

/**
 * Makes sure the issuer exists with a current key: at set-up (db-setup, seed) and before the first
 * issuance. Safe to call at the same moment from two processes: the row is created with ON CONFLICT DO
 * NOTHING and then locked, so only one of them generates the first key.
 */
export async function ensureIssuer(tx?: Tx): Promise<void> {
  const run = async (db: Tx) => {
    const origin = getEnv().APP_ORIGIN;
    await db.$executeRaw`INSERT INTO "Issuer" (id, name, url, description, email, "updatedAt")
      VALUES (${ISSUER_ID}, ${DEFAULT_PROFILE.name}, ${origin}, ${DEFAULT_PROFILE.description}, ${programmeEmail(origin)}, now())
      ON CONFLICT (id) DO NOTHING`;
    await lockRow(db, "Issuer", ISSUER_ID);
    const issuer = await db.issuer.findUniqueOrThrow({ where: { id: ISSUER_ID }, select: { currentKeyId: true } });
    if (issuer.currentKeyId) return;
    const key = await createKey(db, new Date());
    await db.issuer.update({ where: { id: ISSUER_ID }, data: { currentKeyId: key.id }, select: { id: true } });
  };
  if (tx) return run(tx);
  return prisma.$transaction(run);
}

/** The profile as it appears in credentials: the DID and the programme's contact details. */
export async function getIssuerProfile(tx: Tx = prisma): Promise<IssuerProfile> {
  const row = await tx.issuer.findUnique({
    where: { id: ISSUER_ID },
    select: { name: true, url: true, description: true, email: true },
  });
  if (!row) throw new Error("The issuer is not set up: run db:setup (ensureIssuer).");
  return { did: issuerDid(), ...row };
}

/**
 * Holds the Issuer row for the rest of the transaction (FOR SHARE): a signing transaction then reads the
 * current key as rotation and compromise (which lock it FOR UPDATE) leave it, and those wait for it.
 */
export async function holdIssuer(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Issuer" WHERE id = ${ISSUER_ID} FOR SHARE`;
}

/** The key that signs new credentials, with its secret decrypted (in memory only, never logged). */
export async function getSigningKey(tx: Tx = prisma): Promise<SigningKey> {
  const issuer = await tx.issuer.findUnique({ where: { id: ISSUER_ID }, select: { currentKeyId: true } });
  if (!issuer?.currentKeyId) throw new Error("The issuer has no current key: run db:setup (ensureIssuer).");
  const key = await tx.issuerKey.findUniqueOrThrow({
    where: { id: issuer.currentKeyId },
    select: { id: true, fragment: true, publicKeyMultibase: true, secretKeyCipher: true },
  });
  const did = issuerDid();
  return {
    keyId: key.id,
    id: `${did}#${key.fragment}`,
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: decryptField(key.secretKeyCipher),
  };
}

export type IssuerKeyRecord = {
  id: string;
  fragment: string;
  verificationMethod: string;
  publicKeyMultibase: string;
  status: "current" | "retired" | "compromised";
  createdAt: Date;
  retiredAt: Date | null;
  compromisedAt: Date | null;
};

type KeyRow = Omit<IssuerKeyRecord, "verificationMethod">;

/**
 * Every key, oldest first (the DID document, the admin's key list, the verifier's key check). Read
 * straight from the pool (ADR 025): every verification asks for it.
 */
export async function listIssuerKeys(tx?: Tx): Promise<IssuerKeyRecord[]> {
  const did = issuerDid();
  const rows = await readRows<KeyRow>(
    sql`SELECT id, fragment, "publicKeyMultibase", status::text AS status, "createdAt", "retiredAt", "compromisedAt"
        FROM "IssuerKey" ORDER BY "createdAt", id`,
    tx,
  );
  return rows.map((r) => ({ ...r, verificationMethod: `${did}#${r.fragment}` }));
}

/** The record of the key behind a verification method id (`did#fragment`) of OUR DID, among `keys`. */
export function findIssuerKeyIn(keys: readonly IssuerKeyRecord[], verificationMethod: string): IssuerKeyRecord | null {
  return keys.find((k) => k.verificationMethod === verificationMethod) ?? null;
}

/** Internal: a new current key inside the caller's transaction (rotation). The Issuer row must be locked. */
export async function replaceCurrentKey(tx: Tx, now: Date): Promise<{ id: string }> {
  return createKey(tx, now);
}
