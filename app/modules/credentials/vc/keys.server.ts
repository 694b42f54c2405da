// Ed25519 issuer keys as Multikey (multibase base58-btc, with the multicodec headers of ed25519-pub and
// ed25519-priv). The secret key never leaves the server; the issuer (../issuer.server.ts) stores it encrypted.
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";

export type IssuerKeyPair = { publicKeyMultibase: string; secretKeyMultibase: string };
export type Multikey = Ed25519Multikey.Ed25519MultikeyPair;

/** A new random Ed25519 key pair. */
export async function generateIssuerKeyPair(): Promise<IssuerKeyPair> {
  const key = await Ed25519Multikey.generate();
  if (!key.secretKeyMultibase) throw new Error("The key generator returned no secret key.");
  return { publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase };
}

/**
 * The key of a verification method (`id` = `<did>#<fragment>`, controlled by `controller`), able to
 * sign when `secretKeyMultibase` is given. Refuses a secret key that does not belong to the public key
 * (it would sign credentials nobody can verify).
 */
export async function keyPairFrom(options: {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase?: string;
}): Promise<Multikey> {
  if (!options.id.startsWith(`${options.controller}#`)) {
    throw new TypeError(`The key id must be a fragment of its controller: ${options.id}`);
  }
  if (!options.publicKeyMultibase.startsWith("z6Mk")) {
    throw new TypeError("The public key is not an Ed25519 Multikey (z6Mk…).");
  }
  const key = await Ed25519Multikey.from({ ...options, type: "Multikey" });
  if (options.secretKeyMultibase) {
    const probe = new TextEncoder().encode(`key check ${options.id}`);
    const signature = await key.signer().sign({ data: probe });
    if (!(await key.verifier().verify({ data: probe, signature }))) {
      throw new TypeError("The secret key does not belong to the public key.");
    }
  }
  return key;
}
