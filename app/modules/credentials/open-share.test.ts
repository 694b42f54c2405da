import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createIssuedCredential, createShareRow, revokeCredentialRow, setLegalNameRow } from "#tests/credential-fixtures.ts";
import { openShare } from "./open-share.server.ts";

const row = (id: string) => prisma.shareLink.findUniqueOrThrow({ where: { id } });

describe("opening a share link", () => {
  test("a working link: the credential as signed, its live verification (passing), no name; one view counted", async () => {
    const f = await createIssuedCredential({ displayName: "Nadia Pseudonym", finalGrade: 91, credits: 6 });
    const { token, share } = await createShareRow(f.credentialId, f.learnerId, { nameShown: "none" });
    const now = new Date(Date.now() + 1000);
    const view = await openShare(token, { now });
    expect(view).not.toBeNull();
    const doc = f.credential.document as { credentialSubject: { achievement: { name: string } } };
    expect(view!.credential).toMatchObject({
      revoked: false,
      facts: {
        achievementName: doc.credentialSubject.achievement.name,
        creditsEarned: 6,
        creditUnit: "ECTS",
        grade: "91",
        gradePercent: 91,
        issuerName: "Waystone",
      },
    });
    expect(view!.verification.verified).toBe(true);
    expect(view!.verification.checks.map((c) => [c.check, c.outcome])).toEqual([
      ["shape", "pass"],
      ["proof", "pass"],
      ["issuer_key", "pass"],
      ["status", "pass"],
      ["validity", "pass"],
    ]);
    expect(view!.name).toBeNull();
    // Nothing that names the learner: not the display name, not the account.
    const user = await prisma.user.findUniqueOrThrow({ where: { id: f.learnerId } });
    const json = JSON.stringify(view);
    expect(json).not.toContain("Nadia");
    expect(json).not.toContain(user.username);
    expect(json).not.toContain(f.learnerId);
    expect(json).not.toContain("Admissions");
    expect(await row(share.id)).toMatchObject({ viewCount: 1, lastViewedAt: now });
    await openShare(token);
    expect((await row(share.id)).viewCount).toBe(2);
    expect((await row(share.id)).lastViewedAt!.getTime()).toBeGreaterThanOrEqual(now.getTime() - 1000);
  });

  test("the name the learner chose, read when the link is opened: display name, legal name only while consented", async () => {
    const f = await createIssuedCredential({ displayName: "River" });
    const display = await createShareRow(f.credentialId, f.learnerId, { nameShown: "display" });
    expect((await openShare(display.token))!.name).toEqual({ kind: "display", name: "River" });

    await setLegalNameRow(f.learnerId, "Amina Example", true);
    const legal = await createShareRow(f.credentialId, f.learnerId, { nameShown: "legal" });
    expect((await openShare(legal.token))!.name).toEqual({ kind: "legal", name: "Amina Example" });
    // The name sits beside the credential: the signed document never has it.
    expect(JSON.stringify(await prisma.credential.findUniqueOrThrow({ where: { id: f.credentialId } }))).not.toContain("Amina");

    await setLegalNameRow(f.learnerId, "Amina Example", false);
    const withdrawn = await openShare(legal.token);
    expect(withdrawn!.name).toBeNull();
    expect(JSON.stringify(withdrawn)).not.toContain("Amina");
  });

  test("unknown, malformed, expired and withdrawn links all answer null, and count nothing", async () => {
    const f = await createIssuedCredential();
    const expired = await createShareRow(f.credentialId, f.learnerId, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createShareRow(f.credentialId, f.learnerId, { revokedAt: new Date() });
    const live = await createShareRow(f.credentialId, f.learnerId);
    const unknown = Buffer.alloc(32, 7).toString("base64url");
    for (const token of [
      unknown,
      "short",
      `${live.token}x`,
      live.token.slice(1),
      "",
      "../../etc/passwd",
      expired.token,
      revoked.token,
    ]) {
      expect(await openShare(token), token).toBeNull();
    }
    // A link that expires at this very moment no longer works.
    expect(await openShare(live.token, { now: live.share.expiresAt })).toBeNull();
    for (const s of [expired, revoked, live]) expect((await row(s.share.id)).viewCount).toBe(0);
  });

  test("a revoked credential behind a working link shows, with its verification saying revoked", async () => {
    const f = await createIssuedCredential();
    const { token } = await createShareRow(f.credentialId, f.learnerId);
    await revokeCredentialRow(f.credentialId);
    const view = await openShare(token);
    expect(view!.credential.revoked).toBe(true);
    expect(view!.verification.verified).toBe(false);
    expect(view!.verification.checks.find((c) => c.check === "status")).toMatchObject({ outcome: "fail", reason: "revoked" });
    expect(view!.verification.checks.find((c) => c.check === "proof")).toMatchObject({ outcome: "pass" });
  });

  test("20 opens at the same moment count exactly 20 (a real race on PostgreSQL)", async () => {
    const f = await createIssuedCredential();
    const { token, share } = await createShareRow(f.credentialId, f.learnerId, { viewCount: 3 });
    const views = await Promise.all(Array.from({ length: 20 }, () => openShare(token)));
    expect(views.every((v) => v !== null)).toBe(true);
    expect((await row(share.id)).viewCount).toBe(23);
  });
});
