import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createInvitation, createLearner, createLearnerWithoutEmail, createOrganisation } from "#tests/factories.ts";
import { joinWithInvitation } from "./join-with-invitation.server.ts";
import { actorFor } from "./session.server.ts";

describe("joinWithInvitation", () => {
  test("the account with the invitation's confirmed address gets its role and membership, audited; the link is used", async () => {
    const person = await createLearner();
    const org = await createOrganisation({ kind: "institution" });
    const invitation = await createInvitation({ orgId: org.id, email: person.email });
    await expect(joinWithInvitation(await actorFor(person.id), { token: invitation.token })).resolves.toEqual({
      role: "verifier",
    });
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: person.id },
      select: { roles: { select: { role: true } }, memberships: { select: { orgId: true } } },
    });
    expect(user.roles.map((r) => r.role).sort()).toEqual(["learner", "verifier"]);
    expect(user.memberships).toEqual([{ orgId: org.id }]);
    const actions = (await prisma.auditEvent.findMany({ where: { actorId: person.id } })).map((a) => a.action).sort();
    expect(actions).toEqual(["invitation.accepted", "role.granted"]);
    await expect(joinWithInvitation(await actorFor(person.id), { token: invitation.token })).rejects.toMatchObject({
      reason: "invitation.used",
    });
  });

  test("another account may not use it, and nothing is written", async () => {
    const invitation = await createInvitation();
    const other = await createLearner();
    await expect(joinWithInvitation(await actorFor(other.id), { token: invitation.token })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    const noEmail = await createLearnerWithoutEmail();
    await expect(joinWithInvitation(await actorFor(noEmail.id), { token: invitation.token })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeNull();
    expect(await prisma.membership.count({ where: { userId: { in: [other.id, noEmail.id] } } })).toBe(0);
  });

  test("an address waiting for confirmation is not enough", async () => {
    const person = await createLearnerWithoutEmail();
    const invitation = await createInvitation();
    await prisma.emailConfirmation.create({
      data: {
        userId: person.id,
        email: invitation.email,
        tokenHash: `t-${person.id}`,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    await expect(joinWithInvitation(await actorFor(person.id), { token: invitation.token })).rejects.toMatchObject({
      reason: "permission.denied",
    });
  });

  test("a revoked or expired invitation is refused with its reason", async () => {
    const person = await createLearner();
    const revoked = await createInvitation({ email: person.email });
    await prisma.invitation.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    await expect(joinWithInvitation(await actorFor(person.id), { token: revoked.token })).rejects.toMatchObject({
      reason: "invitation.revoked",
    });
    const expired = await createInvitation({ email: person.email, state: "expired" });
    await expect(joinWithInvitation(await actorFor(person.id), { token: expired.token })).rejects.toMatchObject({
      reason: "invitation.expired",
    });
    expect(await prisma.membership.count({ where: { userId: person.id } })).toBe(0);
  });
});
