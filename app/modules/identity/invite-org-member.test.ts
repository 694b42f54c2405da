// A sponsor organisation's own members (issue 10): owners invite (as owner or member), members read the
// list, owners remove members and withdraw invitations; everybody else meets `not_found`, a plain
// member `permission.denied`; an accepted invitation gives its orgRole.
import { describe, expect, test } from "vitest";
import type { OrgMemberRole } from "#app/generated/prisma/enums.ts";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createLearner,
  createOrganisation,
  createSponsorMember,
  createUser,
  createVerifier,
  uniqueEmail,
  uniqueUsername,
} from "#tests/factories.ts";
import { acceptInvitation } from "./accept-invitation.server.ts";
import { confirmInvitation } from "./confirm-invitation.server.ts";
import { createInvitation } from "./create-invitation.server.ts";
import { sha256 } from "./crypto.server.ts";
import { inviteOrgMember, ORG_INVITATIONS_PER_DAY } from "./invite-org-member.server.ts";
import { joinWithInvitation } from "./join-with-invitation.server.ts";
import type { Actor } from "./permissions.ts";
import { listOrgMembers } from "./queries.server.ts";
import { removeOrgMember } from "./remove-org-member.server.ts";
import { revokeOrgInvitation } from "./revoke-org-invitation.server.ts";
import { actorFor } from "./session.server.ts";

async function setRole(userId: string, orgId: string, orgRole: OrgMemberRole) {
  await prisma.membership.update({ where: { userId_orgId: { userId, orgId } }, data: { orgRole } });
}

/** A sponsor organisation with an owner and a plain member. */
async function sponsorOrg() {
  const owner = await createSponsorMember();
  await setRole(owner.id, owner.orgId, "owner");
  const member = await createSponsorMember({ orgId: owner.orgId });
  return {
    orgId: owner.orgId,
    owner: { ...owner, actor: await actorFor(owner.id) },
    member: { ...member, actor: await actorFor(member.id) },
  };
}

/** Everyone who must not reach organisation A, as actors: what each should get from an owner's operation. */
async function outsiders(orgId: string, plainMember: Actor) {
  const other = await sponsorOrg();
  const educator = await createUser({ roles: ["educator"] });
  const verifier = await createVerifier();
  return [
    { who: "an owner of another sponsor organisation", actor: other.owner.actor, reason: "not_found" },
    { who: "a learner", actor: await actorFor((await createLearner()).id), reason: "not_found" },
    { who: "an educator", actor: await actorFor(educator.id), reason: "not_found" },
    { who: "a verifier", actor: await actorFor(verifier.id), reason: "not_found" },
    { who: "a plain member", actor: plainMember, reason: "permission.denied" },
    { who: "an admin", actor: await actorFor((await createAdmin()).id), reason: "permission.denied" },
  ].map((o) => ({ ...o, orgId }));
}

const PASSWORD = "Granite-Harbor-Violet-31";

/** The invitee makes an account through the invitation's form and its "finish joining" link. */
async function acceptAsNewAccount(token: string, email: string) {
  await acceptInvitation(
    { locale: "en", clientIp: null },
    {
      intent: "accept",
      token,
      username: uniqueUsername("staff"),
      displayName: "Sponsor Staff",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    },
  );
  const sent = await prisma.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
  const link = /\/join\/invitation\/confirm\/([A-Za-z0-9_-]+)/.exec(sent.text)![1]!;
  return confirmInvitation({}, { token: link });
}

