// The one verification function (issue 9, item 5), used by /verify, the JSON APIs, the share page and
// the CLI: shape, proof, issuer key, status, validity, in that order. Everything outside the document
// comes through the context: the issuer's DID document, the status list, and — online only — our own
// key and issuance records. It never throws and never reaches the network.
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { documentLoaderWith, findVerificationMethod } from "./vc/document-loader.server.ts";
import { CLR_V2_CONTEXT, VC_V2_CONTEXT } from "./vc/open-badge.ts";
import { validateOpenBadgeShape } from "./vc/schema.server.ts";
import { decodeStatusList, STATUS_LIST_MIN_SIZE } from "./vc/status-list.server.ts";
import { CHECKS, type Check, type CheckName, type VerificationReport } from "./verification.ts";

export type KeyRecord = { status: "current" | "retired" | "compromised"; compromisedAt?: Date };

export type VerifyContext = {
  /** The time to judge validity at; now by default. */
  now?: Date;
  /** The DID document of a DID, or null when it is unknown (not ours, not given). */
  resolveDid(did: string): Promise<object | null>;
  /** The signed status list credential at `url`, or null if it is unreachable or not ours. */
  loadStatusList(url: string): Promise<object | null>;
  /** Online only: our record of the key `<did>#<fragment>`, or null when we have none. */
  keyRecord?(verificationMethodId: string): Promise<KeyRecord | null>;
  /** Online only: whether we issued the credential `credentialId` (its URL) with that key. */
  isIssuedByUs?(credentialId: string, verificationMethodId: string): Promise<boolean>;
};

/** The largest input read, as JSON text or as the size of a parsed document. */
export const MAX_INPUT_BYTES = 1024 * 1024;
/** JSON nesting deeper than this is refused before anything else reads it. */
const MAX_DEPTH = 40;
/** The most credentials a CLR may bundle. */
export const MAX_CLR_PARTS = 100;
/** How far a credential's validFrom may be ahead of our clock (servers' clocks differ a little). */
const CLOCK_SKEW_MS = 60_000;

type Json = Record<string, unknown>;
type Outcome = { ok: true; reason: string; params?: Check["params"] } | { ok: false; reason: string; params?: Check["params"] };
const pass = (reason: string, params?: Check["params"]): Outcome => ({ ok: true, reason, ...(params ? { params } : {}) });
const fail = (reason: string, params?: Check["params"]): Outcome => ({ ok: false, reason, ...(params ? { params } : {}) });
const toCheck = (check: CheckName, o: Outcome): Check => ({
  check,
  outcome: o.ok ? "pass" : "fail",
  reason: o.reason,
  ...(o.params ? { params: o.params } : {}),
});

/**
 * Verifies a credential (an OpenBadgeCredential, or a ClrCredential and every credential it bundles):
 * `input` is JSON text, its bytes, or a parsed document. Each check passes, fails with a reason code
 * (`verify.reason.<code>`), or is skipped after an earlier failure (validity is still judged when the
 * dates can be read).
 */
export async function verifyCredential(input: unknown, ctx: VerifyContext): Promise<VerificationReport> {
  const memo = memoized(ctx);
  try {
    return await verifyDocument(input, memo, 0);
  } catch (error) {
    // Not expected: every step catches its own errors. A report is still an answer, never a 500.
    console.error("verifyCredential failed unexpectedly", error);
    return report([toCheck("shape", fail("check_error"))]);
  }
}

