import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createInvitation, createLearner, createOrganisation, uniqueUsername } from "#tests/factories.ts";
import { acceptInvitation } from "./accept-invitation.server.ts";
import { confirmInvitation } from "./confirm-invitation.server.ts";

const PASSWORD = "Granite-Harbor-Violet-31";

/** Accepts the invitation through its form and returns the token of the "finish joining" link. */
async function pendingLink(invitation: { token: string; email: string }, username = uniqueUsername("member")) {
  await acceptInvitation(
    { locale: "es", clientIp: null },
    {
      intent: "accept",
      token: invitation.token,
      username,
      displayName: "New Member",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    },
  );
  const sent = await prisma.outboxEmail.findFirstOrThrow({ where: { to: invitation.email }, orderBy: { createdAt: "desc" } });
  return /\/join\/invitation\/confirm\/([A-Za-z0-9_-]+)/.exec(sent.text)![1]!;
}

describe("confirmInvitation", () => {
  test("makes the member with the confirmed address, the organisation's role and membership, a session and the audit rows", async () => {
    const org = await createOrganisation({ kind: "sponsor" });
    const invitation = await createInvitation({ orgId: org.id });
    const username = uniqueUsername("member");
    const token = await pendingLink(invitation, username);
    const { userId, role, cookie } = await confirmInvitation({}, { token });
    expect(role).toBe("sponsor");
    expect(cookie).toMatch(/waystone_session=/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        username: true,
        email: true,
        locale: true,
        roles: { select: { role: true, grantedById: true } },
        memberships: { select: { orgId: true } },
      },
    });
    expect(user).toEqual({
      username,
      email: invitation.email,
      locale: "es",
      roles: [{ role: "sponsor", grantedById: null }],
      memberships: [{ orgId: org.id }],
    });
    const actions = (await prisma.auditEvent.findMany({ where: { actorId: userId } })).map((a) => a.action).sort();
    expect(actions).toEqual(["invitation.accepted", "role.granted", "user.signed_up"]);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).not.toBeNull();
    // Single use.
    await expect(confirmInvitation({}, { token })).rejects.toMatchObject({ reason: "link.unusable" });
  });

  test("an invitation revoked after the form was sent is refused, and nothing is written", async () => {
    const invitation = await createInvitation();
    const token = await pendingLink(invitation);
    await prisma.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await expect(confirmInvitation({}, { token })).rejects.toMatchObject({ reason: "invitation.revoked" });
    expect(await prisma.user.count({ where: { email: invitation.email } })).toBe(0);
    expect((await prisma.pendingSignup.findFirstOrThrow({ where: { email: invitation.email } })).usedAt).toBeNull();
  });

  test("an expired link is unusable and writes nothing", async () => {
    const invitation = await createInvitation();
    const token = await pendingLink(invitation);
    await prisma.pendingSignup.updateMany({
      where: { email: invitation.email },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(confirmInvitation({}, { token })).rejects.toMatchObject({ reason: "link.unusable", status: 410 });
    expect(await prisma.user.count({ where: { email: invitation.email } })).toBe(0);
  });

  test("an address that got an account meanwhile: unusable, the invitation stays open", async () => {
    const invitation = await createInvitation();
    const token = await pendingLink(invitation);
    await createLearner({ email: invitation.email });
    await expect(confirmInvitation({}, { token })).rejects.toMatchObject({ reason: "link.unusable" });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeNull();
  });

  test("a username taken meanwhile is said, and nothing is written", async () => {
    const invitation = await createInvitation();
    const username = uniqueUsername("meanwhile");
    const token = await pendingLink(invitation, username);
    await createLearner({ username });
    await expect(confirmInvitation({}, { token })).rejects.toMatchObject({ reason: "account.username_taken" });
    expect(await prisma.user.count({ where: { email: invitation.email } })).toBe(0);
  });

  test("two presses at the same moment give one account", async () => {
    const invitation = await createInvitation();
    const token = await pendingLink(invitation);
    const results = await Promise.allSettled([confirmInvitation({}, { token }), confirmInvitation({}, { token })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.user.count({ where: { email: invitation.email } })).toBe(1);
  });

  test("a link of an application to teach is not an invitation's", async () => {
    await expect(confirmInvitation({}, { token: "y".repeat(43) })).rejects.toMatchObject({ reason: "link.unusable" });
  });
});
