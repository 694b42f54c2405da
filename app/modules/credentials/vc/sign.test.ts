import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { BUNDLED_CONTEXTS, documentLoaderWith, staticDocumentLoader } from "./document-loader.server.ts";
import { generateIssuerKeyPair, keyPairFrom } from "./keys.server.ts";
import { signCredential } from "./sign.server.ts";
import { DID, makeIssuer, signedBadge } from "./test-support.ts";

// The official known-answer vectors of the 1EdTech Open Badges 3.0 Implementation Guide (Final Release
// 2.0, April 2025: repository 1EdTech/openbadges-specification, ob_v3p0/microsites/v3p0/impl.md,
// "Linked Data Proof Test Vector for Open Badges 3.0" and "… for Comprehensive Learner Record 2.0").
// The documents below are the guide's "Test data", unchanged; the key, the date and the expected
// proofValue are also in shared/DEPENDENCIES.md ("Credentials").
const VECTOR_KEY = {
  id: "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
  controller: "https://example.edu/issuers/565049",
  publicKeyMultibase: "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
  secretKeyMultibase: "zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx",
};
const VECTOR_CREATED = "2010-01-01T19:23:24Z";

const OB_VECTOR = {
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  id: "http://example.com/credentials/3527",
  type: ["VerifiableCredential", "OpenBadgeCredential"],
  issuer: {
    id: "https://example.edu/issuers/565049",
    type: ["Profile"],
    url: "https://www.imsglobal.org",
    name: "Example Corp",
  },
  validFrom: "2010-01-01T00:00:00Z",
  name: "Teamwork Badge",
  credentialSubject: {
    id: "did:example:ebfeb1f712ebc6f1c276e12ec21",
    type: ["AchievementSubject"],
    achievement: {
      id: "https://example.com/achievements/21st-century-skills/teamwork",
      type: ["Achievement"],
      criteria: {
        narrative:
          "Team members are nominated for this badge by their peers and recognized upon review by Example Corp management.",
      },
      description: "This badge recognizes the development of the capacity to collaborate within a group environment.",
      name: "Teamwork",
    },
  },
};
const OB_PROOF_VALUE = "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr";

const vectorAchievement = (uuid: string, name: string) => ({
  id: `urn:uuid:${uuid}`,
  type: "Achievement",
  creator: { id: "https://example.edu/issuers/565049", type: "Profile" },
  name,
  criteria: { id: `https://example.edu/achievements/${uuid}/criteria` },
  description: name,
  image: { id: "https://example.edu/achievements/sample.png", type: "Image" },
});
const CLR_VECTOR = {
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
  ],
  id: "http://example.edu/credentials/3732",
  type: ["VerifiableCredential", "ClrCredential"],
  issuer: { id: "https://example.edu/issuers/565049", type: "Profile", name: "Example University" },
  validFrom: "2010-01-01T00:00:00Z",
  name: "Sample Transcript",
  credentialSubject: {
    id: "did:example:ebfeb1f712ebc6f1c276e12ec21",
    type: "ClrSubject",
    verifiableCredential: [
      {
        "@context": [
          "https://www.w3.org/ns/credentials/v2",
          "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
          "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        ],
        id: "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        type: ["VerifiableCredential", "AchievementCredential"],
        issuer: { id: "https://example.edu/issuers/565049", type: "Profile", name: "Example University" },
        validFrom: "2010-01-01T00:00:00Z",
        name: "Example University Degree",
        credentialSubject: {
          id: "did:example:ebfeb1f712ebc6f1c276e12ec21",
          type: "AchievementSubject",
          achievement: vectorAchievement("a7467ef6-56cb-11ec-bf63-0242ac130002", "Achievement 1"),
        },
        credentialSchema: [
          {
            id: "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
            type: "1EdTechJsonSchemaValidator2019",
          },
        ],
        proof: [
          {
            type: "DataIntegrityProof",
            created: "2010-01-01T19:23:24Z",
            verificationMethod: "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
            cryptosuite: "eddsa-rdfc-2022",
            proofPurpose: "assertionMethod",
            proofValue: "z45QnLySMt2mWuW787G6cf3SLkP97ZkMZxLeXH5yaaTQPCtTup4GCV95tU8HEnQJSyGCokSj3AvUhmJtvveTmN4Vu",
          },
        ],
      },
    ],
    achievement: [
      vectorAchievement("a7467ef6-56cb-11ec-bf63-0242ac130002", "Achievement 1"),
      vectorAchievement("dd887f0a-56cb-11ec-bf63-0242ac130002", "Achievement 2"),
    ],
    association: [
      {
        type: "Association",
        associationType: "isParentOf",
        sourceId: "urn:uuid:a7467ef6-56cb-11ec-bf63-0242ac130002",
        targetId: "urn:uuid:dd887f0a-56cb-11ec-bf63-0242ac130002",
      },
    ],
  },
  credentialSchema: [
    {
      id: "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
      type: "1EdTechJsonSchemaValidator2019",
    },
  ],
};
const CLR_PROOF_VALUE = "zF52sU1nfPAjcwCqtgxPNSor6SJnAzRBwZW5VNQXPt8xXCHkd39sgqj32DnMjhFCzbyHsLkhQ8HpBqQTkMgXy329";

