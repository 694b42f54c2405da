import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createInvitation, createLearner, createSponsorMember } from "#tests/factories.ts";
import { sha256 } from "./crypto.server.ts";
import { findOpenInvitation } from "./queries.server.ts";
import { resendInvitation } from "./resend-invitation.server.ts";
import { actorFor } from "./session.server.ts";

const resends = (id: string) => prisma.auditEvent.count({ where: { action: "invitation.resent", entityId: id } });
const row = (id: string) => prisma.invitation.findUniqueOrThrow({ where: { id } });

describe("resendInvitation", () => {
  test("a new link replaces the old one (which stops working), lastSentAt is set, one neutral email goes out", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const invitation = await createInvitation();
    const { token } = await resendInvitation(admin, { invitationId: invitation.id });
    expect(token).not.toBe(invitation.token);
    expect(await findOpenInvitation(invitation.token)).toBeNull();
    expect((await findOpenInvitation(token))?.id).toBe(invitation.id);
    const after = await row(invitation.id);
    expect(after.tokenHash).toBe(sha256(token));
    expect(after.lastSentAt).toBeInstanceOf(Date);
    expect(await resends(invitation.id)).toBe(1);
    const emails = await prisma.outboxEmail.findMany({ where: { to: invitation.email }, orderBy: { createdAt: "desc" } });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain(`/invite/${token}`);
    expect(emails[0]!.subject).toBe("You have an update on Waystone");
  });

  test("an expired invitation gets a fresh period with its new link", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const invitation = await createInvitation({ state: "expired" });
    const { token } = await resendInvitation(admin, { invitationId: invitation.id });
    expect((await row(invitation.id)).expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect((await findOpenInvitation(token))?.id).toBe(invitation.id);
  });

  test.each(["learner", "sponsor"] as const)("a %s cannot resend, and nothing is written", async (who) => {
    const invitation = await createInvitation();
    const before = await row(invitation.id);
    const user = who === "learner" ? await createLearner() : await createSponsorMember();
    await expect(resendInvitation(await actorFor(user.id), { invitationId: invitation.id })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await row(invitation.id)).toEqual(before);
    expect(await prisma.outboxEmail.count({ where: { to: invitation.email } })).toBe(0);
    expect(await resends(invitation.id)).toBe(0);
  });

  test("an accepted or a withdrawn invitation is refused with its reason (409); nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const accepted = await createInvitation({ state: "accepted" });
    const withdrawn = await createInvitation();
    await prisma.invitation.update({ where: { id: withdrawn.id }, data: { revokedAt: new Date() } });
    for (const [invitation, reason] of [
      [accepted, "invitation.already_accepted"],
      [withdrawn, "invitation.already_revoked"],
    ] as const) {
      const before = await row(invitation.id);
      await expect(resendInvitation(admin, { invitationId: invitation.id })).rejects.toMatchObject({ reason, status: 409 });
      expect(await row(invitation.id)).toEqual(before);
      expect(await prisma.outboxEmail.count({ where: { to: invitation.email } })).toBe(0);
      expect(await resends(invitation.id)).toBe(0);
    }
  });

  test("an unknown invitation is not found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(resendInvitation(admin, { invitationId: "nosuchinvitation0" })).rejects.toMatchObject({ reason: "not_found" });
  });
});
