import { describe, expect, test } from "vitest";
import { sha256 } from "#app/modules/identity/crypto.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { parseSubmission } from "#app/utils/forms.server.ts";
import { createIssuedCredential, revokeCredentialRow, setLegalNameRow, strangers } from "#tests/credential-fixtures.ts";
import { createShareLink, shareExpiry } from "./create-share-link.server.ts";
import { CredentialPageSchema, type CreateShareLinkInput } from "./schemas.ts";

const NOW = new Date("2027-03-10T12:00:00Z");
const DAY = 86_400_000;
const shares = (credentialId: string) => prisma.shareLink.findMany({ where: { credentialId } });
const audits = (credentialId: string) =>
  prisma.auditEvent.findMany({ where: { action: "share_link.created", data: { path: ["credentialId"], equals: credentialId } } });

function input(credentialId: string, extra: Partial<CreateShareLinkInput> = {}): CreateShareLinkInput {
  return { intent: "create", credentialId, audience: "Admissions at University X", expiresIn: "30", nameShown: "none", ...extra };
}

describe("creating a share link", () => {
  test("the learner shares their credential: a 32-byte token shown once, only its SHA-256 stored, audited without it", async () => {
    const f = await createIssuedCredential();
    const actor = await actorFor(f.learnerId);
    const created = await createShareLink(actor, input(f.credentialId), { now: NOW });

    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.token, "base64url")).toHaveLength(32);
    expect(created.url).toBe(`${getEnv().APP_ORIGIN}/s/${created.token}`);
    expect(created.expiresAt).toEqual(new Date(NOW.getTime() + 30 * DAY));

    const [row] = await shares(f.credentialId);
    expect(row).toMatchObject({
      id: created.shareId,
      learnerId: f.learnerId,
      audience: "Admissions at University X",
      tokenHash: sha256(created.token),
      nameShown: "none",
      viewCount: 0,
      revokedAt: null,
      lastViewedAt: null,
    });
    const [audit] = await audits(f.credentialId);
    expect(audit).toMatchObject({ actorId: f.learnerId, entityType: "share_link", entityId: created.shareId });
    expect(audit!.data).toEqual({ credentialId: f.credentialId, audience: "Admissions at University X" });
    // The token is nowhere in the database: not in the share, not in the log.
    const everything = JSON.stringify([await shares(f.credentialId), await audits(f.credentialId)]);
    expect(everything).not.toContain(created.token);

    // Two shares of one credential are two links.
    const second = await createShareLink(actor, input(f.credentialId, { audience: "Registrar" }), { now: NOW });
    expect(second.token).not.toBe(created.token);
    expect(await shares(f.credentialId)).toHaveLength(2);
  });

  test("expiry: 7, 30, 90 or 365 days, or the end (UTC) of a day from today to a year ahead; else a field message", async () => {
    for (const days of ["7", "30", "90", "365"] as const) {
      expect(shareExpiry({ expiresIn: days }, NOW)).toEqual(new Date(NOW.getTime() + Number(days) * DAY));
    }
    expect(shareExpiry({ expiresIn: "date", expiresOn: "2027-03-10" }, NOW)).toEqual(new Date("2027-03-10T23:59:59.999Z"));
    expect(shareExpiry({ expiresIn: "date", expiresOn: "2028-03-09" }, NOW)).toEqual(new Date("2028-03-09T23:59:59.999Z"));
    for (const expiresOn of ["2027-03-09", "2028-03-10", "2030-01-01", undefined]) {
      expect(() => shareExpiry({ expiresIn: "date", expiresOn }, NOW)).toThrow(
        expect.objectContaining({ reason: "share_link.expiry_invalid", field: "expiresOn" }),
      );
    }

    const f = await createIssuedCredential();
    const actor = await actorFor(f.learnerId);
    await expect(
      createShareLink(actor, input(f.credentialId, { expiresIn: "date", expiresOn: "2029-01-01" }), { now: NOW }),
    ).rejects.toMatchObject({ reason: "share_link.expiry_invalid", field: "expiresOn", status: 400 });
    expect(await shares(f.credentialId)).toHaveLength(0);
    const dated = await createShareLink(actor, input(f.credentialId, { expiresIn: "date", expiresOn: "2027-12-31" }), {
      now: NOW,
    });
    expect(dated.expiresAt).toEqual(new Date("2027-12-31T23:59:59.999Z"));
  });

  test("the legal name only with one stored AND consented; else refused on the field, nothing written", async () => {
    const f = await createIssuedCredential();
    const actor = await actorFor(f.learnerId);
    const legal = input(f.credentialId, { nameShown: "legal" });
    await expect(createShareLink(actor, legal)).rejects.toMatchObject({
      reason: "share_link.legal_name_unavailable",
      field: "nameShown",
      status: 409,
    });
    await setLegalNameRow(f.learnerId, "Amina Example", false);
    await expect(createShareLink(actor, legal)).rejects.toMatchObject({ reason: "share_link.legal_name_unavailable" });
    expect(await shares(f.credentialId)).toHaveLength(0);
    expect(await audits(f.credentialId)).toHaveLength(0);

    await setLegalNameRow(f.learnerId, "Amina Example", true);
    const created = await createShareLink(actor, legal);
    const row = await prisma.shareLink.findUniqueOrThrow({ where: { id: created.shareId } });
    expect(row.nameShown).toBe("legal");
    // The name itself is stored nowhere of ours: not in the share, not in the log, not in the credential.
    const stored = JSON.stringify([
      row,
      await audits(f.credentialId),
      await prisma.credential.findUnique({ where: { id: f.credentialId } }),
    ]);
    expect(stored).not.toContain("Amina");
    const display = await createShareLink(actor, input(f.credentialId, { nameShown: "display" }));
    expect((await prisma.shareLink.findUniqueOrThrow({ where: { id: display.shareId } })).nameShown).toBe("display");
  });

  test("another learner's credential and a forged id are not found; staff roles are refused; nothing written", async () => {
    const f = await createIssuedCredential();
    const s = await strangers();
    await expect(createShareLink(s.otherLearner, input(f.credentialId))).rejects.toMatchObject({
      reason: "not_found",
      status: 404,
    });
    for (const who of [s.admin, s.sponsor, s.educator, s.verifier]) {
      await expect(createShareLink(who, input(f.credentialId))).rejects.toMatchObject({
        reason: "permission.denied",
        status: 403,
      });
    }
    const owner = await actorFor(f.learnerId);
    await expect(createShareLink(owner, input("00000000-0000-4000-8000-000000000000"))).rejects.toMatchObject({
      reason: "not_found",
    });
    // An account that is both a learner and staff shares only its own credentials too.
    await prisma.userRole.create({ data: { userId: s.ids.admin, role: "learner" } });
    await expect(createShareLink(await actorFor(s.ids.admin), input(f.credentialId))).rejects.toMatchObject({
      reason: "not_found",
    });
    expect(await shares(f.credentialId)).toHaveLength(0);
    expect(await audits(f.credentialId)).toHaveLength(0);
  });

  test("a revoked credential is not shared", async () => {
    const f = await createIssuedCredential();
    await revokeCredentialRow(f.credentialId);
    await expect(createShareLink(await actorFor(f.learnerId), input(f.credentialId))).rejects.toMatchObject({
      reason: "share_link.credential_revoked",
      status: 409,
    });
    expect(await shares(f.credentialId)).toHaveLength(0);
  });
});

