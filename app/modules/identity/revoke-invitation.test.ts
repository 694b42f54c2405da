import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createInvitation, createLearner, createVerifier } from "#tests/factories.ts";
import { findOpenInvitation } from "./queries.server.ts";
import { revokeInvitation } from "./revoke-invitation.server.ts";
import { actorFor } from "./session.server.ts";

const revocations = (id: string) => prisma.auditEvent.count({ where: { action: "invitation.revoked", entityId: id } });
const revokedAt = async (id: string) => (await prisma.invitation.findUniqueOrThrow({ where: { id } })).revokedAt;

describe("revokeInvitation", () => {
  test("once confirmed, an open invitation is withdrawn: its link stops working, with an audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const invitation = await createInvitation();
    expect(await revokeInvitation(admin, { invitationId: invitation.id, confirm: "yes" })).toEqual({ revoked: true });
    expect(await revokedAt(invitation.id)).toBeInstanceOf(Date);
    expect(await findOpenInvitation(invitation.token)).toBeNull();
    expect(await revocations(invitation.id)).toBe(1);
  });

  test("without the confirmation it is refused (428, naming the address) and the link keeps working", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const invitation = await createInvitation();
    await expect(revokeInvitation(admin, { invitationId: invitation.id })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { email: invitation.email },
    });
    expect(await revokedAt(invitation.id)).toBeNull();
    expect((await findOpenInvitation(invitation.token))?.id).toBe(invitation.id);
    expect(await revocations(invitation.id)).toBe(0);
  });

  test.each(["learner", "verifier"] as const)("a %s cannot withdraw an invitation, and nothing changes", async (who) => {
    const invitation = await createInvitation();
    const user = who === "learner" ? await createLearner() : await createVerifier();
    await expect(
      revokeInvitation(await actorFor(user.id), { invitationId: invitation.id, confirm: "yes" }),
    ).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await revokedAt(invitation.id)).toBeNull();
    expect(await revocations(invitation.id)).toBe(0);
  });

  test("an accepted invitation cannot be withdrawn (409); a withdrawn one changes nothing", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const accepted = await createInvitation({ state: "accepted" });
    await expect(revokeInvitation(admin, { invitationId: accepted.id, confirm: "yes" })).rejects.toMatchObject({
      reason: "invitation.already_accepted",
      status: 409,
    });
    expect(await revokedAt(accepted.id)).toBeNull();
    const open = await createInvitation();
    await revokeInvitation(admin, { invitationId: open.id, confirm: "yes" });
    const first = await revokedAt(open.id);
    expect(await revokeInvitation(admin, { invitationId: open.id, confirm: "yes" })).toEqual({ revoked: false });
    expect(await revokedAt(open.id)).toEqual(first);
    expect(await revocations(open.id)).toBe(1);
    expect(await revocations(accepted.id)).toBe(0);
  });

  test("two admins withdrawing at the same moment give one withdrawal", async () => {
    const [a, b] = await Promise.all([createAdmin(), createAdmin()]);
    const invitation = await createInvitation();
    const results = await Promise.all([
      revokeInvitation(await actorFor(a.id), { invitationId: invitation.id, confirm: "yes" }),
      revokeInvitation(await actorFor(b.id), { invitationId: invitation.id, confirm: "yes" }),
    ]);
    expect(results.filter((r) => r.revoked)).toHaveLength(1);
    expect(await revocations(invitation.id)).toBe(1);
  });

  test("an unknown invitation is not found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(revokeInvitation(admin, { invitationId: "nosuchinvitation0", confirm: "yes" })).rejects.toMatchObject({
      reason: "not_found",
    });
  });
});
