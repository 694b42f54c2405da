// Verification with our own records (ADR 026): the one verification function (verify-credential.server.ts)
// given the issuer's DID document and status lists straight from this app, and the key and issuance
// records only the issuer has. Used by /verify, the JSON APIs and the share page.
import { getEnv } from "#app/utils/env.server.ts";
import { readRows, sql } from "#app/utils/db.server.ts";
import { findIssuerKeyIn, type IssuerKeyRecord, issuerDid, listIssuerKeys } from "./issuer.server.ts";
import { getDidDocument } from "./public-documents.server.ts";
import { getStatusListCredential } from "./status-lists.server.ts";
import type { VerificationReport } from "./verification.ts";
import { verifyCredential, type VerifyContext } from "./verify-credential.server.ts";

function ownCredentialId(url: string): string | null {
  const prefix = `${getEnv().APP_ORIGIN}/credentials/`;
  if (!url.startsWith(prefix)) return null;
  const id = url.slice(prefix.length);
  return /^[0-9a-f-]{36}$/.test(id) ? id : null;
}

/**
 * The context of one verification: the issuer's keys are read once (one prepared statement) and give
 * both the DID document and the key records; status lists come from this process's signed copies.
 */
export function onlineContext(): VerifyContext {
  let keys: Promise<IssuerKeyRecord[]> | undefined;
  const loadKeys = () => (keys ??= listIssuerKeys());
  return {
    async resolveDid(did) {
      return did === issuerDid() ? (await getDidDocument(await loadKeys())).document : null;
    },
    async loadStatusList(url) {
      const prefix = `${getEnv().APP_ORIGIN}/credentials/status/`;
      if (!url.startsWith(prefix)) return null;
      const id = url.slice(prefix.length);
      if (!/^[a-z0-9]{10,40}$/.test(id)) return null;
      return (await getStatusListCredential(id))?.document ?? null;
    },
    async keyRecord(verificationMethod) {
      const key = findIssuerKeyIn(await loadKeys(), verificationMethod);
      return key ? { status: key.status, compromisedAt: key.compromisedAt ?? undefined } : null;
    },
    async isIssuedByUs(credentialUrl, verificationMethod) {
      const id = ownCredentialId(credentialUrl);
      const key = findIssuerKeyIn(await loadKeys(), verificationMethod);
      if (!id || !key) return false;
      const [row] = await readRows<{ keyId: string }>(sql`SELECT "keyId" FROM "Credential" WHERE id = ${id}`);
      return row?.keyId === key.id;
    },
  };
}

/** Verifies a parsed credential (an object from JSON) against our records. */
export function verifyOnline(document: unknown): Promise<VerificationReport> {
  return verifyCredential(document, onlineContext());
}
