import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createInvitation, createLearner, createOrganisation } from "#tests/factories.ts";
import { acceptInvitation } from "./accept-invitation.server.ts";

const PASSWORD = "Granite-Harbor-Violet-31";
const accept = (token: string, displayName = "New Member") =>
  acceptInvitation({ locale: "en" }, { token, displayName, password: PASSWORD, confirmPassword: PASSWORD });

describe("acceptInvitation", () => {
  test("creates the member with the organisation's role, a session and the audit rows; the link is used up", async () => {
    const org = await createOrganisation({ kind: "sponsor" });
    const invitation = await createInvitation({ orgId: org.id });
    const { userId, role, cookie } = await accept(invitation.token);
    expect(role).toBe("sponsor");
    expect(cookie).toMatch(/waystone_session=/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, roles: { select: { role: true, grantedById: true } }, memberships: { select: { orgId: true } } },
    });
    expect(user).toEqual({
      email: invitation.email,
      roles: [{ role: "sponsor", grantedById: null }],
      memberships: [{ orgId: org.id }],
    });
    const actions = (await prisma.auditEvent.findMany({ where: { actorId: userId } })).map((a) => a.action).sort();
    expect(actions).toEqual(["invitation.accepted", "role.granted", "user.signed_up"]);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).not.toBeNull();
  });

  test.each(["accepted", "expired"] as const)("an %s invitation is not found, and nothing is written", async (state) => {
    const invitation = await createInvitation({ state });
    await expect(accept(invitation.token)).rejects.toMatchObject({ reason: "not_found", status: 404 });
    expect(await prisma.user.count({ where: { email: invitation.email } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityId: invitation.id } })).toBe(0);
  });

  test("an unknown or malformed link is not found", async () => {
    await expect(accept("x".repeat(43))).rejects.toMatchObject({ reason: "not_found" });
    await expect(accept("../../etc")).rejects.toMatchObject({ reason: "not_found" });
  });

  test("an address that already has an account is refused, and the invitation stays open", async () => {
    const existing = await createLearner();
    const invitation = await createInvitation({ email: existing.email });
    await expect(accept(invitation.token)).rejects.toMatchObject({ reason: "invitation.account_exists", field: undefined });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeNull();
    expect(await prisma.membership.count({ where: { userId: existing.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityId: invitation.id } })).toBe(0);
  });

  test("a weak password is refused and the invitation stays open", async () => {
    const invitation = await createInvitation();
    await expect(
      acceptInvitation(
        { locale: "en" },
        { token: invitation.token, displayName: "Weak", password: "password1234", confirmPassword: "password1234" },
      ),
    ).rejects.toMatchObject({ reason: "password.rejected", field: "password" });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeNull();
  });

  test("one link used twice at the same moment gives one account", async () => {
    const invitation = await createInvitation();
    const results = await Promise.allSettled([accept(invitation.token), accept(invitation.token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(["not_found", "invitation.account_exists"]).toContain((refused.reason as { reason: string }).reason);
    expect(await prisma.user.count({ where: { email: invitation.email } })).toBe(1);
  });
});
