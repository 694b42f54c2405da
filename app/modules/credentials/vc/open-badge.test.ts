import { describe, expect, test } from "vitest";
import {
  buildClrCredential,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  formatPercent,
  randomSubjectId,
} from "./open-badge.ts";
import { validateOpenBadgeShape } from "./schema.server.ts";
import { signCredential } from "./sign.server.ts";
import { decodeStatusList, encodeStatusList } from "./status-list.server.ts";
import { badgeInput, DID, issuerProfile, LIST_URL, makeIssuer, ORIGIN, signedBadge, signedStatusList } from "./test-support.ts";

const issuer = await makeIssuer();
const signed = await signedBadge(issuer);

describe("buildOpenBadgeCredential", () => {
  test("exactly the OpenBadgeCredential of issue 9, item 2", () => {
    const input = badgeInput({ subjectId: "urn:uuid:0b5f6c1e-8d0a-4f7e-9a39-2f4b1c6d7e80" });
    expect(buildOpenBadgeCredential(input)).toEqual({
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      id: `${ORIGIN}/credentials/6f1c7a52-9d7e-4a43-b5b0-3c1e2f0a9b11`,
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      name: "Introduction to Statistics",
      issuer: {
        id: DID,
        type: ["Profile"],
        name: "Waystone",
        url: ORIGIN,
        description: "An accredited online learning programme.",
        email: "programme-office@waystone.test",
      },
      validFrom: "2026-11-30T10:00:00Z",
      credentialSubject: {
        id: "urn:uuid:0b5f6c1e-8d0a-4f7e-9a39-2f4b1c6d7e80",
        type: ["AchievementSubject"],
        achievement: {
          id: `${ORIGIN}/courses/intro-to-statistics#achievement-r2`,
          type: ["Achievement"],
          name: "Introduction to Statistics",
          description: "Descriptive statistics, probability and inference for everyday decisions.",
          criteria: { narrative: "Complete every lesson, quiz and assignment with a final grade of at least 60%." },
          creditsAvailable: 5,
          fieldOfStudy: "Statistics",
          inLanguage: "en",
          resultDescription: [
            {
              id: `${ORIGIN}/courses/intro-to-statistics#achievement-r2-grade`,
              type: ["ResultDescription"],
              name: "Final grade",
              resultType: "Percent",
              requiredValue: "60",
              valueMin: "0",
              valueMax: "100",
            },
          ],
        },
        creditsEarned: 5,
        result: [
          { type: ["Result"], resultDescription: `${ORIGIN}/courses/intro-to-statistics#achievement-r2-grade`, value: "87.5" },
        ],
      },
      credentialStatus: {
        id: `${LIST_URL}#4242`,
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: "4242",
        statusListCredential: LIST_URL,
      },
      credentialSchema: [
        {
          id: "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
          type: "JsonSchema",
        },
      ],
    });
  });

  test("the grade's label follows the course's language; validUntil only when given", () => {
    const es = buildOpenBadgeCredential(badgeInput({ achievement: { ...badgeInput().achievement, inLanguage: "es" } }));
    expect(es.credentialSubject.achievement.resultDescription[0]!.name).toBe("Nota final");
    const ar = buildOpenBadgeCredential(badgeInput({ achievement: { ...badgeInput().achievement, inLanguage: "ar" } }));
    expect(ar.credentialSubject.achievement.resultDescription[0]!.name).toBe("الدرجة النهائية");
    expect(buildOpenBadgeCredential(badgeInput())).not.toHaveProperty("validUntil");
    expect(buildOpenBadgeCredential(badgeInput({ validUntil: "2030-01-01T00:00:00.5Z" }))).toHaveProperty(
      "validUntil",
      "2030-01-01T00:00:00Z",
    );
    expect([formatPercent(92), formatPercent(59.95), formatPercent(87.50000001), formatPercent(0)]).toEqual([
      "92",
      "59.95",
      "87.5",
      "0",
    ]);
  });

  test("every credential has its own random subject, and nothing of the learner", () => {
    const a = buildOpenBadgeCredential(badgeInput({ subjectId: randomSubjectId() }));
    const b = buildOpenBadgeCredential(badgeInput({ subjectId: randomSubjectId() }));
    expect(a.credentialSubject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(a.credentialSubject.id).not.toBe(b.credentialSubject.id);
    // The subject carries only the achievement, credits and result: no name, email, identifier or image.
    expect(Object.keys(a.credentialSubject).sort()).toEqual(["achievement", "creditsEarned", "id", "result", "type"]);
    const text = JSON.stringify(a);
    for (const term of ["identifier", "identityHash", "givenName", "familyName", "learner", "@example"])
      expect(text).not.toContain(term);
    // the only email is the programme office's
    expect(text.match(/[\w.+-]+@[\w-]+\.[\w.]+/g)).toEqual(["programme-office@waystone.test"]);
  });

  test("refuses what would make a bad credential", () => {
    expect(() => buildOpenBadgeCredential(badgeInput({ subjectId: "someone@example.com" }))).toThrow(/urn:uuid/);
    expect(() => buildOpenBadgeCredential(badgeInput({ id: "not a url" }))).toThrow(/URL/);
    expect(() => buildOpenBadgeCredential(badgeInput({ creditsEarned: Number.NaN }))).toThrow(/credits/);
    expect(() => buildOpenBadgeCredential(badgeInput({ grade: 101 }))).toThrow(/percent/);
    expect(() => buildOpenBadgeCredential(badgeInput({ validFrom: "yesterday" }))).toThrow(/date/);
    expect(() => buildOpenBadgeCredential(badgeInput({ status: { listUrl: LIST_URL, index: -1 } }))).toThrow(/index/);
  });
});

describe("the official OB 3.0 JSON Schema", () => {
  test("a built and signed credential is valid (its proof is an array)", () => {
    expect(Array.isArray(signed.proof)).toBe(true);
    expect(validateOpenBadgeShape(signed)).toEqual({ valid: true, errors: [] });
  });

  test("the same credential with its proof as one object is not", () => {
    const result = validateOpenBadgeShape({ ...signed, proof: signed.proof[0] });
    expect(result.valid).toBe(false);
    expect(result.errors).toContain("/proof: must be array");
  });

  test("missing required fields and wrong types are reported with their paths", () => {
    const { validFrom: _validFrom, ...noDate } = signed;
    expect(validateOpenBadgeShape(noDate).errors).toContain("/: must have required property 'validFrom'");
    const wrongType = { ...signed, type: ["VerifiableCredential"] };
    expect(validateOpenBadgeShape(wrongType).valid).toBe(false);
    const badContext = { ...signed, "@context": ["https://www.w3.org/2018/credentials/v1", signed["@context"][1]] };
    expect(validateOpenBadgeShape(badContext).valid).toBe(false);
    expect(validateOpenBadgeShape(null).valid).toBe(false);
    expect(validateOpenBadgeShape("{}").valid).toBe(false);
  });
});

describe("buildStatusListCredential", () => {
  test("a revocation BitstringStatusListCredential of the issuer that signs and keeps its list", async () => {
    const encodedList = encodeStatusList(131072, [7]);
    const unsigned = buildStatusListCredential({
      id: LIST_URL,
      issuerDid: DID,
      validFrom: "2026-11-30T09:00:00.5Z",
      encodedList,
    });
    expect(unsigned).toEqual({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      id: LIST_URL,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: DID,
      validFrom: "2026-11-30T09:00:00Z",
      credentialSubject: { id: `${LIST_URL}#list`, type: "BitstringStatusList", statusPurpose: "revocation", encodedList },
    });
    const list = await signedStatusList(issuer, { revoked: [7] });
    expect(list.proof).toHaveLength(1);
    expect(decodeStatusList(list.credentialSubject.encodedList).isSet(7)).toBe(true);
  });
});

describe("buildClrCredential", () => {
  test("a ClrCredential bundling signed credentials, each with its own proof, that signs in safe mode", async () => {
    const second = await signedBadge(issuer, { id: `${ORIGIN}/credentials/2d1e6a4b-1111-4c2d-9e3f-abcdefabcdef` });
    const clr = buildClrCredential({
      id: `${ORIGIN}/credentials/transcripts/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b`,
      name: "Waystone transcript",
      issuer: issuerProfile(),
      validFrom: "2026-12-01T00:00:00Z",
      subjectId: randomSubjectId(),
      credentials: [signed, second],
    });
    expect(clr["@context"]).toEqual([
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]);
    expect(clr.type).toEqual(["VerifiableCredential", "ClrCredential"]);
    expect(clr.credentialSubject.type).toEqual(["ClrSubject"]);
    expect(clr.credentialSubject.verifiableCredential).toEqual([signed, second]);
    expect(clr.credentialSchema[0]!.id).toBe(
      "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
    );
    const signedClr = await signCredential(clr, issuer.current);
    expect(signedClr.proof[0].proofValue).toMatch(/^z/);
    expect(() => buildClrCredential({ ...clrInput(), credentials: [] })).toThrow(/at least one/);
    expect(() => buildClrCredential({ ...clrInput(), credentials: [buildOpenBadgeCredential(badgeInput())] })).toThrow(/signed/);
  });
});

function clrInput() {
  return {
    id: `${ORIGIN}/credentials/transcripts/x`,
    name: "Waystone transcript",
    issuer: issuerProfile(),
    validFrom: "2026-12-01T00:00:00Z",
    subjectId: randomSubjectId(),
    credentials: [signed],
  };
}
