// The public documents that verifiers fetch: the issuer's DID document and the status lists (ADR 026).
// Both are served with a short max-age and an ETag, and to any origin (browser-based verifiers).
import { createHash } from "node:crypto";
import { AppError } from "#app/utils/errors.ts";
import { issuerDid, type IssuerKeyRecord, listIssuerKeys } from "./issuer.server.ts";
import { getStatusListCredential } from "./status-lists.server.ts";
import { buildDidDocument } from "./vc/did.ts";

export const PUBLIC_DOCUMENT_MAX_AGE = 60;

/**
 * The DID document: every key as a Multikey verification method (current, retired and compromised);
 * only current and retired keys are assertion methods, so a compromised key verifies nothing for a
 * verifier that reads this document alone.
 */
export async function getDidDocument(
  keys?: readonly IssuerKeyRecord[],
): Promise<{ document: Record<string, unknown>; etag: string }> {
  keys ??= await listIssuerKeys();
  const document = buildDidDocument(
    issuerDid(),
    keys.map((k) => ({ fragment: k.fragment, publicKeyMultibase: k.publicKeyMultibase, assertion: k.status !== "compromised" })),
  ) as Record<string, unknown>;
  const text = JSON.stringify(document);
  // The same object while the keys are unchanged: the verifier keeps what it verified against it.
  if (lastDid?.text === text) return lastDid.answer;
  const etag = `W/"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
  lastDid = { text, answer: { document, etag } };
  return lastDid.answer;
}

let lastDid: { text: string; answer: { document: Record<string, unknown>; etag: string } } | undefined;

/** The signed status list behind /credentials/status/:listId; a malformed or unknown id is a 404. */
export async function requireStatusListCredential(listId: string | undefined) {
  const list = /^[a-z0-9]{10,40}$/.test(listId ?? "") ? await getStatusListCredential(listId!) : null;
  if (!list) throw new AppError("not_found");
  return list;
}

/** A JSON document answer: 304 on a matching If-None-Match, otherwise the document. */
export function publicJson(request: Request, body: { document: unknown; etag: string }, contentType: string): Response {
  const headers = new Headers({
    "Content-Type": contentType,
    "Cache-Control": `public, max-age=${PUBLIC_DOCUMENT_MAX_AGE}, must-revalidate`,
    ETag: body.etag,
    "Access-Control-Allow-Origin": "*",
    Vary: "Accept-Encoding",
  });
  const match = request.headers.get("If-None-Match");
  if (match && match.split(",").some((t) => t.trim() === body.etag)) return new Response(null, { status: 304, headers });
  return new Response(JSON.stringify(body.document), { status: 200, headers });
}
