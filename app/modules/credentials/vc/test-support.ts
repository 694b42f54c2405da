// Shared by the credentials tests (not used by the app): an issuer on did:web:waystone.test with real
// keys, a credential as issuance builds it, and a verification context serving documents from memory.
import type { VerifyContext } from "../verify-credential.server.ts";
import { buildDidDocument, didWebFromOrigin, verificationMethodId } from "./did.ts";
import { generateIssuerKeyPair, type IssuerKeyPair } from "./keys.server.ts";
import { buildOpenBadgeCredential, buildStatusListCredential, randomSubjectId, type OpenBadgeInput } from "./open-badge.ts";
import { signCredential, type SigningKey } from "./sign.server.ts";
import { encodeStatusList, STATUS_LIST_MIN_SIZE } from "./status-list.server.ts";

export const ORIGIN = "https://waystone.test";
export const DID = didWebFromOrigin(ORIGIN);
export const LIST_URL = `${ORIGIN}/credentials/status/list1`;

export type TestIssuer = {
  did: string;
  current: SigningKey;
  retired: SigningKey;
  compromised: SigningKey;
  /** A key the DID document does not list at all. */
  stranger: SigningKey;
  didDocument: ReturnType<typeof buildDidDocument>;
};

function signingKey(did: string, fragment: string, pair: IssuerKeyPair): SigningKey {
  return { id: verificationMethodId(did, fragment), controller: did, ...pair };
}

/** An issuer with a current, a retired and a compromised key (listed, not asserting), plus a key it never listed. */
export async function makeIssuer(did = DID): Promise<TestIssuer> {
  const [current, retired, compromised, stranger] = await Promise.all([1, 2, 3, 4].map(() => generateIssuerKeyPair()));
  const keys = {
    current: signingKey(did, "key-3", current!),
    retired: signingKey(did, "key-1", retired!),
    compromised: signingKey(did, "key-2", compromised!),
    stranger: signingKey(did, "key-9", stranger!),
  };
  const didDocument = buildDidDocument(did, [
    { fragment: "key-1", publicKeyMultibase: retired!.publicKeyMultibase, assertion: true },
    { fragment: "key-2", publicKeyMultibase: compromised!.publicKeyMultibase, assertion: false },
    { fragment: "key-3", publicKeyMultibase: current!.publicKeyMultibase, assertion: true },
  ]);
  return { did, ...keys, didDocument };
}

export function issuerProfile(did = DID) {
  return {
    did,
    name: "Waystone",
    url: ORIGIN,
    description: "An accredited online learning programme.",
    email: "programme-office@waystone.test",
  };
}

/** The input issuance gives the builder, with fixed values. */
export function badgeInput(overrides: Partial<OpenBadgeInput> = {}): OpenBadgeInput {
  return {
    id: `${ORIGIN}/credentials/6f1c7a52-9d7e-4a43-b5b0-3c1e2f0a9b11`,
    issuer: issuerProfile(),
    validFrom: "2026-11-30T10:00:00.123Z",
    subjectId: randomSubjectId(),
    achievement: {
      id: `${ORIGIN}/courses/intro-to-statistics#achievement-r2`,
      name: "Introduction to Statistics",
      description: "Descriptive statistics, probability and inference for everyday decisions.",
      criteria: { narrative: "Complete every lesson, quiz and assignment with a final grade of at least 60%." },
      creditsAvailable: 5,
      fieldOfStudy: "Statistics",
      inLanguage: "en",
      passMark: 60,
    },
    creditsEarned: 5,
    grade: 87.5,
    status: { listUrl: LIST_URL, index: 4242 },
    ...overrides,
  };
}

/** A signed credential of the issuer, by default with its current key. */
export async function signedBadge(issuer: TestIssuer, overrides: Partial<OpenBadgeInput> = {}, key = issuer.current) {
  return signCredential(buildOpenBadgeCredential(badgeInput(overrides)), key, { created: "2026-11-30T10:00:01Z" });
}

/** A signed revocation list at `url` with the given indexes set. */
export async function signedStatusList(
  issuer: TestIssuer,
  options: { url?: string; revoked?: number[]; size?: number; key?: SigningKey } = {},
) {
  const url = options.url ?? LIST_URL;
  const unsigned = buildStatusListCredential({
    id: url,
    issuerDid: issuer.did,
    validFrom: "2026-11-30T09:00:00Z",
    encodedList: encodeStatusList(options.size ?? STATUS_LIST_MIN_SIZE, options.revoked ?? []),
  });
  return signCredential(unsigned, options.key ?? issuer.current, { created: "2026-11-30T09:00:00Z" });
}

/** A verification context answering from memory: DID documents by id, status lists by URL. */
export function memoryContext(options: {
  didDocuments: object[];
  statusLists?: object[];
  now?: Date;
  keyRecord?: VerifyContext["keyRecord"];
  isIssuedByUs?: VerifyContext["isIssuedByUs"];
}): VerifyContext {
  const dids = new Map(options.didDocuments.map((d) => [(d as { id: string }).id, d]));
  const lists = new Map((options.statusLists ?? []).map((l) => [(l as { id: string }).id, l]));
  return {
    now: options.now ?? new Date("2026-12-01T12:00:00Z"),
    resolveDid: async (did) => dids.get(did) ?? null,
    loadStatusList: async (url) => lists.get(url) ?? null,
    ...(options.keyRecord ? { keyRecord: options.keyRecord } : {}),
    ...(options.isIssuedByUs ? { isIssuedByUs: options.isIssuedByUs } : {}),
  };
}
