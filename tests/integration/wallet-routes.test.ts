// The wallet, share and certificate pages (issue 9, items 6-8), called as React Router calls them, with
// real sessions, real issued credentials and a real database: each role tries each id (IDOR), bad input
// is a 400 with field messages, refusals change nothing, downloads are no-store attachments, and a
// share link that does not work gets one neutral answer whatever the reason.
import { beforeAll, describe, expect, test } from "vitest";
import * as credentialJson from "#app/routes/wallet/credential-json.ts";
import * as credentialPage from "#app/routes/wallet/credential.tsx";
import * as walletPrint from "#app/routes/wallet/print.tsx";
import * as transcriptJson from "#app/routes/wallet/transcript-json.ts";
import * as walletPage from "#app/routes/wallet.tsx";
import * as shareJson from "#app/routes/share-json.ts";
import * as sharePrint from "#app/routes/share-print.tsx";
import * as sharePage from "#app/routes/share.tsx";
import { getEnv } from "#app/utils/env.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { createIssuedCredential, createShareRow, revokeCredentialRow, setLegalNameRow } from "#tests/credential-fixtures.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Who = "owner" | "otherLearner" | "admin" | "sponsor" | "educator" | "verifier";
const cookies = {} as Record<Who, string>;
let f: Awaited<ReturnType<typeof createIssuedCredential>>;

const call = (
  fn: (args: never) => unknown,
  path: string,
  params: Record<string, string>,
  cookie?: string,
  form?: Record<string, string>,
) => run(() => fn({ request: makeRequest(path, { cookie, form }), params, context } as never));
/** A resource route's own Response (run() reports only its status). */
async function respond(fn: (args: never) => unknown, path: string, params: Record<string, string>, cookie?: string) {
  try {
    return (await fn({ request: makeRequest(path, { cookie }), params, context } as never)) as Response;
  } catch (error) {
    return error;
  }
}
const walletGet = (cookie?: string) => call(walletPage.loader as never, "/wallet", {}, cookie);
const pageGet = (cookie: string | undefined, id: string) =>
  call(credentialPage.loader as never, `/wallet/${id}`, { credentialId: id }, cookie);
const pagePost = (cookie: string, id: string, form: Record<string, string>) =>
  call(credentialPage.action as never, `/wallet/${id}`, { credentialId: id }, cookie, form);
const shareGet = (token: string, cookie?: string) => call(sharePage.loader as never, `/s/${token}`, { token }, cookie);
const shares = (credentialId = f.credentialId) => prisma.shareLink.findMany({ where: { credentialId } });
const createForm = { intent: "create", audience: "Admissions at University X", expiresIn: "30", nameShown: "none" };

beforeAll(async () => {
  f = await createIssuedCredential({ displayName: "Nadia Pseudonym" });
  cookies.owner = await sessionCookieFor(f.learnerId);
  cookies.otherLearner = await sessionCookieFor((await createLearner()).id);
  cookies.admin = await sessionCookieFor((await createAdmin()).id);
  cookies.sponsor = await sessionCookieFor((await createSponsorMember()).id);
  cookies.educator = await sessionCookieFor((await createApprovedEducator()).id);
  cookies.verifier = await sessionCookieFor((await createVerifier()).id);
});

describe("/wallet", () => {
  test("the learner sees their credentials; anonymous goes to log in; other roles are refused", async () => {
    const page = await walletGet(cookies.owner);
    expect(page).toMatchObject({
      kind: "ok",
      data: { canExportTranscript: true, credentials: [{ id: f.credentialId, status: "valid" }] },
    });
    expect((page as { data: { messages: Record<string, string> } }).data.messages["wallet.heading"]).toBe("Your credentials");
    expect(await walletGet(undefined)).toMatchObject({
      kind: "thrown",
      status: 302,
      location: expect.stringMatching(/^\/login/),
    });
    for (const who of ["admin", "sponsor", "educator", "verifier"] as const) {
      expect(await walletGet(cookies[who]), who).toMatchObject({ kind: "thrown", status: 403 });
    }
    expect(await walletGet(cookies.otherLearner)).toMatchObject({ kind: "ok", data: { credentials: [] } });
  });
});

