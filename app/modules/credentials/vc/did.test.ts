import { describe, expect, test } from "vitest";
import { buildDidDocument, didDocumentUrl, didDocumentUrlForOrigin, didWebFromOrigin, verificationMethodId } from "./did.ts";

describe("did:web", () => {
  test("the DID of an origin: the host, with a port written %3A", () => {
    expect(didWebFromOrigin("https://waystone.example")).toBe("did:web:waystone.example");
    expect(didWebFromOrigin("https://Waystone.Example/")).toBe("did:web:waystone.example");
    expect(didWebFromOrigin("http://127.0.0.1:3000")).toBe("did:web:127.0.0.1%3A3000");
    expect(didWebFromOrigin("https://localhost:8443")).toBe("did:web:localhost%3A8443");
    // the default port is not written
    expect(didWebFromOrigin("https://waystone.example:443")).toBe("did:web:waystone.example");
  });

  test("an origin with a path, a query, credentials or another scheme is refused", () => {
    for (const bad of [
      "https://waystone.example/app",
      "https://waystone.example/?a=1",
      "https://u:p@waystone.example",
      "ftp://x.example",
      "nope",
    ]) {
      expect(() => didWebFromOrigin(bad), bad).toThrow();
    }
  });

  test("the URL a resolver fetches: https, /.well-known/did.json, the port decoded; paths become folders", () => {
    expect(didDocumentUrl("did:web:waystone.example")).toBe("https://waystone.example/.well-known/did.json");
    expect(didDocumentUrl("did:web:127.0.0.1%3A3000")).toBe("https://127.0.0.1:3000/.well-known/did.json");
    expect(didDocumentUrl("did:web:example.com:user:alice")).toBe("https://example.com/user/alice/did.json");
    expect(() => didDocumentUrl("did:key:z6Mkabc")).toThrow(/did:web/);
    expect(() => didDocumentUrl("did:web:")).toThrow(/did:web/);
    expect(() => didDocumentUrl("did:web:host#key-1")).toThrow(/did:web/);
  });

  test("where the app serves its own document keeps the origin's scheme (http in development)", () => {
    expect(didDocumentUrlForOrigin("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000/.well-known/did.json");
    expect(didDocumentUrlForOrigin("https://waystone.example")).toBe("https://waystone.example/.well-known/did.json");
    // a round trip: the https form of the DID of an https origin is where the app serves it
    const origin = "https://waystone.example:8443";
    expect(didDocumentUrl(didWebFromOrigin(origin))).toBe(didDocumentUrlForOrigin(origin));
  });
});

describe("buildDidDocument", () => {
  const did = "did:web:waystone.example";
  const keys = [
    { fragment: "key-1", publicKeyMultibase: "z6MkretiredAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", assertion: true },
    { fragment: "key-2", publicKeyMultibase: "z6MkcompromisedBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", assertion: false },
    { fragment: "key-3", publicKeyMultibase: "z6MkcurrentCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", assertion: true },
  ];

  test("lists every key as a Multikey controlled by the DID; only asserting keys in assertionMethod", () => {
    expect(buildDidDocument(did, keys)).toEqual({
      "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
      id: did,
      verificationMethod: keys.map((k) => ({
        id: `${did}#${k.fragment}`,
        type: "Multikey",
        controller: did,
        publicKeyMultibase: k.publicKeyMultibase,
      })),
      assertionMethod: [`${did}#key-1`, `${did}#key-3`],
    });
    expect(verificationMethodId(did, "key-3")).toBe(`${did}#key-3`);
  });

  test("refuses duplicate or unsafe fragments and keys that are not Ed25519 Multikeys", () => {
    expect(() => buildDidDocument(did, [keys[0]!, { ...keys[1]!, fragment: "key-1" }])).toThrow(/Two keys/);
    expect(() => buildDidDocument(did, [{ ...keys[0]!, fragment: "a b" }])).toThrow(/fragment/);
    expect(() => buildDidDocument(did, [{ ...keys[0]!, fragment: "" }])).toThrow(/fragment/);
    expect(() => buildDidDocument(did, [{ ...keys[0]!, publicKeyMultibase: "zDna…" }])).toThrow(/Ed25519/);
    expect(buildDidDocument(did, []).assertionMethod).toEqual([]);
  });
});