async function verifyDocument(input: unknown, ctx: VerifyContext, depth: number): Promise<VerificationReport> {
  const read = readInput(input);
  if (!read.ok) return report([toCheck("shape", fail(read.reason))]);
  const doc = read.doc;
  const types = asArray(doc.type).filter((t): t is string => typeof t === "string");
  const kind = types.includes("ClrCredential")
    ? "ClrCredential"
    : types.includes("OpenBadgeCredential") || types.includes("AchievementCredential")
      ? "OpenBadgeCredential"
      : null;
  if (!kind || (kind === "ClrCredential" && depth > 0)) return report([toCheck("shape", fail("type_unsupported"))]);

  const summary = summarize(doc, kind);
  const checks: Check[] = [];
  const now = ctx.now ?? new Date();
  let failed = false;
  const record = (check: CheckName, outcome: Outcome) => {
    checks.push(toCheck(check, outcome));
    if (!outcome.ok) failed = true;
  };

  // shape
  let parts: VerificationReport[] | undefined;
  if (kind === "OpenBadgeCredential") {
    const shape = validateOpenBadgeShape(doc);
    record("shape", shape.valid ? pass("shape_ok") : fail("schema_invalid", { errors: shape.errors.slice(0, 5).join("; ") }));
  } else {
    const shape = clrShape(doc);
    if (!shape.ok) record("shape", shape);
    else {
      parts = [];
      for (const part of asArray((doc.credentialSubject as Json).verifiableCredential)) {
        parts.push(await verifyDocument(part, ctx, depth + 1));
      }
      summary.parts = parts;
      record("shape", partsOutcome(parts, "shape") ?? pass("shape_ok"));
    }
  }

  // proof, then the issuer's key: both need the DID document and the verification method.
  let proofFacts: ProofFacts | undefined;
  if (failed) skip(checks, "proof");
  else {
    const proof = await checkProof(doc, ctx);
    if (proof.ok) proofFacts = proof.facts;
    record("proof", (proof.ok && parts && partsOutcome(parts, "proof")) || proof.outcome);
  }
  if (failed || !proofFacts) skip(checks, "issuer_key");
  else {
    const own = await checkIssuerKey(doc, proofFacts, ctx);
    record("issuer_key", (own.ok && parts && partsOutcome(parts, "issuer_key")) || own);
  }
  if (failed || !proofFacts) skip(checks, "status");
  else {
    const own = await checkStatus(doc, proofFacts, ctx, now);
    record("status", (own.ok && parts && partsOutcome(parts, "status")) || own);
  }
  // validity: judged whenever the dates can be read, even after a failure (it is useful to know).
  const validity = checkValidity(doc, now);
  if (validity) {
    const own = validity;
    checks.push(toCheck("validity", (own.ok && parts && partsOutcome(parts, "validity")) || own));
  } else skip(checks, "validity");

  return report(checks, summary);
}

// ---------------------------------------------------------------------------------------------------
// Input and shape

type Read = { ok: true; doc: Json } | { ok: false; reason: string };

function readInput(input: unknown): Read {
  let value = input;
  if (value instanceof Uint8Array) {
    if (value.byteLength > MAX_INPUT_BYTES) return { ok: false, reason: "input_too_large" };
    value = new TextDecoder("utf-8", { fatal: false }).decode(value);
  }
  if (typeof value === "string") {
    if (value.length > MAX_INPUT_BYTES) return { ok: false, reason: "input_too_large" };
    try {
      value = JSON.parse(value.replace(/^\uFEFF/, "")); // a byte order mark is not part of the JSON
    } catch {
      return { ok: false, reason: "input_not_json" };
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "input_not_object" };
  const size = measure(value);
  if (size === "cyclic") return { ok: false, reason: "input_not_json" };
  if (size === "too_deep" || size > MAX_INPUT_BYTES) return { ok: false, reason: "input_too_large" };
  return { ok: true, doc: value as Json };
}

/** About the size of a value as JSON text, without writing it; stops early past the limit. */
function measure(root: unknown): number | "too_deep" | "cyclic" {
  let total = 0;
  const seen = new Set<object>();
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return "too_deep";
    if (typeof value === "string") total += value.length + 2;
    else if (typeof value === "number" || typeof value === "boolean" || value === null) total += 8;
    else if (typeof value === "object") {
      if (seen.has(value)) return "cyclic";
      seen.add(value);
      const entries = Array.isArray(value) ? value.map((v) => ["", v] as const) : Object.entries(value);
      for (const [key, child] of entries) {
        total += key.length + 4;
        stack.push([child, depth + 1]);
      }
    } else return "cyclic"; // functions, symbols, bigints: not JSON
    if (total > MAX_INPUT_BYTES) return total;
  }
  return total;
}

