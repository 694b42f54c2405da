// Proven by others: our credentials in @digitalcredentials/verifier-core, the engine of the Digital
// Credentials Consortium's VerifierPlus and Learner Credential Wallet. It resolves did:web and loads the
// status list and the OB schema through globalThis.fetch, which serves them here from memory (as the
// app would at those URLs). Real signatures; nothing of verifier-core is mocked.
import { readFileSync } from "node:fs";
import { verifyCredential } from "@digitalcredentials/verifier-core";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { buildClrCredential, CLR_V2_CONTEXT, OB_SCHEMA_URL, randomSubjectId } from "./open-badge.ts";
import { signCredential } from "./sign.server.ts";
import { issuerProfile, LIST_URL, makeIssuer, ORIGIN, signedBadge, signedStatusList } from "./test-support.ts";

const issuer = await makeIssuer();
const good = await signedBadge(issuer); // index 4242
const revoked = await signedBadge(issuer, {
  id: `${ORIGIN}/credentials/0a9b8c7d-1111-4222-8333-944455556666`,
  status: { listUrl: LIST_URL, index: 7 },
});
const statusList = await signedStatusList(issuer, { revoked: [7] });
const schema = JSON.parse(
  readFileSync(new URL("../standards/ob_v3p0_achievementcredential_schema.json", import.meta.url), "utf8"),
);
const clrContext = JSON.parse(readFileSync(new URL("../standards/clr_v2p0_context-2.0.1.json", import.meta.url), "utf8"));

const served = new Map<string, unknown>([
  // did:web:waystone.test resolves to https://waystone.test/.well-known/did.json
  [`${ORIGIN}/.well-known/did.json`, issuer.didDocument],
  [LIST_URL, statusList],
  [OB_SCHEMA_URL, schema],
  [CLR_V2_CONTEXT, clrContext],
]);
const requested: string[] = [];
const realFetch = globalThis.fetch;

beforeAll(() => {
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    requested.push(url);
    const body = served.get(url);
    return body === undefined
      ? new Response("Not found", { status: 404 })
      : new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

type Log = Array<{ id: string; valid?: boolean; error?: { name: string } }>;
const step = (log: Log | undefined, id: string) => log?.find((s) => s.id === id);

describe("@digitalcredentials/verifier-core", () => {
  test("an issued credential: valid signature, good status, not expired, and the OB schema passes", async () => {
    const result = (await verifyCredential({ credential: good as never, knownDIDRegistries: [] })) as unknown as {
      errors?: unknown;
      log?: Log;
      additionalInformation?: Array<{ id: string; results: Array<{ schema: string; result: { valid: boolean } }> }>;
    };
    expect(result.errors).toBeUndefined();
    expect(step(result.log, "valid_signature")).toMatchObject({ valid: true });
    expect(step(result.log, "revocation_status")).toMatchObject({ valid: true });
    expect(step(result.log, "expiration")).toMatchObject({ valid: true });
    const schemaCheck = result.additionalInformation?.find((i) => i.id === "schema_check");
    expect(schemaCheck?.results).toEqual([expect.objectContaining({ schema: OB_SCHEMA_URL, result: { valid: true } })]);
    // it really went to the DID document and the status list
    expect(requested).toContain(`${ORIGIN}/.well-known/did.json`);
    expect(requested).toContain(LIST_URL);
  });

  test("a revoked credential reports revoked status", async () => {
    const result = (await verifyCredential({ credential: revoked as never, knownDIDRegistries: [] })) as unknown as { log?: Log };
    expect(step(result.log, "valid_signature")).toMatchObject({ valid: true });
    expect(step(result.log, "revocation_status")).toMatchObject({ valid: false });
  });

  test("a tampered credential reports an invalid signature", async () => {
    const tampered = structuredClone(good);
    tampered.credentialSubject.result[0]!.value = "100";
    const result = (await verifyCredential({ credential: tampered as never, knownDIDRegistries: [] })) as unknown as {
      errors?: Array<{ name: string }>;
    };
    expect(result.errors?.map((e) => e.name)).toEqual(["invalid_signature"]);
  });

  test("a key the DID document does not vouch for (compromised) is refused", async () => {
    const signedWithCompromised = await signedBadge(issuer, {}, issuer.compromised);
    const result = (await verifyCredential({
      credential: signedWithCompromised as never,
      knownDIDRegistries: [],
    })) as unknown as {
      errors?: Array<{ name: string }>;
      log?: Log;
    };
    // verifier-core reports a key outside assertionMethod as a signature it cannot accept
    expect(result.log).toBeUndefined();
    expect(result.errors?.map((e) => e.name)).toEqual(["invalid_signature"]);
  });

  test("a CLR 2.0 transcript of our credentials: its signature verifies (the CLR context served at its URL)", async () => {
    const clr = await signCredential(
      buildClrCredential({
        id: `${ORIGIN}/credentials/transcripts/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b`,
        name: "Waystone transcript",
        issuer: issuerProfile(),
        validFrom: "2026-12-01T00:00:00Z",
        subjectId: randomSubjectId(),
        credentials: [good],
      }),
      issuer.current,
    );
    // No CLR 2.0 JSON Schema is bundled here: verifier-core's request for it gets a 404, which it logs.
    const quiet = [
      vi.spyOn(console, "error").mockImplementation(() => {}),
      vi.spyOn(console, "log").mockImplementation(() => {}),
    ];
    const result = (await verifyCredential({ credential: clr as never, knownDIDRegistries: [] }).finally(() =>
      quiet.forEach((spy) => spy.mockRestore()),
    )) as unknown as { errors?: unknown; log?: Log };
    expect(result.errors).toBeUndefined();
    expect(step(result.log, "valid_signature")).toMatchObject({ valid: true });
    const tampered = structuredClone(clr);
    (tampered.credentialSubject.verifiableCredential[0] as typeof good).credentialSubject.creditsEarned = 50;
    const broken = (await verifyCredential({ credential: tampered as never, knownDIDRegistries: [] })) as unknown as {
      errors?: Array<{ name: string }>;
    };
    expect(broken.errors?.map((e) => e.name)).toEqual(["invalid_signature"]);
  });
});
