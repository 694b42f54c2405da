import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { verificationMethodId } from "./vc/did.ts";
import { buildClrCredential, buildOpenBadgeCredential, randomSubjectId } from "./vc/open-badge.ts";
import { validateOpenBadgeShape } from "./vc/schema.server.ts";
import { signCredential } from "./vc/sign.server.ts";
import {
  badgeInput,
  DID,
  issuerProfile,
  LIST_URL,
  makeIssuer,
  memoryContext,
  ORIGIN,
  signedBadge,
  signedStatusList,
} from "./vc/test-support.ts";
import { CHECKS, type VerificationReport } from "./verification.ts";
import { MAX_INPUT_BYTES, verifyCredential, type KeyRecord } from "./verify-credential.server.ts";

// Real keys, real signatures, nothing mocked: documents are served from memory by the context.
const NOW = new Date("2026-12-01T12:00:00Z");
const issuer = await makeIssuer();
const other = await makeIssuer("did:web:other.test");
const good = await signedBadge(issuer); // status index 4242, signed 2026-11-30T10:00:01Z with key-3
const openList = await signedStatusList(issuer);
const offline = memoryContext({ didDocuments: [issuer.didDocument], statusLists: [openList], now: NOW });

const signedWithCompromised = await signedBadge(issuer, {}, issuer.compromised); // created 2026-11-30T10:00:01Z
const second = await signedBadge(issuer, {
  id: `${ORIGIN}/credentials/2d1e6a4b-1111-4c2d-9e3f-abcdefabcdef`,
  status: { listUrl: LIST_URL, index: 77 },
});

function deeplyNested(depth: number): Record<string, unknown> {
  let node: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) node = { a: node };
  return node;
}

const outcomes = (r: VerificationReport) => Object.fromEntries(r.checks.map((c) => [c.check, `${c.outcome}:${c.reason}`]));
const firstFailure = (r: VerificationReport) => r.checks.find((c) => c.outcome === "fail");
type Path = Array<string | number>;

function leaves(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else out.push(path);
  return out;
}
/** A copy with the leaf at `path` changed: a string's last character, a number plus one, a boolean flipped. */
function tampered<T>(doc: T, path: Path): T {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const v = node[last];
  node[last] =
    typeof v === "string" ? (v ? v.slice(0, -1) + (v.endsWith("a") ? "b" : "a") : "x") : typeof v === "number" ? v + 1 : !v;
  return copy as T;
}

describe("a good credential", () => {
  test("passes every check, in order, and says what it is", async () => {
    const report = await verifyCredential(good, offline);
    expect(report.verified).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual([...CHECKS]);
    expect(outcomes(report)).toEqual({
      shape: "pass:shape_ok",
      proof: "pass:signature_valid",
      issuer_key: "pass:key_listed",
      status: "pass:not_revoked",
      validity: "pass:within_validity",
    });
    expect(report.summary).toEqual({
      type: "OpenBadgeCredential",
      id: good.id,
      name: "Introduction to Statistics",
      achievementName: "Introduction to Statistics",
      issuerName: "Waystone",
      issuerId: DID,
      validFrom: "2026-11-30T10:00:00Z",
      creditsEarned: 5,
      result: "87.5",
    });
  });

  test("as JSON text and as bytes alike", async () => {
    expect((await verifyCredential(JSON.stringify(good), offline)).verified).toBe(true);
    expect((await verifyCredential(new TextEncoder().encode(JSON.stringify(good)), offline)).verified).toBe(true);
    expect((await verifyCredential(`\uFEFF${JSON.stringify(good, null, 2)}\n`, offline)).verified).toBe(true);
  });

  test("a signature with the retired key still verifies; online, our records say current or retired", async () => {
    const old = await signedBadge(issuer, {}, issuer.retired);
    expect(outcomes(await verifyCredential(old, offline)).issuer_key).toBe("pass:key_listed");
    const records: Record<string, KeyRecord> = {
      [issuer.current.id]: { status: "current" },
      [issuer.retired.id]: { status: "retired" },
    };
    const online = memoryContext({
      didDocuments: [issuer.didDocument],
      statusLists: [openList],
      now: NOW,
      keyRecord: async (id) => records[id] ?? null,
    });
    expect(outcomes(await verifyCredential(good, online)).issuer_key).toBe("pass:key_current");
    const report = await verifyCredential(old, online);
    expect(report.verified).toBe(true);
    expect(outcomes(report).issuer_key).toBe("pass:key_retired");
  });
});