describe("/wallet/:credentialId", () => {
  test("the owner sees it; another learner and a malformed or unknown id get 404; other roles 403", async () => {
    expect(await pageGet(cookies.owner, f.credentialId)).toMatchObject({
      kind: "ok",
      data: {
        credential: { id: f.credentialId },
        legalNameAvailable: false,
        constraints: { audience: { required: true, maxLength: 120 } },
      },
    });
    expect(await pageGet(cookies.otherLearner, f.credentialId)).toMatchObject({ kind: "thrown", status: 404 });
    expect(await pageGet(cookies.owner, "nope")).toMatchObject({ kind: "thrown", status: 404 });
    expect(await pageGet(cookies.owner, "00000000-0000-4000-8000-000000000000")).toMatchObject({ kind: "thrown", status: 404 });
    for (const who of ["admin", "sponsor", "educator", "verifier"] as const) {
      expect(await pageGet(cookies[who], f.credentialId), who).toMatchObject({ kind: "thrown", status: 403 });
    }
    expect(await pageGet(cookies.owner, "a\u0000b")).toMatchObject({ kind: "thrown", status: 400 });
  });

  test("creating a link answers it once (no-store); the page afterwards lists it without the link", async () => {
    const before = (await shares()).length;
    const created = await pagePost(cookies.owner, f.credentialId, createForm);
    expect(created).toMatchObject({ kind: "ok", status: 200 });
    const url = (created as { data: { created: { url: string } } }).data.created.url;
    expect(url).toMatch(new RegExp(`^${getEnv().APP_ORIGIN}/s/[A-Za-z0-9_-]{43}$`));
    expect(await shares()).toHaveLength(before + 1);
    const raw = (await credentialPage.action({
      request: makeRequest(`/wallet/${f.credentialId}`, { cookie: cookies.owner, form: createForm }),
      params: { credentialId: f.credentialId },
      context,
    } as never)) as { init: { headers: Record<string, string> } };
    expect(raw.init.headers["Cache-Control"]).toBe("no-store");
    const page = await pageGet(cookies.owner, f.credentialId);
    const token = url.split("/s/")[1]!;
    expect(JSON.stringify(page)).not.toContain(token);
    expect((page as { data: { shares: unknown[] } }).data.shares.length).toBe(before + 2);
  });

  test("bad input: 400 with each field's message; control characters refused on the field; nothing written", async () => {
    const before = (await shares()).length;
    const bad = await pagePost(cookies.owner, f.credentialId, {
      intent: "create",
      audience: "",
      expiresIn: "date",
      nameShown: "x",
    });
    expect(bad).toMatchObject({ kind: "ok", status: 400 });
    const errors = (bad as { data: { result: { error: Record<string, string[]> } } }).data.result.error;
    expect(errors).toMatchObject({ audience: ["form.required"], nameShown: ["form.choose_option"] });
    const nul = await pagePost(cookies.owner, f.credentialId, { ...createForm, audience: "Admissions\u0000X" });
    expect(nul).toMatchObject({ kind: "ok", status: 400 });
    expect((nul as { data: { result: { error: Record<string, string[]> } } }).data.result.error.audience).toContain(
      "reason.request.control_characters",
    );
    const far = await pagePost(cookies.owner, f.credentialId, { ...createForm, expiresIn: "date", expiresOn: "2099-01-01" });
    expect(far).toMatchObject({ kind: "ok", status: 400, data: { reason: "share_link.expiry_invalid" } });
    const legal = await pagePost(cookies.owner, f.credentialId, { ...createForm, nameShown: "legal" });
    expect(legal).toMatchObject({ kind: "ok", status: 409, data: { reason: "share_link.legal_name_unavailable" } });
    expect((legal as { data: { result: { error: Record<string, string[]> } } }).data.result.error.nameShown).toEqual([
      "reason.share_link.legal_name_unavailable",
    ]);
    expect(await pagePost(cookies.owner, f.credentialId, { intent: "delete-everything" })).toMatchObject({
      kind: "ok",
      status: 400,
    });
    expect(await shares()).toHaveLength(before);
  });

  test("another learner's and staff posts (create and revoke) are refused with 404 / 403; nothing changes", async () => {
    const { share } = await createShareRow(f.credentialId, f.learnerId);
    const before = (await shares()).length;
    for (const [who, code] of [
      ["otherLearner", 404],
      ["admin", 403],
      ["sponsor", 403],
      ["educator", 403],
      ["verifier", 403],
    ] as const) {
      expect(await pagePost(cookies[who], f.credentialId, createForm), who).toMatchObject({ kind: "thrown", status: code });
      expect(await pagePost(cookies[who], f.credentialId, { intent: "revoke", shareId: share.id }), who).toMatchObject({
        kind: "thrown",
        status: code,
      });
    }
    expect(await shares()).toHaveLength(before);
    expect((await prisma.shareLink.findUniqueOrThrow({ where: { id: share.id } })).revokedAt).toBeNull();
    // The owner posting another credential's share id through this page: not found.
    const mine = await createIssuedCredential({ learnerId: f.learnerId });
    expect(await pagePost(cookies.owner, mine.credentialId, { intent: "revoke", shareId: share.id })).toMatchObject({
      kind: "thrown",
      status: 404,
    });
  });

  test("revoking: 303 back to the page saying so; a second post says it already was; the link stops working", async () => {
    const { token, share } = await createShareRow(f.credentialId, f.learnerId);
    expect(await shareGet(token)).toMatchObject({ kind: "ok", status: 200 });
    expect(await pagePost(cookies.owner, f.credentialId, { intent: "revoke", shareId: share.id })).toMatchObject({
      kind: "thrown",
      status: 303,
      location: `/wallet/${f.credentialId}?revoked=1`,
    });
    expect(await pagePost(cookies.owner, f.credentialId, { intent: "revoke", shareId: share.id })).toMatchObject({
      kind: "thrown",
      status: 303,
      location: `/wallet/${f.credentialId}?revoked=already`,
    });
    expect(await shareGet(token)).toMatchObject({ kind: "ok", status: 404, data: { share: null } });
    const notice = await call(
      credentialPage.loader as never,
      `/wallet/${f.credentialId}?revoked=1`,
      { credentialId: f.credentialId },
      cookies.owner,
    );
    expect(notice).toMatchObject({ data: { notice: "revoked" } });
  });

  test("with a consented legal name the form offers it and a legal-name link can be made", async () => {
    const g = await createIssuedCredential();
    const cookie = await sessionCookieFor(g.learnerId);
    await setLegalNameRow(g.learnerId, "Amina Example", true);
    const page = await pageGet(cookie, g.credentialId);
    expect(page).toMatchObject({ data: { legalNameAvailable: true } });
    expect(JSON.stringify(page)).not.toContain("Amina");
    expect(await pagePost(cookie, g.credentialId, { ...createForm, nameShown: "legal" })).toMatchObject({
      kind: "ok",
      status: 200,
    });
  });
});

