// The public side of the credentials module (ADR 026): the did:web document, the status lists, the
// /verify page and the two JSON verification APIs, through their route modules with real requests.
import { describe, expect, it } from "vitest";
import * as apiVerify from "#app/routes/api-verify.ts";
import * as credentialUrl from "#app/routes/credential-url.ts";
import * as didRoute from "#app/routes/did-document.ts";
import * as statusRoute from "#app/routes/status-list.ts";
import * as vcApi from "#app/routes/vc-api-verify.ts";
import * as verifyPage from "#app/routes/verify.tsx";
import { markKeyCompromised } from "#app/modules/credentials/mark-key-compromised.server.ts";
import { revokeCredential } from "#app/modules/credentials/revoke-credential.server.ts";
import { rotateIssuerKey } from "#app/modules/credentials/rotate-issuer-key.server.ts";
import { decodeStatusList } from "#app/modules/credentials/vc/status-list.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createIssuedCredential, createShareRow } from "#tests/credential-fixtures.ts";
import { createAdmin } from "#tests/factories.ts";
import { context, makeRequest, ORIGIN, run } from "#tests/route-helpers.ts";

type Doc = Record<string, unknown>;

async function getDid(headers: Record<string, string> = {}) {
  return (await didRoute.loader({
    request: makeRequest("/.well-known/did.json", { headers }),
    params: {},
    context,
  } as never)) as Response;
}

async function getList(listId: string, headers: Record<string, string> = {}) {
  return statusRoute.loader({
    request: makeRequest(`/credentials/status/${listId}`, { headers }),
    params: { listId },
    context,
  } as never) as Promise<Response>;
}

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return new Request(new URL(path, ORIGIN), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
  });
}

async function admin() {
  return actorFor((await createAdmin()).id);
}

describe("the issuer's DID document", () => {
  it("lists the signing key as a Multikey assertion method, with an ETag, a short max-age and CORS", async () => {
    const { credential } = await createIssuedCredential();
    const res = await getDid();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/did+json");
    expect(res.headers.get("Cache-Control")).toMatch(/max-age=60/);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const doc = (await res.json()) as Doc & { verificationMethod: Doc[]; assertionMethod: string[] };
    expect(doc.id).toBe("did:web:localhost%3A3000");
    const vm = ((credential.document as Doc).proof as Doc[])[0]!.verificationMethod as string;
    expect(doc.verificationMethod.find((m) => m.id === vm)).toMatchObject({ type: "Multikey", controller: doc.id });
    expect(doc.assertionMethod).toContain(vm);
    const again = await getDid({ "If-None-Match": res.headers.get("ETag")! });
    expect(again.status).toBe(304);
  });

  it("keeps a retired key listed and asserting; a compromised one listed but no longer asserting", async () => {
    const actor = await admin();
    await createIssuedCredential();
    const before = (await (await getDid()).json()) as { verificationMethod: Doc[]; assertionMethod: string[] };
    const rotated = await rotateIssuerKey(actor, { confirm: "yes" });
    const afterRotation = (await (await getDid()).json()) as { verificationMethod: Doc[]; assertionMethod: string[] };
    expect(afterRotation.verificationMethod.length).toBe(before.verificationMethod.length + 1);
    expect(afterRotation.assertionMethod.length).toBe(before.assertionMethod.length + 1);
    const old = await prisma.issuerKey.findUniqueOrThrow({ where: { id: rotated.retiredKeyId! } });
    await markKeyCompromised(actor, { keyId: old.id, compromisedAt: new Date(Date.now() - 1000), confirm: "yes" });
    const afterCompromise = (await (await getDid()).json()) as { verificationMethod: Doc[]; assertionMethod: string[] };
    const oldId = `did:web:localhost%3A3000#${old.fragment}`;
    expect(afterCompromise.verificationMethod.map((m) => m.id)).toContain(oldId);
    expect(afterCompromise.assertionMethod).not.toContain(oldId);
  });
});