describe("malformed input gets a clean shape failure, never a throw", () => {
  const cases: Array<[string, unknown, string]> = [
    ["not JSON", "{ this is not json", "input_not_json"],
    ["an array", JSON.stringify([good]), "input_not_object"],
    ["a parsed array", [good], "input_not_object"],
    ["null", "null", "input_not_object"],
    ["a number", 42, "input_not_object"],
    ["undefined", undefined, "input_not_object"],
    ["huge text", `{"a":"${"x".repeat(MAX_INPUT_BYTES)}"}`, "input_too_large"],
    ["a huge object", { ...good, padding: "x".repeat(MAX_INPUT_BYTES) }, "input_too_large"],
    ["deep nesting", deeplyNested(100), "input_too_large"],
    ["deep nesting as text", JSON.stringify(deeplyNested(100)), "input_too_large"],
    ["another kind of credential", { ...good, type: ["VerifiableCredential", "EndorsementCredential"] }, "type_unsupported"],
    ["an OB credential that breaks the schema", { ...good, proof: good.proof[0] }, "schema_invalid"],
  ];
  for (const [what, input, reason] of cases) {
    test(what, async () => {
      const report = await verifyCredential(input, offline);
      expect(report.verified).toBe(false);
      expect(report.checks[0]).toMatchObject({ check: "shape", outcome: "fail", reason });
      expect(report.checks.slice(1, 4).map((c) => c.outcome)).toEqual(["skipped", "skipped", "skipped"]);
    });
  }

  test("a cyclic object", async () => {
    const cyclic: Record<string, unknown> = { ...structuredClone(good) };
    cyclic.self = cyclic;
    expect((await verifyCredential(cyclic, offline)).checks[0]).toMatchObject({ outcome: "fail", reason: "input_not_json" });
  });

  test("after a shape failure the dates are still judged when they can be read", async () => {
    const report = await verifyCredential({ ...good, proof: good.proof[0] }, offline);
    expect(outcomes(report).validity).toBe("pass:within_validity");
    expect(outcomes(await verifyCredential("[]", offline)).validity).toBe("skipped:after_failure");
  });
});