describe("the official known-answer vectors", () => {
  test("Open Badges 3.0: signCredential reproduces the expected proof byte for byte", async () => {
    const signed = await signCredential(OB_VECTOR, VECTOR_KEY, { created: VECTOR_CREATED });
    expect(signed.proof).toEqual([
      {
        type: "DataIntegrityProof",
        created: "2010-01-01T19:23:24Z",
        verificationMethod: "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
        cryptosuite: "eddsa-rdfc-2022",
        proofPurpose: "assertionMethod",
        proofValue: OB_PROOF_VALUE,
      },
    ]);
    // Nothing else of the document changed (the proof is not part of what is signed).
    const { proof: _proof, ...rest } = signed;
    expect(rest).toEqual(OB_VECTOR);
  });

  test("CLR 2.0 (the bundled CLR context from standards/ included): the expected proofValue and the bundled credential's own", async () => {
    const signed = await signCredential(CLR_VECTOR, VECTOR_KEY, { created: VECTOR_CREATED });
    expect(signed.proof[0].proofValue).toBe(CLR_PROOF_VALUE);
    const inner = structuredClone(CLR_VECTOR.credentialSubject.verifiableCredential[0]!) as Record<string, unknown>;
    const innerProof = (inner.proof as Array<{ proofValue: string }>)[0]!.proofValue;
    delete inner.proof;
    expect((await signCredential(inner, VECTOR_KEY, { created: VECTOR_CREATED })).proof[0].proofValue).toBe(innerProof);
  });

  test("a different key, date or document gives another proofValue (the comparison is not vacuous)", async () => {
    const other = await signCredential(OB_VECTOR, VECTOR_KEY, { created: "2010-01-01T19:23:25Z" });
    expect(other.proof[0].proofValue).not.toBe(OB_PROOF_VALUE);
    const renamed = await signCredential({ ...OB_VECTOR, name: "Teamwork Badge!" }, VECTOR_KEY, { created: VECTOR_CREATED });
    expect(renamed.proof[0].proofValue).not.toBe(OB_PROOF_VALUE);
  });
});