describe("the share form (CredentialPageSchema)", () => {
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(entries)) data.append(k, v);
    return parseSubmission(data, CredentialPageSchema);
  };
  const errorsOf = (entries: Record<string, string>) => {
    const submission = form(entries);
    expect(submission.status).toBe("error");
    return submission.reply().error ?? {};
  };
  const good = { intent: "create", audience: "Admissions at University X", expiresIn: "30", nameShown: "none" };

  test("a complete form parses; the audience is trimmed", () => {
    const submission = form({ ...good, audience: "  Registrar  " });
    expect(submission).toMatchObject({ status: "success", value: { intent: "create", audience: "Registrar", expiresIn: "30" } });
    expect(form({ ...good, expiresIn: "date", expiresOn: "2027-05-01" })).toMatchObject({
      status: "success",
      value: { expiresOn: "2027-05-01" },
    });
    expect(form({ intent: "revoke", shareId: "cshare0000000001" })).toMatchObject({ status: "success" });
  });

  test("each bad field gets its own message", () => {
    expect(errorsOf({ ...good, audience: "   " })).toMatchObject({ audience: ["form.required"] });
    expect(errorsOf({ ...good, audience: "x".repeat(121) })).toMatchObject({ audience: ["form.too_long"] });
    expect(errorsOf({ ...good, audience: "Two\nlines" })).toMatchObject({ audience: ["form.invalid"] });
    expect(errorsOf({ ...good, expiresIn: "1000" })).toMatchObject({ expiresIn: ["form.choose_option"] });
    expect(errorsOf({ ...good, expiresIn: "date" })).toMatchObject({ expiresOn: ["wallet.date_required"] });
    expect(errorsOf({ ...good, expiresIn: "date", expiresOn: "2027-02-30" })).toMatchObject({ expiresOn: ["form.invalid"] });
    expect(errorsOf({ ...good, nameShown: "email" })).toMatchObject({ nameShown: ["form.choose_option"] });
    // Every message at once: the missing date is reported beside another field's mistake.
    expect(errorsOf({ ...good, audience: "", expiresIn: "date" })).toMatchObject({
      audience: ["form.required"],
      expiresOn: ["wallet.date_required"],
    });
    const { audience, expiresIn, nameShown } = errorsOf({ intent: "create" });
    expect([audience, expiresIn, nameShown]).toEqual([["form.required"], ["form.choose_option"], ["form.choose_option"]]);
    expect(errorsOf({ intent: "revoke", shareId: "x'; DROP" })).toMatchObject({ shareId: ["form.invalid"] });
    expect(errorsOf({ intent: "publish" })).toBeTruthy();
  });
});