/** A structural check of a ClrCredential (no official schema is bundled for CLR 2.0). */
function clrShape(doc: Json): Outcome {
  const context = asArray(doc["@context"]);
  const subject = doc.credentialSubject;
  const problems: string[] = [];
  if (context[0] !== VC_V2_CONTEXT || !context.includes(CLR_V2_CONTEXT)) problems.push("@context");
  if (typeof doc.id !== "string") problems.push("id");
  if (!issuerIdOf(doc)) problems.push("issuer");
  if (typeof doc.name !== "string") problems.push("name");
  if (typeof doc.validFrom !== "string" || Number.isNaN(Date.parse(doc.validFrom))) problems.push("validFrom");
  if (doc.validUntil !== undefined && (typeof doc.validUntil !== "string" || Number.isNaN(Date.parse(doc.validUntil))))
    problems.push("validUntil");
  if (!isObject(subject) || !asArray(subject.type).includes("ClrSubject")) problems.push("credentialSubject");
  else {
    const bundled = subject.verifiableCredential;
    if (!Array.isArray(bundled) || bundled.length === 0 || bundled.length > MAX_CLR_PARTS || !bundled.every(isObject))
      problems.push("credentialSubject.verifiableCredential");
  }
  if (!Array.isArray(doc.proof) || doc.proof.length === 0) problems.push("proof");
  return problems.length ? fail("clr_malformed", { errors: problems.join(", ") }) : pass("shape_ok");
}

// ---------------------------------------------------------------------------------------------------
// Proof

type ProofFacts = {
  issuerId: string;
  didDocument: Json;
  verificationMethodId: string;
  created: string | undefined;
};

async function checkProof(
  doc: Json,
  ctx: VerifyContext,
): Promise<{ ok: true; facts: ProofFacts; outcome: Outcome } | { ok: false; outcome: Outcome }> {
  const no = (reason: string, params?: Check["params"]) => ({ ok: false as const, outcome: fail(reason, params) });
  const proofs = asArray(doc.proof);
  if (proofs.length === 0) return no("proof_missing");
  // We sign with one proof; a second one (a co-signature) is not ours to vouch for.
  if (proofs.length > 1) return no("proof_unsupported");
  const proof = proofs[0];
  if (!isObject(proof)) return no("proof_missing");
  if (proof.type !== "DataIntegrityProof" || proof.cryptosuite !== "eddsa-rdfc-2022") return no("proof_unsupported");
  if (proof.proofPurpose !== "assertionMethod") return no("proof_purpose_invalid");
  const issuerId = issuerIdOf(doc);
  const vmId = proof.verificationMethod;
  if (!issuerId) return no("proof_not_from_issuer");
  if (typeof vmId !== "string" || !vmId.startsWith(`${issuerId}#`)) return no("proof_not_from_issuer");

  const didDocument = await ctx.resolveDid(issuerId);
  if (!isObject(didDocument) || didDocument.id !== issuerId) return no("issuer_unknown", { issuer: issuerId });
  const method = findVerificationMethod(didDocument, vmId);
  if (!method || method.type !== "Multikey" || method.controller !== issuerId || typeof method.publicKeyMultibase !== "string")
    return no("key_unknown", { key: vmId });

  const outcome = await verifySignature(doc, issuerId, vmId, didDocument);
  if (!outcome.ok) return { ok: false, outcome };
  return {
    ok: true,
    facts: {
      issuerId,
      didDocument,
      verificationMethodId: vmId,
      created: typeof proof.created === "string" ? proof.created : undefined,
    },
    outcome,
  };
}

