import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createIssuedCredential, createShareRow, strangers } from "#tests/credential-fixtures.ts";
import { openShare } from "./open-share.server.ts";
import { revokeShareLink } from "./revoke-share-link.server.ts";

const row = (id: string) => prisma.shareLink.findUniqueOrThrow({ where: { id } });
const revocations = (id: string) => prisma.auditEvent.findMany({ where: { action: "share_link.revoked", entityId: id } });

describe("revoking a share link", () => {
  test("the learner withdraws their link: it stops working at once; audited with ids and the audience only", async () => {
    const f = await createIssuedCredential();
    const { token, share } = await createShareRow(f.credentialId, f.learnerId, { audience: "Admissions at University X" });
    expect(await openShare(token)).not.toBeNull();
    const now = new Date("2027-03-10T12:00:00Z");
    const result = await revokeShareLink(
      await actorFor(f.learnerId),
      { shareId: share.id, credentialId: f.credentialId },
      { now },
    );
    expect(result).toEqual({ shareId: share.id, credentialId: f.credentialId, revoked: true, revokedAt: now });
    expect((await row(share.id)).revokedAt).toEqual(now);
    const [audit, ...more] = await revocations(share.id);
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actorId: f.learnerId, entityType: "share_link" });
    expect(audit!.data).toEqual({ credentialId: f.credentialId, audience: "Admissions at University X" });
    expect(JSON.stringify(audit)).not.toContain(token);
    const views = (await row(share.id)).viewCount;
    expect(await openShare(token)).toBeNull();
    expect((await row(share.id)).viewCount).toBe(views);
  });

  test("is idempotent: a second revocation changes nothing, keeps the first time, writes no second audit row", async () => {
    const f = await createIssuedCredential();
    const { share } = await createShareRow(f.credentialId, f.learnerId);
    const actor = await actorFor(f.learnerId);
    const first = await revokeShareLink(actor, { shareId: share.id }, { now: new Date("2027-03-10T12:00:00Z") });
    const again = await revokeShareLink(actor, { shareId: share.id }, { now: new Date("2027-03-11T12:00:00Z") });
    expect(first.revoked).toBe(true);
    expect(again).toEqual({ shareId: share.id, credentialId: f.credentialId, revoked: false, revokedAt: first.revokedAt });
    expect((await row(share.id)).revokedAt).toEqual(first.revokedAt);
    expect(await revocations(share.id)).toHaveLength(1);
  });

  test("revocations at the same moment: one takes effect, one audit row (a real race on PostgreSQL)", async () => {
    const f = await createIssuedCredential();
    const { share } = await createShareRow(f.credentialId, f.learnerId);
    const actor = await actorFor(f.learnerId);
    const results = await Promise.all(Array.from({ length: 6 }, () => revokeShareLink(actor, { shareId: share.id })));
    expect(results.filter((r) => r.revoked)).toHaveLength(1);
    expect(new Set(results.map((r) => r.revokedAt.getTime())).size).toBe(1);
    expect(await revocations(share.id)).toHaveLength(1);
  });

  test("another learner's share, a share of another credential than the page's, a forged id: not found; staff: 403", async () => {
    const f = await createIssuedCredential();
    const other = await createIssuedCredential({ learnerId: f.learnerId });
    const { share } = await createShareRow(f.credentialId, f.learnerId);
    const s = await strangers();
    await expect(revokeShareLink(s.otherLearner, { shareId: share.id })).rejects.toMatchObject({ reason: "not_found" });
    for (const who of [s.admin, s.sponsor, s.educator, s.verifier]) {
      await expect(revokeShareLink(who, { shareId: share.id })).rejects.toMatchObject({
        reason: "permission.denied",
        status: 403,
      });
    }
    const owner = await actorFor(f.learnerId);
    await expect(revokeShareLink(owner, { shareId: share.id, credentialId: other.credentialId })).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(revokeShareLink(owner, { shareId: "cforgedshare0000001" })).rejects.toMatchObject({ reason: "not_found" });
    expect((await row(share.id)).revokedAt).toBeNull();
    expect(await revocations(share.id)).toHaveLength(0);
  });
});