describe("every single-field tampering of a real credential fails with the right reason", () => {
  // A change the schema accepts must break the proof: the signature, or one of the proof's own fields.
  const PROOF_REASON: Record<string, string> = {
    "issuer.id": "proof_not_from_issuer",
    "proof.0.type": "proof_unsupported",
    "proof.0.cryptosuite": "proof_unsupported",
    "proof.0.proofPurpose": "proof_purpose_invalid",
    "proof.0.verificationMethod": "key_unknown",
    // type names no context defines, and a context that is not bundled: JSON-LD safe mode refuses them
    "@context.2": "undefined_terms",
    "credentialStatus.type": "undefined_terms",
    "credentialSchema.0.type": "undefined_terms",
  };
  const paths = leaves(good);

  test("the walk covers every leaf, the proofValue included", () => {
    expect(paths.length).toBeGreaterThanOrEqual(45);
    expect(paths.map((p) => p.join("."))).toContain("proof.0.proofValue");
    expect(paths.map((p) => p.join("."))).toContain("credentialSubject.result.0.value");
  });

  test.each(paths.map((p) => [p.join("."), p] as const))("%s", async (name, path) => {
    const doc = tampered(good, path);
    const report = await verifyCredential(doc, offline);
    expect(report.verified).toBe(false);
    const failure = firstFailure(report)!;
    if (!validateOpenBadgeShape(doc).valid) {
      expect(failure.check).toBe("shape");
      expect(failure.reason).toBe(name === "type.1" ? "type_unsupported" : "schema_invalid");
    } else {
      expect(outcomes(report).shape).toBe("pass:shape_ok");
      expect(`${failure.check}:${failure.reason}`).toBe(`proof:${PROOF_REASON[name] ?? "signature_invalid"}`);
    }
    expect(report.checks.filter((c) => c.check === "issuer_key" || c.check === "status").map((c) => c.outcome)).toEqual([
      "skipped",
      "skipped",
    ]);
  });

  test("an added term, a removed field, a reordered type list", async () => {
    expect(outcomes(await verifyCredential({ ...good, learnerName: "Someone" }, offline)).proof).toBe("fail:undefined_terms");
    const { result: _result, ...subject } = good.credentialSubject;
    expect(outcomes(await verifyCredential({ ...good, credentialSubject: subject }, offline)).proof).toBe(
      "fail:signature_invalid",
    );
    const withoutStatus = { ...good } as Record<string, unknown>;
    delete withoutStatus.credentialStatus;
    expect(outcomes(await verifyCredential(withoutStatus, offline)).proof).toBe("fail:signature_invalid");
    // A JSON-LD type list is a set: its order is not signed, so reordering it changes nothing.
    expect((await verifyCredential({ ...good, type: ["OpenBadgeCredential", "VerifiableCredential"] }, offline)).verified).toBe(
      true,
    );
  });
});