/**
 * The signature alone: eddsa-rdfc-2022 over the canonical document with the key of the DID document,
 * and the issuer as the key's controller. Whether the issuer still vouches for the key (its
 * assertionMethod, our key records) is the issuer_key check, so the purpose is given a controller that
 * names this key; validity dates are judged apart, so the library is asked at a time inside them.
 */
async function verifySignature(doc: Json, issuerId: string, vmId: string, didDocument: Json): Promise<Outcome> {
  const at = typeof doc.validFrom === "string" && !Number.isNaN(Date.parse(doc.validFrom)) ? doc.validFrom : new Date();
  let result: vc.VerifyCredentialResult;
  try {
    result = await vc.verifyCredential({
      credential: doc,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: documentLoaderWith({ didDocuments: [didDocument as { id: string }] }),
      purpose: new vc.CredentialIssuancePurpose({ controller: { id: issuerId, assertionMethod: [vmId] } }),
      checkStatus: async () => ({ verified: true }),
      now: at,
    });
  } catch (error) {
    return classify(error, false);
  }
  if (result.verified) return pass("signature_valid");
  // jsonld-signatures reports each proof it checked (with `proof`); an error before that is the library's
  // own check of the credential's form.
  const proofChecked = result.results?.some((r) => isObject(r) && "proof" in r) ?? false;
  return classify([result.error, ...(result.results ?? []).map((r) => r.error)], proofChecked);
}

/** A library failure as a reason: undefined JSON-LD terms, a malformed credential, or a signature that does not verify. */
function classify(error: unknown, proofChecked: boolean): Outcome {
  const names: string[] = [];
  const walk = (e: unknown, depth: number) => {
    if (depth > 5 || e === null || e === undefined) return;
    if (Array.isArray(e)) return e.forEach((x) => walk(x, depth + 1));
    if (!isObject(e) && !(e instanceof Error)) return;
    const err = e as Json;
    names.push(String(err.name ?? ""));
    walk(err.errors, depth + 1);
    walk(err.cause, depth + 1);
  };
  walk(error, 0);
  // jsonld.ValidationError (safe mode: a term no context defines), jsonld.InvalidUrl (a context we lack)…
  if (names.some((n) => n.startsWith("jsonld."))) return fail("undefined_terms");
  return fail(proofChecked ? "signature_invalid" : "credential_malformed");
}

// ---------------------------------------------------------------------------------------------------
// Issuer key

async function checkIssuerKey(doc: Json, facts: ProofFacts, ctx: VerifyContext): Promise<Outcome> {
  const { verificationMethodId: vmId, didDocument } = facts;
  const asserting = assertsWith(didDocument, vmId);
  if (!ctx.keyRecord) return asserting ? pass("key_listed") : fail("key_not_authorized", { key: vmId });

  let record: KeyRecord | null;
  try {
    record = await ctx.keyRecord(vmId);
  } catch {
    return fail("check_error");
  }
  if (!record) return fail("key_unknown", { key: vmId });
  if (record.status === "compromised") {
    const created = facts.created ? Date.parse(facts.created) : NaN;
    const since = record.compromisedAt?.getTime();
    // Signed (by its own claim) after the compromise, or with no date: anyone holding the key could have.
    if (since === undefined || Number.isNaN(created) || created >= since) return fail("key_compromised");
    // Before it: only what our own records show we issued with that key still stands.
    const id = typeof doc.id === "string" ? doc.id : "";
    let ours = false;
    try {
      ours = Boolean(id) && (await ctx.isIssuedByUs?.(id, vmId)) === true;
    } catch {
      return fail("check_error");
    }
    return ours ? pass("issued_before_compromise") : fail("key_compromised");
  }
  // Our records and the DID document disagree (a stale document): trust neither.
  if (!asserting) return fail("key_not_authorized", { key: vmId });
  return pass(record.status === "retired" ? "key_retired" : "key_current");
}

// ---------------------------------------------------------------------------------------------------
// Status

