// Verification with our own records (ADR 026): the one verification function (verify-credential.server.ts)
// given the issuer's DID document and status lists straight from this app, and the key and issuance
// records only the issuer has. Used by /verify, the JSON APIs and the share page.
import { getEnv } from "#app/utils/env.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { findIssuerKey, issuerDid } from "./issuer.server.ts";
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

export const onlineContext: VerifyContext = {
  async resolveDid(did) {
    return did === issuerDid() ? (await getDidDocument()).document : null;
  },
  async loadStatusList(url) {
    const prefix = `${getEnv().APP_ORIGIN}/credentials/status/`;
    if (!url.startsWith(prefix)) return null;
    const id = url.slice(prefix.length);
    if (!/^[a-z0-9]{10,40}$/.test(id)) return null;
    return (await getStatusListCredential(id))?.document ?? null;
  },
  async keyRecord(verificationMethod) {
    const key = await findIssuerKey(verificationMethod);
    return key ? { status: key.status, compromisedAt: key.compromisedAt ?? undefined } : null;
  },
  async isIssuedByUs(credentialUrl, verificationMethod) {
    const id = ownCredentialId(credentialUrl);
    const key = await findIssuerKey(verificationMethod);
    if (!id || !key) return false;
    const row = await prisma.credential.findUnique({ where: { id }, select: { keyId: true } });
    return row?.keyId === key.id;
  },
};

/** Verifies a parsed credential (an object from JSON) against our records. */
export function verifyOnline(document: unknown): Promise<VerificationReport> {
  return verifyCredential(document, onlineContext);
}