describe("keys", () => {
  test("an unknown key: signed with a key the DID document does not list", async () => {
    const stranger = await signedBadge(issuer, {}, issuer.stranger);
    const report = await verifyCredential(stranger, offline);
    expect(report.verified).toBe(false);
    expect(outcomes(report).proof).toBe("fail:key_unknown");
    expect(firstFailure(report)!.params).toEqual({ key: `${DID}#key-9` });
  });

  test("a wrong key: signed with another key while naming the current key", async () => {
    const impostor = { ...issuer.stranger, id: issuer.current.id };
    const forged = await signedBadge(issuer, {}, impostor);
    expect(forged.proof[0].verificationMethod).toBe(`${DID}#key-3`);
    expect(outcomes(await verifyCredential(forged, offline)).proof).toBe("fail:signature_invalid");
  });

  test("an unknown issuer: another issuer's credential, or a DID that cannot be resolved", async () => {
    const theirs = await signCredential(
      buildOpenBadgeCredential(badgeInput({ issuer: issuerProfile(other.did) })),
      other.current,
    );
    const report = await verifyCredential(theirs, offline);
    expect(outcomes(report).proof).toBe("fail:issuer_unknown");
    expect(firstFailure(report)!.params).toEqual({ issuer: "did:web:other.test" });
    const throwing = { ...offline, resolveDid: async () => Promise.reject(new Error("network down")) };
    expect(outcomes(await verifyCredential(good, throwing)).proof).toBe("fail:issuer_unknown");
    // a DID document served for another DID does not count
    const mixedUp = { ...offline, resolveDid: async () => other.didDocument };
    expect(outcomes(await verifyCredential(good, mixedUp)).proof).toBe("fail:issuer_unknown");
  });

  test("a compromised key, offline: the DID document no longer vouches for it", async () => {
    const report = await verifyCredential(signedWithCompromised, offline);
    expect(outcomes(report).proof).toBe("pass:signature_valid");
    expect(outcomes(report).issuer_key).toBe("fail:key_not_authorized");
    expect(outcomes(report).status).toBe("skipped:after_failure");
    expect(report.verified).toBe(false);
  });

  describe("a compromised key, online", () => {
    const online = (compromisedAt: Date | undefined, issuedByUs?: (id: string, vm: string) => Promise<boolean>) =>
      memoryContext({
        didDocuments: [issuer.didDocument],
        statusLists: [openList],
        now: NOW,
        keyRecord: async (id) =>
          id === issuer.compromised.id ? { status: "compromised", compromisedAt } : { status: "current" },
        ...(issuedByUs ? { isIssuedByUs: issuedByUs } : {}),
      });

    test("signed at or after the compromise date fails, even if we issued it", async () => {
      const atCompromise = online(new Date("2026-11-30T10:00:01Z"), async () => true);
      expect(outcomes(await verifyCredential(signedWithCompromised, atCompromise)).issuer_key).toBe("fail:key_compromised");
      const before = online(new Date("2026-11-01T00:00:00Z"), async () => true);
      expect(outcomes(await verifyCredential(signedWithCompromised, before)).issuer_key).toBe("fail:key_compromised");
      expect(
        outcomes(
          await verifyCredential(
            signedWithCompromised,
            online(undefined, async () => true),
          ),
        ).issuer_key,
      ).toBe("fail:key_compromised");
    });

    test("signed before it passes only if our records show we issued it with that key", async () => {
      const asked: Array<[string, string]> = [];
      const ours = online(new Date("2026-12-01T00:00:00Z"), async (id, vm) => (asked.push([id, vm]), true));
      const report = await verifyCredential(signedWithCompromised, ours);
      expect(outcomes(report).issuer_key).toBe("pass:issued_before_compromise");
      expect(report.verified).toBe(true);
      expect(asked).toEqual([[good.id, verificationMethodId(DID, "key-2")]]);
      const notOurs = online(new Date("2026-12-01T00:00:00Z"), async () => false);
      expect(outcomes(await verifyCredential(signedWithCompromised, notOurs)).issuer_key).toBe("fail:key_compromised");
      const noRecords = online(new Date("2026-12-01T00:00:00Z"));
      expect(outcomes(await verifyCredential(signedWithCompromised, noRecords)).issuer_key).toBe("fail:key_compromised");
    });

    test("a key we have no record of fails, whatever the DID document says", async () => {
      const unknown = memoryContext({
        didDocuments: [issuer.didDocument],
        statusLists: [openList],
        now: NOW,
        keyRecord: async () => null,
      });
      expect(outcomes(await verifyCredential(good, unknown)).issuer_key).toBe("fail:key_unknown");
    });
  });
});