describe("a status list", () => {
  it("is a signed BitstringStatusListCredential of 131,072 entries whose bit and ETag change at once on revocation", async () => {
    const { credential } = await createIssuedCredential();
    const res = await getList(credential.statusListId);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/public, max-age=60/);
    const list = (await res.json()) as Doc & {
      credentialSubject: { encodedList: string; statusPurpose: string };
      proof: unknown[];
    };
    expect(list.type).toEqual(["VerifiableCredential", "BitstringStatusListCredential"]);
    expect(list.credentialSubject.statusPurpose).toBe("revocation");
    expect(list.proof).toHaveLength(1);
    const decoded = decodeStatusList(list.credentialSubject.encodedList);
    expect(decoded.size).toBeGreaterThanOrEqual(131072);
    expect(decoded.isSet(credential.statusIndex)).toBe(false);
    const etag = res.headers.get("ETag")!;
    expect((await getList(credential.statusListId, { "If-None-Match": etag })).status).toBe(304);

    await revokeCredential(await admin(), { credentialId: credential.id, reason: "Issued in error", confirm: "yes" });
    const after = await getList(credential.statusListId, { "If-None-Match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    const revoked = (await after.json()) as { credentialSubject: { encodedList: string } };
    expect(decodeStatusList(revoked.credentialSubject.encodedList).isSet(credential.statusIndex)).toBe(true);
  });

  it("is a 404 for an unknown or malformed id", async () => {
    for (const id of ["nosuchlist0000000000", "../../etc", "x"]) {
      const outcome = await run(() => getList(id));
      expect(outcome.status, id).toBe(404);
    }
  });
});

describe("the verification APIs", () => {
  it("answer 200 verified for a real credential, in our shape and in the VC-API shape", async () => {
    const { credential } = await createIssuedCredential();
    const body = JSON.stringify(credential.document);
    const ours = (await apiVerify.action({ request: post("/api/verify", body), params: {}, context } as never)) as Response;
    expect(ours.status).toBe(200);
    const report = (await ours.json()) as {
      verified: boolean;
      checks: Array<{ check: string; outcome: string; message: string }>;
    };
    expect(report.verified).toBe(true);
    expect(report.checks.map((c) => [c.check, c.outcome])).toEqual([
      ["shape", "pass"],
      ["proof", "pass"],
      ["issuer_key", "pass"],
      ["status", "pass"],
      ["validity", "pass"],
    ]);
    expect(report.checks.every((c) => c.message.length > 3)).toBe(true);

    const vc = (await vcApi.action({
      request: post("/credentials/verify", JSON.stringify({ verifiableCredential: credential.document, options: {} })),
      params: {},
      context,
    } as never)) as Response;
    expect(vc.status).toBe(200);
    expect(await vc.json()).toMatchObject({ verified: true, errors: [] });
  });

  it("answer 400 with the failed check for a tampered, a revoked, or an unreadable credential; in the asker's language", async () => {
    const { credential } = await createIssuedCredential();
    const tampered = structuredClone(credential.document) as Doc & { credentialSubject: Doc };
    tampered.credentialSubject.creditsEarned = 60;
    const res = (await vcApi.action({
      request: post("/credentials/verify", JSON.stringify({ verifiableCredential: tampered }), { "Accept-Language": "es" }),
      params: {},
      context,
    } as never)) as Response;
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { verified: boolean; errors: Array<{ check: string; reason: string; message: string }> };
    expect(answer.verified).toBe(false);
    expect(answer.errors[0]).toMatchObject({ check: "proof" });
    expect(answer.errors[0]!.message).not.toMatch(/signature/i); // Spanish, not English

    await revokeCredential(await admin(), { credentialId: credential.id, reason: "Issued in error", confirm: "yes" });
    const revoked = (await vcApi.action({
      request: post("/credentials/verify", JSON.stringify({ verifiableCredential: credential.document })),
      params: {},
      context,
    } as never)) as Response;
    expect(revoked.status).toBe(400);
    expect(((await revoked.json()) as { errors: Array<{ check: string }> }).errors.map((e) => e.check)).toEqual(["status"]);

    for (const junk of ["{not json", "[]", "", "42"]) {
      const r = (await apiVerify.action({ request: post("/api/verify", junk), params: {}, context } as never)) as Response;
      expect(r.status, junk).toBe(400);
      const j = (await r.json()) as { verified: boolean; checks: Array<{ check: string; outcome: string }> };
      expect(j.verified).toBe(false);
      expect(j.checks[0]).toMatchObject({ check: "shape", outcome: "fail" });
    }
  });
});

describe("the verification limit per client", () => {
  it("answers 429 in JSON, in the asker's language, once a client has made its 300 checks in 5 minutes", async () => {
    const { RATE_LIMITS } = await import("#app/modules/identity/rate-limit.server.ts");
    const client = { ...context, clientIp: `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}` };
    const ask = (lang = "en") =>
      vcApi.action({
        request: post("/credentials/verify", "{}", { "Accept-Language": lang }),
        params: {},
        context: client,
      } as never) as Promise<Response>;
    for (let i = 0; i < RATE_LIMITS.verification.limit; i++) expect((await ask()).status).toBe(400);
    const refused = await ask("es");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("60");
    const body = (await refused.json()) as { verified: boolean; errors: Array<{ reason: string; message: string }> };
    expect(body).toMatchObject({ verified: false, errors: [{ reason: "too_many" }] });
    expect(body.errors[0]!.message).not.toMatch(/too many/i);
    // Another client is not held back.
    const other = await apiVerify.action({
      request: post("/api/verify", "{}"),
      params: {},
      context: { ...context, clientIp: "192.0.2.77" },
    } as never);
    expect((other as Response).status).toBe(400);
  });
});

describe("an issued credential, changed in any one field", () => {
  it("fails verification against our records, every time, on the shape or the proof", async () => {
    const { verifyOnline } = await import("#app/modules/credentials/verify-online.server.ts");
    const { credential } = await createIssuedCredential();
    const original = credential.document as Doc;
    expect((await verifyOnline(original)).verified).toBe(true);
    // Every leaf (strings, numbers), the proof's own included, by its path.
    const leaves: Array<Array<string | number>> = [];
    const walk = (value: unknown, path: Array<string | number>) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      else leaves.push(path);
    };
    walk(original, []);
    expect(leaves.length).toBeGreaterThan(40);
    for (const path of leaves) {
      const copy = structuredClone(original);
      let node = copy as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
      const last = path.at(-1)!;
      const value = node[last];
      node[last] = typeof value === "number" ? value + 1 : `${String(value)}x`;
      const report = await verifyOnline(copy);
      expect(report.verified, path.join(".")).toBe(false);
      const failed = report.checks.find((c) => c.outcome === "fail")!;
      expect(["shape", "proof"], `${path.join(".")}: ${failed.check} ${failed.reason}`).toContain(failed.check);
    }
  });
});