describe("inviteOrgMember", () => {
  test("an owner invites: role sponsor, the chosen orgRole, a hashed token, an audit row, one neutral email", async () => {
    const { orgId, owner } = await sponsorOrg();
    const email = uniqueEmail("colleague");
    const { invitationId, token } = await inviteOrgMember(owner.actor, { orgId, email, orgRole: "member" });
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(row).toMatchObject({
      email,
      orgId,
      role: "sponsor",
      orgRole: "member",
      tokenHash: sha256(token),
      invitedById: owner.id,
    });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "invitation.created", entityId: invitationId } });
    expect(audit).toMatchObject({ actorId: owner.id, data: { orgId, role: "sponsor", orgRole: "member", by: "owner" } });
    const mails = await prisma.outboxEmail.findMany({ where: { to: email } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`/invite/${token}`);
  });

  test("the same answer and the same work whether or not the address has an account", async () => {
    const { orgId, owner } = await sponsorOrg();
    const known = (await createLearner()).email;
    const unknown = uniqueEmail("nobody");
    const answers = [];
    for (const email of [known, unknown]) {
      const result = await inviteOrgMember(owner.actor, { orgId, email, orgRole: "owner" });
      const mail = await prisma.outboxEmail.findFirstOrThrow({ where: { to: email } });
      answers.push({
        keys: Object.keys(result).sort(),
        mails: await prisma.outboxEmail.count({ where: { to: email } }),
        invitations: await prisma.invitation.count({ where: { email, orgId } }),
        subject: mail.subject,
        text: mail.text.replace(result.token, "TOKEN"),
      });
    }
    expect(answers[0]).toEqual(answers[1]);
  });

  test("everyone but an owner of that organisation is refused, and nothing is written", async () => {
    const { orgId, member } = await sponsorOrg();
    for (const o of await outsiders(orgId, member.actor)) {
      const email = uniqueEmail("refused");
      await expect(inviteOrgMember(o.actor, { orgId, email, orgRole: "member" }), o.who).rejects.toMatchObject({
        reason: o.reason,
      });
      expect(await prisma.invitation.count({ where: { email } })).toBe(0);
      expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);
    }
  });

  test("an institution's id, an unknown id and an NGO are not found, even to their own members", async () => {
    const verifier = await createVerifier();
    await setRole(verifier.id, verifier.orgId, "owner");
    const ngo = await createOrganisation({ kind: "ngo" });
    const actor = await actorFor(verifier.id);
    for (const orgId of [verifier.orgId, ngo.id, "c0000000000000000000000"]) {
      await expect(inviteOrgMember(actor, { orgId, email: uniqueEmail(), orgRole: "member" })).rejects.toMatchObject({
        reason: "not_found",
      });
    }
  });

  test("an address with an open invitation is a field message; a withdrawn one can be invited again", async () => {
    const { orgId, owner } = await sponsorOrg();
    const email = uniqueEmail("twice");
    const first = await inviteOrgMember(owner.actor, { orgId, email, orgRole: "member" });
    await expect(inviteOrgMember(owner.actor, { orgId, email, orgRole: "owner" })).rejects.toMatchObject({
      reason: "organisation.already_invited",
      field: "email",
      status: 409,
    });
    await revokeOrgInvitation(owner.actor, { orgId, invitationId: first.invitationId, confirm: "yes" });
    await expect(inviteOrgMember(owner.actor, { orgId, email, orgRole: "owner" })).resolves.toMatchObject({
      token: expect.any(String),
    });
  });

  test(`at most ${ORG_INVITATIONS_PER_DAY} invitations a day per organisation`, async () => {
    const { orgId, owner } = await sponsorOrg();
    await prisma.invitation.createMany({
      data: Array.from({ length: ORG_INVITATIONS_PER_DAY }, (_, i) => ({
        email: uniqueEmail(`bulk${i}`),
        role: "sponsor" as const,
        orgId,
        tokenHash: sha256(`bulk-${orgId}-${i}`),
        expiresAt: new Date(Date.now() + 86_400_000),
        invitedById: owner.id,
      })),
    });
    const email = uniqueEmail("one-too-many");
    await expect(inviteOrgMember(owner.actor, { orgId, email, orgRole: "member" })).rejects.toMatchObject({
      reason: "request.too_many",
      status: 429,
    });
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);
  });
});

