import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner } from "#tests/factories.ts";
import {
  createIssuedCredential,
  createShareRow,
  revokeCredentialRow,
  setLegalNameRow,
  strangers,
} from "#tests/credential-fixtures.ts";
import { qrCodeSvg } from "./qr.server.ts";
import {
  credentialFacts,
  credentialFilename,
  getCredentialDocument,
  getShareCertificate,
  getSharedDocument,
  getWalletCertificate,
  getWalletCredential,
  listWalletCredentials,
  shareState,
} from "./wallet.server.ts";

describe("the wallet's reads", () => {
  test("the learner's credentials, newest first, with credits and unit, grade, date, status and links in use", async () => {
    const learner = await createLearner();
    const older = await createIssuedCredential({ learnerId: learner.id, credits: 3, creditUnit: "US", finalGrade: 64.25 });
    await prisma.credential.update({ where: { id: older.credentialId }, data: { issuedAt: new Date("2026-01-05T10:00:00Z") } });
    const newer = await createIssuedCredential({ learnerId: learner.id });
    await revokeCredentialRow(older.credentialId);
    await createShareRow(newer.credentialId, learner.id);
    await createShareRow(newer.credentialId, learner.id);
    await createShareRow(newer.credentialId, learner.id, { revokedAt: new Date() });
    await createShareRow(newer.credentialId, learner.id, { expiresAt: new Date(Date.now() - 1) });
    await createIssuedCredential(); // someone else's

    const wallet = await listWalletCredentials(await actorFor(learner.id));
    expect(wallet.credentials.map((c) => c.id)).toEqual([newer.credentialId, older.credentialId]);
    expect(wallet.credentials[0]).toMatchObject({
      status: "valid",
      creditsEarned: 5,
      creditUnit: "ECTS",
      grade: "87.5",
      activeShares: 2,
    });
    expect(wallet.credentials[1]).toMatchObject({
      status: "revoked",
      creditsEarned: 3,
      creditUnit: "US",
      gradePercent: 64.25,
      activeShares: 0,
    });
    expect(wallet.canExportTranscript).toBe(true);
    expect(JSON.stringify(wallet)).not.toContain('"document"');

    const empty = await listWalletCredentials(await actorFor((await createLearner()).id));
    expect(empty).toEqual({ credentials: [], canExportTranscript: false });
  });

  test("a credential's page: its shares with their states, and the legal name offered only when consented (never shown)", async () => {
    const f = await createIssuedCredential({ displayName: "River" });
    const actor = await actorFor(f.learnerId);
    const now = new Date();
    const active = await createShareRow(f.credentialId, f.learnerId, { audience: "A", nameShown: "legal" });
    await createShareRow(f.credentialId, f.learnerId, { audience: "B", revokedAt: now });
    await createShareRow(f.credentialId, f.learnerId, { audience: "C", expiresAt: new Date(now.getTime() - 1) });
    let page = await getWalletCredential(actor, f.credentialId, now);
    expect(page.credential).toMatchObject({ id: f.credentialId, status: "valid", creditUnit: "ECTS" });
    expect(page.displayName).toBe("River");
    expect(page.legalNameAvailable).toBe(false);
    expect(Object.fromEntries(page.shares.map((s) => [s.audience, s.state]))).toEqual({
      A: "active",
      B: "revoked",
      C: "expired",
    });
    expect(page.shares.find((s) => s.id === active.share.id)?.nameHidden).toBe(true);
    expect(JSON.stringify(page)).not.toContain("tokenHash");

    await setLegalNameRow(f.learnerId, "Amina Example", true);
    page = await getWalletCredential(actor, f.credentialId, now);
    expect(page.legalNameAvailable).toBe(true);
    expect(page.shares.find((s) => s.id === active.share.id)?.nameHidden).toBe(false);
    expect(JSON.stringify(page)).not.toContain("Amina");
  });

  test("another learner's credential is not found, staff are refused, for every read of the wallet", async () => {
    const f = await createIssuedCredential();
    const s = await strangers();
    for (const read of [getWalletCredential, getCredentialDocument, getWalletCertificate]) {
      await expect(read(s.otherLearner, f.credentialId)).rejects.toMatchObject({ reason: "not_found" });
      for (const who of [s.admin, s.sponsor, s.educator, s.verifier]) {
        await expect(read(who, f.credentialId)).rejects.toMatchObject({ reason: "permission.denied" });
      }
      await expect(read(await actorFor(f.learnerId), "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
        reason: "not_found",
      });
    }
    await expect(listWalletCredentials(s.admin)).rejects.toMatchObject({ reason: "permission.denied" });
  });

  test("the download is the signed document as issued, under a neutral name", async () => {
    const f = await createIssuedCredential();
    const download = await getCredentialDocument(await actorFor(f.learnerId), f.credentialId);
    expect(download.document).toEqual(f.credential.document);
    expect(download.filename).toMatch(/^[a-z0-9-]*credential\.json$/);
    expect(credentialFilename({ credentialSubject: { achievement: { name: "Álgebra lineal: 1 ☃" } } })).toBe(
      "algebra-lineal-1-credential.json",
    );
    expect(credentialFilename({ credentialSubject: { achievement: { name: "مقدمة" } } })).toBe("credential.json");
  });

  test("a share's certificate and JSON: only while the link works, and counting no view", async () => {
    const f = await createIssuedCredential({ displayName: "River" });
    const { token, share } = await createShareRow(f.credentialId, f.learnerId, { nameShown: "display" });
    const certificate = await getShareCertificate(token);
    expect(certificate).toMatchObject({ name: { kind: "display", name: "River" }, credential: { revoked: false } });
    expect(certificate!.shareUrl).toMatch(new RegExp(`/s/${token}$`));
    expect(JSON.stringify(certificate)).not.toContain("proofValue");
    expect((await getSharedDocument(token))!.document).toEqual(f.credential.document);
    expect((await prisma.shareLink.findUniqueOrThrow({ where: { id: share.id } })).viewCount).toBe(0);

    const none = await createShareRow(f.credentialId, f.learnerId, { nameShown: "none" });
    expect((await getShareCertificate(none.token))!.name).toBeNull();
    const expired = await createShareRow(f.credentialId, f.learnerId, { expiresAt: new Date(Date.now() - 1) });
    const revoked = await createShareRow(f.credentialId, f.learnerId, { revokedAt: new Date() });
    for (const t of [expired.token, revoked.token, "not-a-token", Buffer.alloc(32).toString("base64url")]) {
      expect(await getShareCertificate(t)).toBeNull();
      expect(await getSharedDocument(t)).toBeNull();
    }
  });
});

