// Page reads check the actor's read permission themselves, and never hand out more than the page needs.
import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createInvitation,
  createLearner,
  createLearnerWithoutEmail,
  createOrganisation,
  createSponsorMember,
  createUser,
  createVerifier,
} from "#tests/factories.ts";
import {
  countOrganisations,
  countUsers,
  getAccount,
  getInvitationPage,
  getUserForAdmin,
  listInvitations,
  listOrganisations,
  listOwnOrganisations,
  listReferralCodes,
  listUsers,
} from "./queries.server.ts";
import { actorFor } from "./session.server.ts";

describe("admin reads", () => {
  test("refuse everyone but admins", async () => {
    const others = await Promise.all([createLearner(), createSponsorMember(), createVerifier()]);
    for (const user of others) {
      const actor = await actorFor(user.id);
      const reads: Array<() => unknown> = [
        () => listUsers(actor),
        () => getUserForAdmin(actor, user.id),
        () => countUsers(actor),
        () => countOrganisations(actor),
        () => listOrganisations(actor),
        () => listReferralCodes(actor),
        () => listInvitations(actor),
      ];
      for (const read of reads) {
        await expect(Promise.resolve().then(read)).rejects.toMatchObject({ reason: "permission.denied" });
      }
    }
  });

  test("the users list has no learner directory, and a learner's email is not shown on their page", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const learner = await createLearner();
    const verifier = await createVerifier();
    const list = await listUsers(admin);
    expect(list.some((u) => u.id === learner.id)).toBe(false);
    expect((await listUsers(admin, { email: learner.email.toUpperCase() })).map((u) => u.id)).toEqual([learner.id]);
    expect((await getUserForAdmin(admin, learner.id)).email).toBeNull();
    expect((await getUserForAdmin(admin, verifier.id)).email).toBe(verifier.email);
    await expect(getUserForAdmin(admin, "no-such-user")).rejects.toMatchObject({ reason: "not_found" });
  });

  test("organisations can be listed by kind", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await createOrganisation({ kind: "ngo" });
    const kinds = new Set((await listOrganisations(admin, { kinds: ["sponsor", "institution"] })).map((o) => o.kind));
    expect(kinds.has("ngo")).toBe(false);
  });
});

describe("own reads", () => {
  test("a sponsor member sees only their own organisations of the kind asked for", async () => {
    const member = await createSponsorMember();
    await createOrganisation({ kind: "sponsor" });
    const actor = await actorFor(member.id);
    expect((await listOwnOrganisations(actor, "sponsor")).map((o) => o.id)).toEqual([member.orgId]);
    expect(await listOwnOrganisations(actor, "institution")).toEqual([]);
    await expect(
      Promise.resolve().then(() => listOwnOrganisations({ ...actor, roles: ["learner"] }, "sponsor")),
    ).rejects.toMatchObject({ reason: "permission.denied" });
  });

  test("the account page is one's own, without the legal name itself", async () => {
    const user = await createLearner();
    const account = await getAccount(await actorFor(user.id));
    expect(account).toMatchObject({ id: user.id, email: user.email, hasLegalName: false });
    expect(account).not.toHaveProperty("legalNameCipher");
  });

  test("an invitation page shows the organisation, the role and what the visitor can do; a used link says so, an unknown one is 404", async () => {
    const org = await createOrganisation({ kind: "institution", name: "Northbridge Test" });
    const open = await createInvitation({ orgId: org.id });
    expect(await getInvitationPage(open.token)).toEqual({ orgName: "Northbridge Test", role: "verifier", mode: "accept" });
    const invitee = await createLearner({ email: open.email });
    expect(await getInvitationPage(open.token, await actorFor(invitee.id))).toMatchObject({ mode: "join" });
    const someoneElse = await createLearner();
    expect(await getInvitationPage(open.token, await actorFor(someoneElse.id))).toMatchObject({ mode: "other-account" });
    const used = await createInvitation({ state: "accepted" });
    await expect(getInvitationPage(used.token)).rejects.toMatchObject({ reason: "invitation.used" });
    await expect(getInvitationPage("short")).rejects.toMatchObject({ reason: "not_found" });
  });

  test("the account page: username, confirmed and pending addresses, and a legal name offered to learners only", async () => {
    const learner = await createLearnerWithoutEmail();
    await prisma.emailConfirmation.create({
      data: {
        userId: learner.id,
        email: `wait-${learner.id}@example.test`,
        tokenHash: `q-${learner.id}`,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    expect(await getAccount(await actorFor(learner.id))).toMatchObject({
      username: learner.username,
      email: null,
      pendingEmail: `wait-${learner.id}@example.test`,
      offersLegalName: true,
    });
    const sponsor = await createUser({ roles: ["sponsor"] });
    expect(await getAccount(await actorFor(sponsor.id))).toMatchObject({ pendingEmail: null, offersLegalName: false });
  });
});