describe("downloads", () => {
  test("the credential JSON: the signed document, an attachment, no-store; others get 404 / 403", async () => {
    const path = `/wallet/${f.credentialId}/credential.json`;
    const params = { credentialId: f.credentialId };
    const response = (await respond(credentialJson.loader as never, path, params, cookies.owner)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[a-z0-9-]*credential\.json"$/);
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual(f.credential.document);
    expect(await call(credentialJson.loader as never, path, params, cookies.otherLearner)).toMatchObject({ status: 404 });
    for (const who of ["admin", "sponsor", "educator", "verifier"] as const) {
      expect(await call(credentialJson.loader as never, path, params, cookies[who]), who).toMatchObject({ status: 403 });
    }
    expect(await call(credentialJson.loader as never, path, params, undefined)).toMatchObject({ status: 302 });
  });

  test("the CLR transcript: a signed ClrCredential attachment, no-store; nothing to bundle is a 409 page; staff 403", async () => {
    const response = (await respond(transcriptJson.loader as never, "/wallet/transcript.json", {}, cookies.owner)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="transcript-clr.json"');
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    const clr = (await response.json()) as { type: string[]; credentialSubject: { verifiableCredential: Array<{ id: string }> } };
    expect(clr.type).toEqual(["VerifiableCredential", "ClrCredential"]);
    expect(clr.credentialSubject.verifiableCredential.map((c) => c.id)).toContain((f.credential.document as { id: string }).id);
    expect(JSON.stringify(clr)).not.toContain("Nadia");
    expect(await call(transcriptJson.loader as never, "/wallet/transcript.json", {}, cookies.otherLearner)).toMatchObject({
      status: 409,
      data: { reason: "transcript.empty" },
    });
    for (const who of ["admin", "sponsor", "educator", "verifier"] as const) {
      expect(await call(transcriptJson.loader as never, "/wallet/transcript.json", {}, cookies[who]), who).toMatchObject({
        status: 403,
      });
    }
  });
});

describe("the certificate from the wallet", () => {
  test("names no one; its QR code (an inline SVG) opens the credential's verification page", async () => {
    const page = await call(
      walletPrint.loader as never,
      `/wallet/${f.credentialId}/print`,
      { credentialId: f.credentialId },
      cookies.owner,
    );
    expect(page).toMatchObject({ kind: "ok", status: 200 });
    const data = (page as { data: { qrSvg: string; qrUrl: string } }).data;
    const credentialUrl = (f.credential.document as { id: string }).id;
    expect(data.qrUrl).toBe(`${getEnv().APP_ORIGIN}/verify?credential=${encodeURIComponent(credentialUrl)}`);
    expect(data.qrSvg).toMatch(/^<svg class="qr-code"/);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: f.learnerId } });
    expect(JSON.stringify(data)).not.toContain("Nadia");
    expect(JSON.stringify(data)).not.toContain(user.username);
    for (const [who, code] of [
      ["otherLearner", 404],
      ["admin", 403],
      ["verifier", 403],
    ] as const) {
      expect(
        await call(
          walletPrint.loader as never,
          `/wallet/${f.credentialId}/print`,
          { credentialId: f.credentialId },
          cookies[who],
        ),
      ).toMatchObject({ kind: "thrown", status: code });
    }
  });
});

