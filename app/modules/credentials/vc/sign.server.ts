// Signing: a Data Integrity proof with the eddsa-rdfc-2022 cryptosuite (RDF Dataset Canonicalization of
// the JSON-LD, SHA-256, Ed25519), proofPurpose assertionMethod. JSON-LD safe mode is on: a term that no
// bundled context defines makes signing fail instead of being silently dropped from what is signed.
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { staticDocumentLoader, type DocumentLoader } from "./document-loader.server.ts";
import { keyPairFrom } from "./keys.server.ts";
import { isoSeconds } from "./open-badge.ts";

export type SigningKey = {
  /** The verification method, `<did>#<fragment>`. */
  id: string;
  /** The DID that controls the key: the credential's issuer. */
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
};

export type DataIntegrityProofJson = {
  type: "DataIntegrityProof";
  created: string;
  verificationMethod: string;
  cryptosuite: "eddsa-rdfc-2022";
  proofPurpose: "assertionMethod";
  proofValue: string;
};

export type Signed<T> = T & { proof: [DataIntegrityProofJson] };

/**
 * The credential with one proof, as an array (the OB 3.0 JSON Schema requires `proof` to be one). The
 * credential's issuer must be the key's controller, and it must not carry a proof already. `created`
 * defaults to now; a string is used exactly as given (the known-answer vectors need that).
 */
export async function signCredential<T extends object>(
  unsigned: T,
  key: SigningKey,
  options: { created?: Date | string; documentLoader?: DocumentLoader } = {},
): Promise<Signed<T>> {
  const credential = structuredClone(unsigned) as T & Record<string, unknown>;
  if ("proof" in credential) throw new TypeError("The credential already has a proof.");
  const issuer = credential.issuer;
  const issuerId = typeof issuer === "string" ? issuer : (issuer as { id?: unknown } | undefined)?.id;
  if (issuerId !== key.controller) {
    throw new TypeError(`The credential's issuer (${String(issuerId)}) is not the key's controller (${key.controller}).`);
  }
  const { id, controller, publicKeyMultibase, secretKeyMultibase } = key;
  const keyPair = await keyPairFrom({ id, controller, publicKeyMultibase, secretKeyMultibase });
  const created = typeof options.created === "string" ? options.created : isoSeconds(options.created ?? new Date());
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite, date: created });
  const signed = await vc.issue({ credential, suite, documentLoader: options.documentLoader ?? staticDocumentLoader });
  return { ...signed, proof: [signed.proof] } as unknown as Signed<T>;
}