describe("pure helpers", () => {
  test("credentialFacts reads an OB 3.0 document and never throws on a malformed one", () => {
    const facts = credentialFacts({
      id: "https://example.test/credentials/1",
      name: "Statistics",
      validFrom: "2026-12-01T10:00:00Z",
      issuer: { id: "did:web:example.test", name: "Waystone", url: "https://example.test" },
      credentialSubject: {
        achievement: { name: "Statistics I", description: "Basics", criteria: { narrative: "Pass" }, inLanguage: "es" },
        creditsEarned: 5,
        result: [{ value: "87.5" }],
      },
    });
    expect(facts).toMatchObject({
      achievementName: "Statistics I",
      language: "es",
      creditsEarned: 5,
      grade: "87.5",
      gradePercent: 87.5,
      issuerName: "Waystone",
      issuedOn: "2026-12-01T10:00:00Z",
      criteria: "Pass",
    });
    for (const bad of [
      null,
      42,
      "text",
      [],
      { credentialSubject: [] },
      { credentialSubject: { result: "x", creditsEarned: "5" } },
    ]) {
      expect(() => credentialFacts(bad)).not.toThrow();
      expect(credentialFacts(bad)).toMatchObject({ achievementName: "", creditsEarned: null });
    }
  });

  test("a share's state: revoked wins, then expiry at the exact moment", () => {
    const now = new Date("2027-01-01T00:00:00Z");
    expect(shareState({ revokedAt: null, expiresAt: new Date(now.getTime() + 1) }, now)).toBe("active");
    expect(shareState({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(shareState({ revokedAt: now, expiresAt: new Date(now.getTime() + 1) }, now)).toBe("revoked");
  });

  test("the QR code is an SVG of paths only, hidden from screen readers, that encodes the URL", async () => {
    const svg = await qrCodeSvg("https://example.test/s/abc?x=<script>");
    expect(svg).toMatch(
      /^<svg class="qr-code" aria-hidden="true" focusable="false" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/,
    );
    expect(svg).not.toMatch(/<script|<text|style=|<image|href/);
    expect(svg.match(/<path /g)).toHaveLength(2);
    // Longer content needs a larger symbol: the code really carries the URL.
    const long = await qrCodeSvg(`https://example.test/s/${"a".repeat(200)}`);
    const size = (s: string) => Number(/viewBox="0 0 (\d+)/.exec(s)![1]);
    expect(size(long)).toBeGreaterThan(size(svg));
  });
});