describe("/s/:token", () => {
  test("a working link, opened by anyone: the credential, its live verification, only the chosen name; a view counted", async () => {
    const { token, share } = await createShareRow(f.credentialId, f.learnerId, { nameShown: "display" });
    const page = await shareGet(token);
    expect(page).toMatchObject({
      kind: "ok",
      status: 200,
      data: {
        share: {
          verification: { verified: true },
          name: { kind: "display", name: "Nadia Pseudonym" },
          credential: { revoked: false },
        },
      },
    });
    const messages = (page as { data: { messages: Record<string, string> } }).data.messages;
    expect(messages["share.title"]).toBe("Shared credential");
    expect(messages["verify.reason.revoked"]).toBeTruthy();
    expect(Object.keys(messages).some((k) => k.startsWith("wallet."))).toBe(false);
    expect(JSON.stringify(page)).not.toContain("Admissions");
    // Logged in as somebody else, the same.
    expect(await shareGet(token, cookies.admin)).toMatchObject({
      kind: "ok",
      status: 200,
      data: { share: { name: { name: "Nadia Pseudonym" } } },
    });
    expect((await prisma.shareLink.findUniqueOrThrow({ where: { id: share.id } })).viewCount).toBe(2);
    const none = await createShareRow(f.credentialId, f.learnerId, { nameShown: "none" });
    const anonymous = await shareGet(none.token);
    expect(JSON.stringify(anonymous)).not.toContain("Nadia");
  });

  test("unknown, malformed, expired and withdrawn links: the same neutral 404, no-store; nothing counted", async () => {
    const expired = await createShareRow(f.credentialId, f.learnerId, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createShareRow(f.credentialId, f.learnerId, { revokedAt: new Date() });
    const answers = [];
    for (const token of [Buffer.alloc(32, 1).toString("base64url"), "nope", expired.token, revoked.token]) {
      const raw = (await sharePage.loader({ request: makeRequest(`/s/${token}`), params: { token }, context } as never)) as {
        data: { share: unknown; messages: unknown };
        init: { status: number; headers: Record<string, string> };
      };
      expect(raw.init.status).toBe(404);
      expect(raw.init.headers["Cache-Control"]).toBe("no-store");
      expect(raw.data.share).toBeNull();
      answers.push(JSON.stringify(raw.data));
    }
    expect(new Set(answers).size).toBe(1);
    for (const s of [expired, revoked]) {
      expect((await prisma.shareLink.findUniqueOrThrow({ where: { id: s.share.id } })).viewCount).toBe(0);
    }
    expect(await shareGet("a\u0000b")).toMatchObject({ kind: "thrown", status: 400 });
  });

  test("a revoked credential behind a working link shows with its verification failing as revoked", async () => {
    const g = await createIssuedCredential();
    const { token } = await createShareRow(g.credentialId, g.learnerId);
    await revokeCredentialRow(g.credentialId);
    const page = await shareGet(token);
    expect(page).toMatchObject({
      kind: "ok",
      status: 200,
      data: { share: { credential: { revoked: true }, verification: { verified: false } } },
    });
    const checks = (
      page as { data: { share: { verification: { checks: Array<{ check: string; outcome: string; reason: string }> } } } }
    ).data.share.verification.checks;
    expect(checks.find((c) => c.check === "status")).toMatchObject({ outcome: "fail", reason: "revoked" });
  });

  test("its JSON and its certificate: the signed document and the chosen name, counting no view; dead links 404", async () => {
    const { token, share } = await createShareRow(f.credentialId, f.learnerId, { nameShown: "none" });
    const response = (await respond(shareJson.loader as never, `/s/${token}/credential.json`, { token })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; /);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual(f.credential.document);
    const print = await call(sharePrint.loader as never, `/s/${token}/print`, { token });
    expect(print).toMatchObject({ kind: "ok", status: 200, data: { certificate: { name: null } } });
    const data = (print as { data: { certificate: { shareUrl: string }; qrSvg: string } }).data;
    expect(data.certificate.shareUrl).toBe(`${getEnv().APP_ORIGIN}/s/${token}`);
    expect(data.qrSvg).toMatch(/^<svg class="qr-code"/);
    expect(JSON.stringify(print)).not.toContain("Nadia");
    expect((await prisma.shareLink.findUniqueOrThrow({ where: { id: share.id } })).viewCount).toBe(0);

    const named = await createShareRow(f.credentialId, f.learnerId, { nameShown: "display" });
    expect(await call(sharePrint.loader as never, `/s/${named.token}/print`, { token: named.token })).toMatchObject({
      data: { certificate: { name: { kind: "display", name: "Nadia Pseudonym" } } },
    });

    const dead = await createShareRow(f.credentialId, f.learnerId, { revokedAt: new Date() });
    expect(await call(shareJson.loader as never, `/s/${dead.token}/credential.json`, { token: dead.token })).toMatchObject({
      kind: "thrown",
      status: 404,
    });
    expect(await call(sharePrint.loader as never, `/s/${dead.token}/print`, { token: dead.token })).toMatchObject({
      kind: "ok",
      status: 404,
      data: { certificate: null },
    });
  });
});
