// The unsigned documents the programme signs: an Open Badges 3.0 OpenBadgeCredential per completed
// course, the Bitstring Status List credential of revocations, and a CLR 2.0 ClrCredential bundling
// signed badges. Pure (no I/O). Only terms that VC 2.0, OB 3.0 (context 3.0.3) and CLR 2.0 define:
// signing runs JSON-LD in safe mode and refuses any other. Nothing names the learner: the subject is a
// random identifier per credential (never a name or an email, hashed or not).

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const CLR_V2_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";
/**
 * 1EdTech's extensions context (bundled, for reading credentials of other issuers that use it). Ours do not:
 * they carry exactly the VC 2.0 and OB 3.0.3 contexts, so any verifier with those two can expand them.
 */
export const OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
export const OB_SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
export const CLR_SCHEMA_URL = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json";
/**
 * The credentialSchema type: VC 2.0's `JsonSchema` (the schema is a JSON Schema, draft 2019-09). The OB
 * data model names "1EdTechJsonSchemaValidator2019", but only 1EdTech's extensions context defines that
 * term, and JSON-LD safe mode refuses a credential with an undefined type (ADR 026).
 */
export const SCHEMA_VALIDATOR_TYPE = "JsonSchema";

export type IssuerProfile = {
  /** The issuer's DID: the credential's `issuer.id`. */
  did: string;
  name: string;
  url: string;
  description: string;
  /** The programme office's address (never a learner's). */
  email: string;
};

export type OpenBadgeInput = {
  /** The credential's URL: `${origin}/credentials/${credentialId}`. */
  id: string;
  /** The credential's name; the achievement's name when absent. */
  name?: string;
  issuer: IssuerProfile;
  validFrom: Date | string;
  validUntil?: Date | string;
  /** `urn:uuid:<random>`, new for every credential (randomSubjectId()). */
  subjectId: string;
  achievement: {
    /** `${origin}/courses/${slug}#achievement`. */
    id: string;
    name: string;
    description: string;
    /** How the achievement is earned, in words. */
    criteria: { narrative: string };
    creditsAvailable: number;
    fieldOfStudy: string;
    /** The language of the course (BCP 47, e.g. "en"): also the language of the grade's label. */
    inLanguage: string;
    /** The least final grade (percent) that earns it: the result description's requiredValue. */
    passMark?: number;
  };
  creditsEarned: number;
  /** The final grade, a percent (0–100). */
  grade: number;
  status: { listUrl: string; index: number };
};

/** The name of the grade's result description, in the course's language (English otherwise). */
const GRADE_LABEL: Record<string, string> = { en: "Final grade", es: "Nota final", ar: "الدرجة النهائية" };

/** A percent as the credential writes it: at most two decimals, no trailing zeros (87.5, 92, 59.95). */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new TypeError(`Not a percent: ${value}`);
  return String(Math.round(value * 100) / 100);
}

/** The result description's id: `<achievement id>-grade` when it has a fragment, else `<achievement id>#grade`. */
export function resultDescriptionIdOf(achievementId: string): string {
  return achievementId.includes("#") ? `${achievementId}-grade` : `${achievementId}#grade`;
}

/** A random `urn:uuid:` identifier for a credential's subject: it links to nobody. */
export function randomSubjectId(): string {
  return `urn:uuid:${crypto.randomUUID()}`;
}

