// did:web (https://w3c-ccg.github.io/did-method-web/): the issuer's DID is its origin's host, with a
// port encoded as %3A, and its DID document is served at /.well-known/did.json. Pure: no I/O.

export type DidKey = {
  /** The verification method is `<did>#<fragment>`. */
  fragment: string;
  publicKeyMultibase: string;
  /** Whether the key may sign credentials (listed in `assertionMethod`): current and retired keys, not compromised ones. */
  assertion: boolean;
};

export type VerificationMethodJson = { id: string; type: "Multikey"; controller: string; publicKeyMultibase: string };

export type DidDocument = {
  "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"];
  id: string;
  verificationMethod: VerificationMethodJson[];
  assertionMethod: string[];
};

/** `https://waystone.example` → `did:web:waystone.example`; `http://127.0.0.1:3000` → `did:web:127.0.0.1%3A3000`. */
export function didWebFromOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TypeError(`Not a web origin: ${origin}`);
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    throw new TypeError(`An origin has no path, query, fragment or credentials: ${origin}`);
  }
  return `did:web:${encodeURIComponent(url.host)}`;
}

/** The https URL a did:web resolver fetches: `https://<host>/.well-known/did.json` (or `<path>/did.json`). */
export function didDocumentUrl(did: string): string {
  const match = /^did:web:([^#?]+)$/.exec(did);
  if (!match) throw new TypeError(`Not a did:web DID: ${did}`);
  const [host = "", ...path] = match[1]!.split(":");
  const domain = decodeURIComponent(host);
  if (!domain || /[/\s]/.test(domain)) throw new TypeError(`Not a did:web DID: ${did}`);
  const rest = path.length ? `${path.map((p) => decodeURIComponent(p)).join("/")}/did.json` : ".well-known/did.json";
  return `https://${domain}/${rest}`;
}

/** Where the app serves its own DID document, on the origin's own scheme (http in development and tests). */
export function didDocumentUrlForOrigin(origin: string): string {
  didWebFromOrigin(origin); // the same checks
  return `${new URL(origin).origin}/.well-known/did.json`;
}

/** `<did>#<fragment>`. */
export function verificationMethodId(did: string, fragment: string): string {
  return `${did}#${fragment}`;
}

const FRAGMENT = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * The DID document: every key as a Multikey verification method, and `assertionMethod` naming the keys
 * that may sign. Fragments must be unique and URL-safe; keys must be Ed25519 (z6Mk…).
 */
export function buildDidDocument(did: string, keys: readonly DidKey[]): DidDocument {
  const seen = new Set<string>();
  for (const key of keys) {
    if (!FRAGMENT.test(key.fragment)) throw new TypeError(`Not a usable key fragment: ${key.fragment}`);
    if (seen.has(key.fragment)) throw new TypeError(`Two keys have the fragment ${key.fragment}`);
    if (!key.publicKeyMultibase.startsWith("z6Mk")) throw new TypeError(`Not an Ed25519 Multikey: ${key.fragment}`);
    seen.add(key.fragment);
  }
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
    id: did,
    verificationMethod: keys.map((key) => ({
      id: verificationMethodId(did, key.fragment),
      type: "Multikey",
      controller: did,
      publicKeyMultibase: key.publicKeyMultibase,
    })),
    assertionMethod: keys.filter((key) => key.assertion).map((key) => verificationMethodId(did, key.fragment)),
  };
}