describe("the /verify page", () => {
  const form = (fields: Record<string, string>) => makeRequest("/verify", { form: fields });

  it("verifies pasted JSON, and re-renders with a message (400) when nothing is given or the link is not ours", async () => {
    const { credential } = await createIssuedCredential();
    const ok = await run(() =>
      verifyPage.action({ request: form({ credential: JSON.stringify(credential.document) }), params: {}, context } as never),
    );
    expect(ok).toMatchObject({ kind: "ok", status: 200, data: { report: { verified: true } } });

    const empty = await run(() => verifyPage.action({ request: form({ credential: "" }), params: {}, context } as never));
    expect(empty.status).toBe(400);
    const foreign = await run(() =>
      verifyPage.action({ request: form({ link: "https://example.org/s/abc" }), params: {}, context } as never),
    );
    expect(foreign).toMatchObject({ kind: "ok", status: 400 });
    expect(JSON.stringify(foreign)).toContain("verify.link_not_ours");
  });

  it("sends a share link to its share page, and verifies a credential URL from a certificate's QR code", async () => {
    const { credential, learnerId } = await createIssuedCredential();
    const { token } = await createShareRow(credential.id, learnerId);
    const share = await run(() =>
      verifyPage.action({ request: form({ link: `${ORIGIN}/s/${token}` }), params: {}, context } as never),
    );
    expect(share).toMatchObject({ kind: "thrown", status: 303, location: `/s/${token}` });

    const url = `${ORIGIN}/credentials/${credential.id}`;
    const viaQr = await run(() =>
      verifyPage.loader({ request: makeRequest(`/verify?credential=${encodeURIComponent(url)}`), params: {}, context } as never),
    );
    expect(viaQr).toMatchObject({ kind: "ok", data: { report: { verified: true } } });
    const unknown = await run(() =>
      verifyPage.loader({
        request: makeRequest(
          `/verify?credential=${encodeURIComponent(`${ORIGIN}/credentials/00000000-0000-4000-8000-000000000000`)}`,
        ),
        params: {},
        context,
      } as never),
    );
    expect(unknown).toMatchObject({ kind: "ok", data: { report: null, unknownCredential: true } });

    // The credential's own id, opened in a browser, leads to that verification; a malformed id is a 404.
    const own = await run(() =>
      credentialUrl.loader({
        request: makeRequest(`/credentials/${credential.id}`),
        params: { credentialId: credential.id },
        context,
      } as never),
    );
    expect(own).toMatchObject({ kind: "thrown", status: 303, location: `/verify?credential=${encodeURIComponent(url)}` });
    const bad = await run(() =>
      credentialUrl.loader({ request: makeRequest("/credentials/x"), params: { credentialId: "x" }, context } as never),
    );
    expect(bad.status).toBe(404);
  });
});