/** Status lists already verified against the same DID document (the caller's cache hands out the same objects). */
const verifiedLists = new WeakMap<object, { didDocument: string; outcome: Outcome }>();

async function checkStatus(doc: Json, facts: ProofFacts, ctx: VerifyContext, now: Date): Promise<Outcome> {
  const statuses = asArray(doc.credentialStatus);
  if (statuses.length === 0) return pass("status_none");
  const entry = statuses.find(
    (s): s is Json => isObject(s) && s.type === "BitstringStatusListEntry" && s.statusPurpose === "revocation",
  );
  if (!entry) return fail("status_unsupported");
  const { statusListIndex: rawIndex, statusListCredential: url } = entry;
  if (typeof rawIndex !== "string" || !/^(0|[1-9]\d{0,9})$/.test(rawIndex) || typeof url !== "string" || !isUrl(url))
    return fail("status_malformed");
  const index = Number(rawIndex);

  let list: unknown;
  try {
    list = await ctx.loadStatusList(url);
  } catch {
    list = null;
  }
  if (!isObject(list)) return fail("status_unreachable", { url });
  if (!asArray(list.type).includes("BitstringStatusListCredential") || list.id !== url) return fail("status_list_invalid");
  if (issuerIdOf(list) !== facts.issuerId) return fail("status_list_other_issuer");

  const listProof = await verifyStatusList(list, facts);
  if (!listProof.ok) return listProof;

  const subject = list.credentialSubject;
  if (!isObject(subject) || subject.type !== "BitstringStatusList" || subject.statusPurpose !== entry.statusPurpose)
    return fail("status_list_invalid");
  if (typeof list.validUntil === "string" && !(Date.parse(list.validUntil) >= now.getTime()))
    return fail("status_list_expired", { validUntil: list.validUntil });
  if (typeof list.validFrom === "string" && !(Date.parse(list.validFrom) <= now.getTime() + CLOCK_SKEW_MS))
    return fail("status_list_invalid");

  let decoded;
  try {
    decoded = decodeStatusList(subject.encodedList as string);
  } catch {
    return fail("status_list_invalid");
  }
  if (decoded.size < STATUS_LIST_MIN_SIZE)
    return fail("status_list_too_short", { size: decoded.size, minimum: STATUS_LIST_MIN_SIZE });
  if (index >= decoded.size) return fail("status_malformed");
  return decoded.isSet(index) ? fail("revoked") : pass("not_revoked");
}

/** The status list's own proof: the same issuer, signed by a key its DID document vouches for. */
async function verifyStatusList(list: Json, facts: ProofFacts): Promise<Outcome> {
  const didKey = JSON.stringify(facts.didDocument);
  const cached = verifiedLists.get(list);
  if (cached && cached.didDocument === didKey) return cached.outcome;
  const outcome = await (async () => {
    const proofs = asArray(list.proof);
    const proof = proofs[0];
    if (proofs.length !== 1 || !isObject(proof)) return fail("status_list_signature_invalid");
    if (
      proof.type !== "DataIntegrityProof" ||
      proof.cryptosuite !== "eddsa-rdfc-2022" ||
      proof.proofPurpose !== "assertionMethod"
    )
      return fail("status_list_signature_invalid");
    const vmId = proof.verificationMethod;
    if (typeof vmId !== "string" || !vmId.startsWith(`${facts.issuerId}#`)) return fail("status_list_signature_invalid");
    if (!assertsWith(facts.didDocument, vmId) || !findVerificationMethod(facts.didDocument, vmId))
      return fail("status_list_signature_invalid");
    const signature = await verifySignature(list, facts.issuerId, vmId, facts.didDocument);
    return signature.ok ? pass("signature_valid") : fail("status_list_signature_invalid");
  })();
  verifiedLists.set(list, { didDocument: didKey, outcome });
  return outcome;
}

// ---------------------------------------------------------------------------------------------------
// Validity

