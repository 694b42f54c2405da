import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createInvitation, createLearner, createOrganisation, uniqueUsername } from "#tests/factories.ts";
import { acceptInvitation } from "./accept-invitation.server.ts";
import { sha256 } from "./crypto.server.ts";
import { RATE_LIMITS } from "./rate-limit.server.ts";

const PASSWORD = "Granite-Harbor-Violet-31";
const input = (token: string, over: { username?: string; password?: string } = {}) => ({
  intent: "accept" as const,
  token,
  username: over.username ?? uniqueUsername("member"),
  displayName: "New Member",
  password: over.password ?? PASSWORD,
  confirmPassword: over.password ?? PASSWORD,
});
const accept = (token: string, over: Parameters<typeof input>[1] = {}, clientIp: string | null = null) =>
  acceptInvitation({ locale: "en", clientIp }, input(token, over));

async function unchanged(invitation: { id: string; email: string }) {
  expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeNull();
  expect(await prisma.auditEvent.count({ where: { entityId: invitation.id } })).toBe(0);
}

describe("acceptInvitation", () => {
  test("an address without an account: no account yet, a pending sign-up and the finish-joining link by email", async () => {
    const org = await createOrganisation({ kind: "sponsor" });
    const invitation = await createInvitation({ orgId: org.id });
    const username = uniqueUsername("member");
    await accept(invitation.token, { username });
    expect(await prisma.user.count({ where: { OR: [{ email: invitation.email }, { username }] } })).toBe(0);
    const pending = await prisma.pendingSignup.findFirstOrThrow({ where: { email: invitation.email } });
    expect(pending).toMatchObject({ purpose: "invitation", usedAt: null });
    expect(pending.payload).toMatchObject({
      account: { username, displayName: "New Member" },
      data: { invitationId: invitation.id },
    });
    expect(JSON.stringify(pending.payload)).not.toContain(PASSWORD);
    const sent = await prisma.outboxEmail.findMany({ where: { to: invitation.email } });
    expect(sent).toHaveLength(1);
    const token = /\/join\/invitation\/confirm\/([A-Za-z0-9_-]+)/.exec(sent[0]!.text)![1]!;
    expect(pending.tokenHash).toBe(sha256(token));
    expect(sent[0]!.text).not.toMatch(/sponsor|Organisation/i);
    await unchanged(invitation);
  });

  test("an address with an account: the same work (a spent pending row) and the neutral 'sign in, then open the invitation again'", async () => {
    const existing = await createLearner();
    const invitation = await createInvitation({ email: existing.email });
    await accept(invitation.token);
    const pending = await prisma.pendingSignup.findFirstOrThrow({ where: { email: existing.email } });
    expect(pending.usedAt).not.toBeNull();
    expect(pending.payload).toMatchObject({ account: { passwordHash: "" } });
    const sent = await prisma.outboxEmail.findMany({ where: { to: existing.email } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain("open the invitation link again");
    expect(sent[0]!.text).toContain(`/login?redirectTo=${encodeURIComponent(`/invite/${invitation.token}`)}`);
    expect(sent[0]!.text).not.toContain("/join/invitation/confirm/");
    await unchanged(invitation);
    expect(await prisma.membership.count({ where: { userId: existing.id } })).toBe(0);
  });

  test.each(["accepted", "expired"] as const)(
    "an %s invitation is refused with its reason, and nothing is written",
    async (state) => {
      const invitation = await createInvitation({ state });
      await expect(accept(invitation.token)).rejects.toMatchObject({
        reason: state === "accepted" ? "invitation.used" : "invitation.expired",
        status: 410,
      });
      expect(await prisma.pendingSignup.count({ where: { email: invitation.email } })).toBe(0);
      expect(await prisma.outboxEmail.count({ where: { to: invitation.email } })).toBe(0);
    },
  );

  test("a revoked invitation is refused as withdrawn", async () => {
    const invitation = await createInvitation();
    await prisma.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await expect(accept(invitation.token)).rejects.toMatchObject({ reason: "invitation.revoked" });
    expect(await prisma.pendingSignup.count({ where: { email: invitation.email } })).toBe(0);
  });

  test("an unknown or malformed link is not found", async () => {
    await expect(accept("x".repeat(43))).rejects.toMatchObject({ reason: "not_found" });
    await expect(accept("../../etc")).rejects.toMatchObject({ reason: "not_found" });
  });

  test("a weak password or a taken username is refused on its field, and nothing is written", async () => {
    const invitation = await createInvitation();
    await expect(accept(invitation.token, { password: "password1234" })).rejects.toMatchObject({
      reason: "password.rejected",
      field: "password",
    });
    const existing = await createLearner();
    await expect(accept(invitation.token, { username: existing.username })).rejects.toMatchObject({
      reason: "account.username_taken",
      field: "username",
    });
    expect(await prisma.pendingSignup.count({ where: { email: invitation.email } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { to: invitation.email } })).toBe(0);
    await unchanged(invitation);
  });

  test("a flood from one client is refused before anything is written", async () => {
    const invitation = await createInvitation();
    const client = `203.0.113.${Date.now()}`;
    await prisma.rateLimit.create({ data: { key: `invitation:${sha256(client)}`, count: RATE_LIMITS.invitation.limit } });
    await expect(accept(invitation.token, {}, client)).rejects.toMatchObject({ reason: "request.too_many", status: 429 });
    expect(await prisma.pendingSignup.count({ where: { email: invitation.email } })).toBe(0);
  });
});