/** A date as XSD dateTimeStamp at second precision (2026-12-01T10:00:00Z). */
export function isoSeconds(date: Date | string): string {
  const parsed = typeof date === "string" ? new Date(date) : date;
  if (Number.isNaN(parsed.getTime())) throw new TypeError(`Not a date: ${String(date)}`);
  return parsed.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function requireUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${what} is not a URL: ${value}`);
  }
  if (!url.protocol) throw new TypeError(`${what} is not a URL: ${value}`);
  return value;
}

function issuerProfile(issuer: IssuerProfile) {
  return {
    id: requireUrl(issuer.did, "The issuer's DID"),
    type: ["Profile"],
    name: issuer.name,
    url: requireUrl(issuer.url, "The issuer's url"),
    description: issuer.description,
    email: issuer.email,
  };
}

/** The `credentialStatus` entry of index `index` in the revocation list at `listUrl`. */
export function statusEntry(listUrl: string, index: number) {
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError(`Not a status index: ${index}`);
  requireUrl(listUrl, "The status list URL");
  return {
    id: `${listUrl}#${index}`,
    type: "BitstringStatusListEntry",
    statusPurpose: "revocation",
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

/** An unsigned OpenBadgeCredential (Open Badges 3.0, VC 2.0). */
export function buildOpenBadgeCredential(input: OpenBadgeInput) {
  const { achievement } = input;
  if (!/^urn:uuid:[0-9a-f-]{36}$/i.test(input.subjectId)) throw new TypeError("The subject id must be a urn:uuid.");
  for (const [what, n] of [
    ["creditsAvailable", achievement.creditsAvailable],
    ["creditsEarned", input.creditsEarned],
  ] as const) {
    if (!Number.isFinite(n) || n < 0) throw new TypeError(`${what} must be a number of credits: ${n}`);
  }
  const resultDescriptionId = resultDescriptionIdOf(requireUrl(achievement.id, "The achievement's id"));
  const language = achievement.inLanguage.toLowerCase().split("-")[0] ?? "";
  return {
    "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: requireUrl(input.id, "The credential's id"),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: input.name ?? achievement.name,
    issuer: issuerProfile(input.issuer),
    validFrom: isoSeconds(input.validFrom),
    ...(input.validUntil === undefined ? {} : { validUntil: isoSeconds(input.validUntil) }),
    credentialSubject: {
      id: input.subjectId,
      type: ["AchievementSubject"],
      achievement: {
        id: requireUrl(achievement.id, "The achievement's id"),
        type: ["Achievement"],
        name: achievement.name,
        description: achievement.description,
        criteria: { narrative: achievement.criteria.narrative },
        creditsAvailable: achievement.creditsAvailable,
        fieldOfStudy: achievement.fieldOfStudy,
        inLanguage: achievement.inLanguage,
        resultDescription: [
          {
            id: resultDescriptionId,
            type: ["ResultDescription"],
            name: GRADE_LABEL[language] ?? GRADE_LABEL.en!,
            resultType: "Percent",
            ...(achievement.passMark === undefined ? {} : { requiredValue: formatPercent(achievement.passMark) }),
            valueMin: "0",
            valueMax: "100",
          },
        ],
      },
      creditsEarned: input.creditsEarned,
      result: [{ type: ["Result"], resultDescription: resultDescriptionId, value: formatPercent(input.grade) }],
    },
    credentialStatus: statusEntry(input.status.listUrl, input.status.index),
    credentialSchema: [{ id: OB_SCHEMA_URL, type: SCHEMA_VALIDATOR_TYPE }],
  };
}

export type OpenBadgeCredential = ReturnType<typeof buildOpenBadgeCredential>;

/** An unsigned BitstringStatusListCredential (revocation) whose list is `encodedList` (status-list.server.ts). */
export function buildStatusListCredential(input: {
  /** The list's URL, where it is served. */
  id: string;
  issuerDid: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  encodedList: string;
}) {
  return {
    "@context": [VC_V2_CONTEXT],
    id: requireUrl(input.id, "The status list URL"),
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: requireUrl(input.issuerDid, "The issuer's DID"),
    validFrom: isoSeconds(input.validFrom),
    ...(input.validUntil === undefined ? {} : { validUntil: isoSeconds(input.validUntil) }),
    credentialSubject: {
      id: `${input.id}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: input.encodedList,
    },
  };
}

/**
 * An unsigned CLR 2.0 ClrCredential whose subject bundles signed credentials (each keeps its own proof;
 * the CLR's proof covers them too).
 */
export function buildClrCredential(input: {
  /** The CLR's URL or urn:uuid. */
  id: string;
  name: string;
  issuer: IssuerProfile;
  validFrom: Date | string;
  /** `urn:uuid:<random>`, new for every CLR. */
  subjectId: string;
  credentials: readonly object[];
}) {
  if (!input.credentials.length) throw new TypeError("A CLR bundles at least one credential.");
  for (const credential of input.credentials) {
    if (!("proof" in credential)) throw new TypeError("A CLR bundles signed credentials only.");
  }
  if (!/^urn:uuid:[0-9a-f-]{36}$/i.test(input.subjectId)) throw new TypeError("The subject id must be a urn:uuid.");
  return {
    "@context": [VC_V2_CONTEXT, CLR_V2_CONTEXT, OB_V3_CONTEXT],
    id: requireUrl(input.id, "The CLR's id"),
    type: ["VerifiableCredential", "ClrCredential"],
    name: input.name,
    issuer: issuerProfile(input.issuer),
    validFrom: isoSeconds(input.validFrom),
    credentialSubject: {
      id: input.subjectId,
      type: ["ClrSubject"],
      verifiableCredential: input.credentials.map((c) => structuredClone(c)),
    },
    credentialSchema: [{ id: CLR_SCHEMA_URL, type: SCHEMA_VALIDATOR_TYPE }],
  };
}

export type ClrCredential = ReturnType<typeof buildClrCredential>;