describe("accepting gives the invitation's role in the organisation", () => {
  test.each(["owner", "member"] as const)("a new account invited as %s", async (orgRole) => {
    const { orgId, owner } = await sponsorOrg();
    const email = uniqueEmail(`new-${orgRole}`);
    const { token } = await inviteOrgMember(owner.actor, { orgId, email, orgRole });
    const { userId, role } = await acceptAsNewAccount(token, email);
    expect(role).toBe("sponsor");
    expect(await prisma.membership.findUniqueOrThrow({ where: { userId_orgId: { userId, orgId } } })).toMatchObject({ orgRole });
    const accepted = await prisma.auditEvent.findFirstOrThrow({ where: { action: "invitation.accepted", actorId: userId } });
    expect(accepted.data).toEqual({ orgId, orgRole });
  });

  test("an admin's invitation to a sponsor makes an owner by default, a member when chosen; an institution's always a member", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const sponsor = await createOrganisation({ kind: "sponsor" });
    const institution = await createOrganisation({ kind: "institution" });
    const cases = [
      { orgId: sponsor.id, orgRole: undefined, expected: "owner" },
      { orgId: sponsor.id, orgRole: "member" as const, expected: "member" },
      { orgId: institution.id, orgRole: "owner" as const, expected: "member" },
    ];
    for (const c of cases) {
      const email = uniqueEmail("by-admin");
      const { invitationId, token } = await createInvitation(admin, { email, orgId: c.orgId, orgRole: c.orgRole });
      expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } })).orgRole).toBe(c.expected);
      const { userId } = await acceptAsNewAccount(token, email);
      expect((await prisma.membership.findUniqueOrThrow({ where: { userId_orgId: { userId, orgId: c.orgId } } })).orgRole).toBe(
        c.expected,
      );
    }
  });

  test("joining with an existing account keeps the higher role: a member invited as owner becomes one, an owner stays one", async () => {
    const { orgId, owner, member } = await sponsorOrg();
    const up = await inviteOrgMember(owner.actor, { orgId, email: member.email, orgRole: "owner" });
    await joinWithInvitation(member.actor, { token: up.token });
    expect((await prisma.membership.findUniqueOrThrow({ where: { userId_orgId: { userId: member.id, orgId } } })).orgRole).toBe(
      "owner",
    );

    const down = await inviteOrgMember(owner.actor, { orgId, email: owner.email, orgRole: "member" });
    await joinWithInvitation(owner.actor, { token: down.token });
    expect((await prisma.membership.findUniqueOrThrow({ where: { userId_orgId: { userId: owner.id, orgId } } })).orgRole).toBe(
      "owner",
    );

    const person = await createLearner();
    const fresh = await inviteOrgMember(owner.actor, { orgId, email: person.email, orgRole: "member" });
    await joinWithInvitation(await actorFor(person.id), { token: fresh.token });
    expect((await prisma.membership.findUniqueOrThrow({ where: { userId_orgId: { userId: person.id, orgId } } })).orgRole).toBe(
      "member",
    );
  });
});

describe("listOrgMembers", () => {
  test("members read the members (owners first, email and role) and the open invitations; only owners may manage", async () => {
    const { orgId, owner, member } = await sponsorOrg();
    const open = await inviteOrgMember(owner.actor, { orgId, email: uniqueEmail("open"), orgRole: "member" });
    const gone = await inviteOrgMember(owner.actor, { orgId, email: uniqueEmail("gone"), orgRole: "member" });
    await revokeOrgInvitation(owner.actor, { orgId, invitationId: gone.invitationId, confirm: "yes" });

    const asOwner = await listOrgMembers(owner.actor, orgId);
    expect(asOwner.canManage).toBe(true);
    expect(asOwner.members.map((m) => [m.userId, m.orgRole, m.email])).toEqual([
      [owner.id, "owner", owner.email],
      [member.id, "member", member.email],
    ]);
    expect(asOwner.invitations.map((i) => i.id)).toEqual([open.invitationId]);
    const asMember = await listOrgMembers(member.actor, orgId);
    expect(asMember.canManage).toBe(false);
    expect(asMember.members).toHaveLength(2);
    const asAdmin = await listOrgMembers(await actorFor((await createAdmin()).id), orgId);
    expect(asAdmin.canManage).toBe(false);
  });

  test("an account that is also a learner is listed by its email only, never its display name", async () => {
    const { orgId } = await sponsorOrg();
    const both = await createUser({ roles: ["learner", "sponsor"], orgIds: [orgId], displayName: "Quiet River" });
    const page = await listOrgMembers(await actorFor(both.id), orgId);
    const row = page.members.find((m) => m.userId === both.id)!;
    expect(row).toMatchObject({ displayName: null, email: both.email, isMe: true });
    expect(JSON.stringify(page)).not.toContain("Quiet River");
  });

  test("anyone who is not its member (nor an admin) gets not_found", async () => {
    const { orgId, member } = await sponsorOrg();
    for (const o of (await outsiders(orgId, member.actor)).filter((x) => x.reason === "not_found")) {
      await expect(listOrgMembers(o.actor, orgId), o.who).rejects.toMatchObject({ reason: "not_found" });
    }
  });
});