function checkValidity(doc: Json, now: Date): Outcome | null {
  const from = typeof doc.validFrom === "string" ? Date.parse(doc.validFrom) : NaN;
  const until = doc.validUntil === undefined ? undefined : typeof doc.validUntil === "string" ? Date.parse(doc.validUntil) : NaN;
  if (Number.isNaN(from) || (until !== undefined && Number.isNaN(until))) return null;
  if (from > now.getTime() + CLOCK_SKEW_MS) return fail("not_yet_valid", { validFrom: doc.validFrom as string });
  if (until !== undefined && until < now.getTime()) return fail("expired", { validUntil: doc.validUntil as string });
  return pass("within_validity");
}

// ---------------------------------------------------------------------------------------------------
// Reports

/** A CLR's check also fails when a bundled credential fails it (null when every part passed it). */
function partsOutcome(parts: VerificationReport[], check: CheckName): Outcome | null {
  const index = parts.findIndex((p) => p.checks.some((c) => c.check === check && c.outcome === "fail"));
  if (index === -1) return null;
  const failed = parts[index]!.checks.find((c) => c.check === check)!;
  return fail("part_failed", { part: index + 1, reason: failed.reason });
}

function skip(checks: Check[], check: CheckName) {
  checks.push({ check, outcome: "skipped", reason: "after_failure" });
}

function report(checks: Check[], summary?: VerificationReport["summary"]): VerificationReport {
  const byName = new Map(checks.map((c) => [c.check, c]));
  const ordered = CHECKS.map((name) => byName.get(name) ?? { check: name, outcome: "skipped" as const, reason: "after_failure" });
  const verified = ordered.every((c) => c.outcome === "pass");
  return { verified, checks: ordered, ...(summary ? { summary } : {}) };
}

function summarize(doc: Json, type: "OpenBadgeCredential" | "ClrCredential"): NonNullable<VerificationReport["summary"]> {
  const subject = isObject(doc.credentialSubject) ? doc.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = isObject(doc.issuer) ? doc.issuer : {};
  const result = asArray(subject.result).find(isObject);
  const text = (v: unknown, max = 500) => (typeof v === "string" ? v.slice(0, max) : undefined);
  const summary: NonNullable<VerificationReport["summary"]> = { type };
  const fields = {
    id: text(doc.id),
    name: text(doc.name),
    achievementName: text(achievement.name),
    issuerName: text(issuer.name),
    issuerId: issuerIdOf(doc)?.slice(0, 500),
    validFrom: text(doc.validFrom, 40),
    validUntil: text(doc.validUntil, 40),
    creditsEarned: typeof subject.creditsEarned === "number" ? subject.creditsEarned : undefined,
    result: text(result?.value, 40),
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(summary, { [key]: value });
  return summary;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

/** The context with the DID documents and status lists asked once per verification (a CLR asks for each part). */
function memoized(ctx: VerifyContext): VerifyContext {
  const dids = new Map<string, Promise<object | null>>();
  const lists = new Map<string, Promise<object | null>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = load()));
    return hit;
  };
  return {
    ...ctx,
    resolveDid: (did) => once(dids, did, () => ctx.resolveDid(did).catch(() => null)),
    loadStatusList: (url) => once(lists, url, () => ctx.loadStatusList(url).catch(() => null)),
  };
}

/** Whether the DID document lists the verification method in `assertionMethod` (by id, relative id or embedded). */
function assertsWith(didDocument: Json, vmId: string): boolean {
  const did = typeof didDocument.id === "string" ? didDocument.id : "";
  return asArray(didDocument.assertionMethod).some((m) => {
    const id = typeof m === "string" ? m : isObject(m) ? m.id : undefined;
    return typeof id === "string" && (id.startsWith("#") ? `${did}${id}` : id) === vmId;
  });
}

function issuerIdOf(doc: Json): string | undefined {
  const issuer = doc.issuer;
  const id = typeof issuer === "string" ? issuer : isObject(issuer) ? issuer.id : undefined;
  return typeof id === "string" && id.length > 0 ? id : undefined;
}

function asArray(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