describe("revocation status", () => {
  const withList = (list: object | null) =>
    memoryContext({ didDocuments: [issuer.didDocument, other.didDocument], statusLists: list ? [list] : [], now: NOW });

  test("revoked: its bit is set", async () => {
    const revoked = await signedStatusList(issuer, { revoked: [4241, 4242] });
    const report = await verifyCredential(good, withList(revoked));
    expect(report.verified).toBe(false);
    expect(outcomes(report)).toMatchObject({
      proof: "pass:signature_valid",
      status: "fail:revoked",
      validity: "pass:within_validity",
    });
    const neighbours = await signedStatusList(issuer, { revoked: [4241, 4243] });
    expect((await verifyCredential(good, withList(neighbours))).verified).toBe(true);
  });

  test("a list that cannot be had, or is not a status list", async () => {
    const report = await verifyCredential(good, withList(null));
    expect(outcomes(report).status).toBe("fail:status_unreachable");
    expect(firstFailure(report)!.params).toEqual({ url: LIST_URL });
    const throwing = { ...offline, loadStatusList: async () => Promise.reject(new Error("timeout")) };
    expect(outcomes(await verifyCredential(good, throwing)).status).toBe("fail:status_unreachable");
    const notAList = { ...openList, type: ["VerifiableCredential"] };
    expect(outcomes(await verifyCredential(good, withList(notAList))).status).toBe("fail:status_list_invalid");
    const elsewhere = await signedStatusList(issuer, { url: `${ORIGIN}/credentials/status/list2` });
    const misfiled = { ...offline, loadStatusList: async () => elsewhere };
    expect(outcomes(await verifyCredential(good, misfiled)).status).toBe("fail:status_list_invalid");
  });

  test("another issuer's list fails, even one that names our issuer", async () => {
    const theirs = await signedStatusList(other);
    expect(outcomes(await verifyCredential(good, withList(theirs))).status).toBe("fail:status_list_other_issuer");
    // claims our issuer, signed by theirs: the list's signature cannot be ours
    const claiming = await signedStatusList(issuer, { key: { ...other.current, id: `${DID}#key-3`, controller: DID } });
    expect(outcomes(await verifyCredential(good, withList(claiming))).status).toBe("fail:status_list_signature_invalid");
  });

  test("a list changed after signing (a revocation removed) fails its signature", async () => {
    const revoked = await signedStatusList(issuer, { revoked: [4242] });
    const unrevoked = {
      ...revoked,
      credentialSubject: { ...revoked.credentialSubject, encodedList: openList.credentialSubject.encodedList },
    };
    expect(outcomes(await verifyCredential(good, withList(unrevoked))).status).toBe("fail:status_list_signature_invalid");
    const signedByCompromised = await signedStatusList(issuer, { key: issuer.compromised });
    expect(outcomes(await verifyCredential(good, withList(signedByCompromised))).status).toBe(
      "fail:status_list_signature_invalid",
    );
  });

  test("a list shorter than 131,072 entries fails", async () => {
    const short = await signedStatusList(issuer, { size: 8192 });
    const report = await verifyCredential(good, withList(short));
    expect(outcomes(report).status).toBe("fail:status_list_too_short");
    expect(firstFailure(report)!.params).toEqual({ size: 8192, minimum: 131072 });
  });

  test("an index outside the list is malformed", async () => {
    const far = await signedBadge(issuer, { status: { listUrl: LIST_URL, index: 131072 } });
    expect(outcomes(await verifyCredential(far, offline)).status).toBe("fail:status_malformed");
  });
});

describe("validity dates", () => {
  test("expired: validUntil has passed (the rest still passes)", async () => {
    const expired = await signedBadge(issuer, { validUntil: "2026-11-30T23:59:59Z" });
    const report = await verifyCredential(expired, offline);
    expect(report.verified).toBe(false);
    expect(outcomes(report)).toEqual({
      shape: "pass:shape_ok",
      proof: "pass:signature_valid",
      issuer_key: "pass:key_listed",
      status: "pass:not_revoked",
      validity: "fail:expired",
    });
    expect(firstFailure(report)!.params).toEqual({ validUntil: "2026-11-30T23:59:59Z" });
    expect((await verifyCredential(expired, { ...offline, now: new Date("2026-11-30T12:00:00Z") })).verified).toBe(true);
  });

  test("not yet valid: validFrom is in the future", async () => {
    const future = await signedBadge(issuer, { validFrom: "2027-01-01T00:00:00Z" });
    const report = await verifyCredential(future, offline);
    expect(outcomes(report).validity).toBe("fail:not_yet_valid");
    expect(outcomes(report).proof).toBe("pass:signature_valid");
    expect(firstFailure(report)!.params).toEqual({ validFrom: "2027-01-01T00:00:00Z" });
  });
});

const clrOf = (credentials: object[]) =>
  signCredential(
    buildClrCredential({
      id: `${ORIGIN}/credentials/transcripts/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b`,
      name: "Waystone transcript",
      issuer: issuerProfile(),
      validFrom: "2026-12-01T00:00:00Z",
      subjectId: randomSubjectId(),
      credentials,
    }),
    issuer.current,
  );
const clr = await clrOf([good, second]);