describe("removeOrgMember and revokeOrgInvitation", () => {
  test("an owner removes a member after confirming; the membership goes, audited", async () => {
    const { orgId, owner, member } = await sponsorOrg();
    await expect(removeOrgMember(owner.actor, { orgId, userId: member.id })).rejects.toMatchObject({
      reason: "confirmation.required",
      params: { name: member.email },
    });
    expect(await prisma.membership.count({ where: { orgId, userId: member.id } })).toBe(1);
    await removeOrgMember(owner.actor, { orgId, userId: member.id, confirm: "yes" });
    expect(await prisma.membership.count({ where: { orgId, userId: member.id } })).toBe(0);
    expect((await actorFor(member.id)).orgIds).not.toContain(orgId);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "membership.removed", entityId: member.id } });
    expect(audit).toMatchObject({ actorId: owner.id, data: { orgId, orgRole: "member" } });
  });

  test("the last owner cannot be removed, even by themselves; with two owners one may go", async () => {
    const { orgId, owner, member } = await sponsorOrg();
    await expect(removeOrgMember(owner.actor, { orgId, userId: owner.id, confirm: "yes" })).rejects.toMatchObject({
      reason: "organisation.last_owner",
      status: 409,
    });
    await setRole(member.id, orgId, "owner");
    await removeOrgMember(owner.actor, { orgId, userId: owner.id, confirm: "yes" });
    expect(await prisma.membership.count({ where: { orgId, orgRole: "owner" } })).toBe(1);
  });

  test("two owners removing each other at the same moment leave the organisation one owner", async () => {
    const { orgId, owner, member } = await sponsorOrg();
    await setRole(member.id, orgId, "owner");
    const second = await actorFor(member.id);
    const results = await Promise.allSettled([
      removeOrgMember(owner.actor, { orgId, userId: member.id, confirm: "yes" }),
      removeOrgMember(second, { orgId, userId: owner.id, confirm: "yes" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    // The second waits for the first's lock, then finds itself no owner any more (or the last owner).
    expect(["permission.denied", "organisation.last_owner"]).toContain((refused.reason as { reason: string }).reason);
    expect(await prisma.membership.count({ where: { orgId, orgRole: "owner" } })).toBe(1);
  });

  test("a person who is not its member, another organisation's invitation: not found; outsiders are refused", async () => {
    const { orgId, owner, member } = await sponsorOrg();
    const other = await sponsorOrg();
    await expect(removeOrgMember(owner.actor, { orgId, userId: other.member.id, confirm: "yes" })).rejects.toMatchObject({
      reason: "not_found",
    });
    const theirs = await inviteOrgMember(other.owner.actor, { orgId: other.orgId, email: uniqueEmail(), orgRole: "member" });
    await expect(
      revokeOrgInvitation(owner.actor, { orgId, invitationId: theirs.invitationId, confirm: "yes" }),
    ).rejects.toMatchObject({ reason: "not_found" });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: theirs.invitationId } })).revokedAt).toBeNull();

    const mine = await inviteOrgMember(owner.actor, { orgId, email: uniqueEmail(), orgRole: "member" });
    for (const o of await outsiders(orgId, member.actor)) {
      await expect(removeOrgMember(o.actor, { orgId, userId: member.id, confirm: "yes" }), o.who).rejects.toMatchObject({
        reason: o.reason,
      });
      await expect(
        revokeOrgInvitation(o.actor, { orgId, invitationId: mine.invitationId, confirm: "yes" }),
        o.who,
      ).rejects.toMatchObject({ reason: o.reason });
    }
    expect(await prisma.membership.count({ where: { orgId } })).toBe(2);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: mine.invitationId } })).revokedAt).toBeNull();
  });

  test("withdrawing asks first, then the link stops working; an accepted invitation cannot be withdrawn", async () => {
    const { orgId, owner } = await sponsorOrg();
    const email = uniqueEmail("withdrawn");
    const { invitationId, token } = await inviteOrgMember(owner.actor, { orgId, email, orgRole: "member" });
    await expect(revokeOrgInvitation(owner.actor, { orgId, invitationId })).rejects.toMatchObject({
      reason: "confirmation.required",
      params: { email },
    });
    await expect(revokeOrgInvitation(owner.actor, { orgId, invitationId, confirm: "yes" })).resolves.toEqual({ revoked: true });
    await expect(acceptAsNewAccount(token, email)).rejects.toMatchObject({ reason: "invitation.revoked" });

    const other = uniqueEmail("accepted");
    const accepted = await inviteOrgMember(owner.actor, { orgId, email: other, orgRole: "member" });
    await acceptAsNewAccount(accepted.token, other);
    await expect(
      revokeOrgInvitation(owner.actor, { orgId, invitationId: accepted.invitationId, confirm: "yes" }),
    ).rejects.toMatchObject({ reason: "invitation.already_accepted" });
  });
});