describe("signCredential", () => {
  test("one eddsa-rdfc-2022 DataIntegrityProof in an array, assertionMethod, the key's verification method, created at second precision", async () => {
    const issuer = await makeIssuer();
    const signed = await signedBadge(issuer);
    expect(Array.isArray(signed.proof)).toBe(true);
    expect(signed.proof).toHaveLength(1);
    expect(signed.proof[0]).toMatchObject({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-rdfc-2022",
      proofPurpose: "assertionMethod",
      verificationMethod: `${DID}#key-3`,
      created: "2026-11-30T10:00:01Z",
    });
    expect(signed.proof[0].proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
    const dated = await signCredential({ ...OB_VECTOR, issuer: { ...OB_VECTOR.issuer, id: DID } }, issuer.current, {
      created: new Date("2026-12-01T08:09:10.987Z"),
    });
    expect(dated.proof[0].created).toBe("2026-12-01T08:09:10Z");
  });

  test("refuses a credential of another issuer, one already signed, and a secret key of another public key", async () => {
    const issuer = await makeIssuer();
    await expect(signCredential(OB_VECTOR, issuer.current)).rejects.toThrow(/not the key's controller/);
    const signed = await signedBadge(issuer);
    await expect(signCredential(signed, issuer.current)).rejects.toThrow(/already has a proof/);
    const mismatched = { ...issuer.current, secretKeyMultibase: issuer.retired.secretKeyMultibase };
    await expect(keyPairFrom(mismatched)).rejects.toThrow(/does not belong/);
    await expect(keyPairFrom({ ...issuer.current, id: "did:web:elsewhere.test#key-3" })).rejects.toThrow(
      /fragment of its controller/,
    );
  });

  test("JSON-LD safe mode: a term no bundled context defines makes signing fail", async () => {
    const extra = { ...OB_VECTOR, learnerName: "Someone" };
    await expect(signCredential(extra, VECTOR_KEY, { created: VECTOR_CREATED })).rejects.toThrow(/Safe mode/);
  });

  test("generateIssuerKeyPair gives fresh Ed25519 Multikeys that sign and verify", async () => {
    const [a, b] = await Promise.all([generateIssuerKeyPair(), generateIssuerKeyPair()]);
    expect(a.publicKeyMultibase).toMatch(/^z6Mk/);
    // ed25519-priv (multicodec 0x1300) + 64 bytes: base58btc "zru…" or "zrv…", depending on the key.
    expect(a.secretKeyMultibase).toMatch(/^zr[uv]/);
    expect(a.publicKeyMultibase).not.toBe(b.publicKeyMultibase);
    const key = await keyPairFrom({ id: `${DID}#k`, controller: DID, ...a });
    const data = new TextEncoder().encode("hello");
    const signature = await key.signer().sign({ data });
    expect(await key.verifier().verify({ data, signature })).toBe(true);
    expect(await key.verifier().verify({ data: new TextEncoder().encode("hellp"), signature })).toBe(false);
  });
});

describe("the document loader", () => {
  test("serves VC v2, OB 3.0.3 (and 3.0–3.0.2, extensions), Data Integrity v2, Multikey v1, DID v1 and CLR 2.0.1 from the packages", async () => {
    for (const url of [
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
      "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
      "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
      "https://w3id.org/security/data-integrity/v2",
      "https://w3id.org/security/multikey/v1",
      "https://www.w3.org/ns/did/v1",
      "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    ]) {
      const loaded = await staticDocumentLoader(url);
      expect(loaded.documentUrl).toBe(url);
      expect(loaded.document).toHaveProperty("@context");
    }
    expect(BUNDLED_CONTEXTS.size).toBeGreaterThanOrEqual(12);
  });

  test("never reaches the network: an unknown URL fails, and fetch is never called", async () => {
    const realFetch = globalThis.fetch;
    let fetched = 0;
    globalThis.fetch = (async () => {
      fetched++;
      return new Response("{}");
    }) as typeof fetch;
    try {
      await expect(staticDocumentLoader("https://example.com/context.json")).rejects.toThrow(/not found/);
      const withContext = { ...OB_VECTOR, "@context": [...OB_VECTOR["@context"], "https://example.com/context.json"] };
      await expect(signCredential(withContext, VECTOR_KEY, { created: VECTOR_CREATED })).rejects.toThrow();
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(fetched).toBe(0);
  });

  test("DID documents: the document for a DID, its verification method for a DID URL, nothing for others", async () => {
    const issuer = await makeIssuer();
    const load = documentLoaderWith({ didDocuments: [issuer.didDocument] });
    expect((await load(DID)).document).toEqual(issuer.didDocument);
    expect((await load(`${DID}#key-3`)).document).toEqual({
      id: `${DID}#key-3`,
      type: "Multikey",
      controller: DID,
      publicKeyMultibase: issuer.current.publicKeyMultibase,
    });
    await expect(load(`${DID}#key-9`)).rejects.toThrow(/not found/);
    await expect(load("did:web:elsewhere.test")).rejects.toThrow(/not found/);
    const asked: string[] = [];
    const resolving = documentLoaderWith({
      resolveDid: async (did) => (asked.push(did), did === DID ? issuer.didDocument : null),
    });
    expect((await resolving(`${DID}#key-1`)).document).toMatchObject({ publicKeyMultibase: issuer.retired.publicKeyMultibase });
    await expect(resolving("did:web:elsewhere.test#key-1")).rejects.toThrow(/not found/);
    expect(asked).toEqual([DID, "did:web:elsewhere.test"]);
  });
});

describe("standards/", () => {
  test("the OB 3.0 JSON Schema is the official file (sha256 as recorded in its README)", () => {
    const bytes = readFileSync(new URL("../standards/ob_v3p0_achievementcredential_schema.json", import.meta.url));
    const sha = createHash("sha256").update(bytes).digest("hex");
    expect(sha).toBe("859e405b592d93c3261fe899362f4128801140d4d20c01502a066b3540483d95");
    const readme = readFileSync(new URL("../standards/README.md", import.meta.url), "utf8");
    expect(readme).toContain(sha);
  });
});