describe("CLR 2.0", () => {
  test("a CLR of two credentials verifies, with a report for each", async () => {
    let resolved = 0;
    const counting = { ...offline, resolveDid: async (did: string) => (resolved++, offline.resolveDid(did)) };
    const report = await verifyCredential(clr, counting);
    expect(report.verified).toBe(true);
    expect(report.summary?.type).toBe("ClrCredential");
    expect(outcomes(report)).toEqual({
      shape: "pass:shape_ok",
      proof: "pass:signature_valid",
      issuer_key: "pass:key_listed",
      status: "pass:status_none",
      validity: "pass:within_validity",
    });
    expect(report.summary?.parts?.map((p) => [p.verified, p.summary?.id])).toEqual([
      [true, good.id],
      [true, second.id],
    ]);
    expect(resolved).toBe(1); // the DID document is asked once per verification
  });

  test("a CLR with one tampered part fails (the CLR's signature covers its parts, and the part fails on its own)", async () => {
    const broken = structuredClone(clr);
    (broken.credentialSubject.verifiableCredential[1] as typeof second).credentialSubject.result[0]!.value = "99";
    const report = await verifyCredential(broken, offline);
    expect(report.verified).toBe(false);
    expect(outcomes(report).proof).toBe("fail:signature_invalid");
    expect(report.summary?.parts?.map((p) => p.verified)).toEqual([true, false]);
    expect(outcomes(report.summary!.parts![1]!).proof).toBe("fail:signature_invalid");
  });

  test("a CLR signed over a part that was tampered before bundling, or that was later revoked, fails on that part", async () => {
    const tamperedPart = structuredClone(second);
    tamperedPart.credentialSubject.creditsEarned = 50;
    const report = await verifyCredential(await clrOf([good, tamperedPart]), offline);
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => c.check === "proof")).toMatchObject({
      outcome: "fail",
      reason: "part_failed",
      params: { part: 2, reason: "signature_invalid" },
    });
    const revoked = await signedStatusList(issuer, { revoked: [77] });
    const withRevoked = memoryContext({ didDocuments: [issuer.didDocument], statusLists: [revoked], now: NOW });
    const revokedReport = await verifyCredential(clr, withRevoked);
    expect(revokedReport.verified).toBe(false);
    expect(revokedReport.checks.find((c) => c.check === "status")).toMatchObject({ reason: "part_failed", params: { part: 2 } });
    expect(outcomes(revokedReport.summary!.parts![1]!).status).toBe("fail:revoked");
  });

  test("a malformed CLR, and a CLR inside a CLR, fail their shape", async () => {
    const empty = { ...clr, credentialSubject: { ...clr.credentialSubject, verifiableCredential: [] } };
    expect(outcomes(await verifyCredential(empty, offline)).shape).toBe("fail:clr_malformed");
    const nested = await clrOf([clr]);
    const report = await verifyCredential(nested, offline);
    expect(outcomes(report).shape).toBe("fail:part_failed");
    expect(outcomes(report.summary!.parts![0]!).shape).toBe("fail:type_unsupported");
  });
});

describe("messages", () => {
  const source = readFileSync(new URL("./verify-credential.server.ts", import.meta.url), "utf8");
  const codes = new Set(
    [
      ...source.matchAll(
        /\b(?:pass|fail|no)\("([a-z_]+)"|reason: "([a-z_]+)"|"(signature_invalid|credential_malformed|key_retired|key_current)"/g,
      ),
    ].map((m) => m[1] ?? m[2] ?? m[3]!),
  );

  test("every reason code and check has its message in English, Spanish and Arabic", () => {
    expect(codes.size).toBeGreaterThanOrEqual(35);
    for (const locale of ["en", "es", "ar"]) {
      const messages = JSON.parse(
        readFileSync(new URL(`../../locales/${locale}.verify.json`, import.meta.url), "utf8"),
      ) as Record<string, string>;
      const missing = [...[...codes].map((c) => `verify.reason.${c}`), ...CHECKS.map((c) => `verify.check.${c}`)].filter(
        (key) => !messages[key],
      );
      expect(missing, locale).toEqual([]);
    }
  });
});
