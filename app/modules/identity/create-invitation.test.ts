import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createOrganisation, createSponsorMember, uniqueEmail } from "#tests/factories.ts";
import { createInvitation } from "./create-invitation.server.ts";
import { sha256 } from "./crypto.server.ts";
import { actorFor } from "./session.server.ts";

async function nothingWritten(email: string) {
  expect(await prisma.invitation.count({ where: { email } })).toBe(0);
  expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);
}

describe("createInvitation", () => {
  test("an admin invites to a sponsor organisation: the sponsor role, a hashed token, an audit row, one neutral email", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const org = await createOrganisation({ kind: "sponsor" });
    const email = uniqueEmail("invitee");
    const { invitationId, token } = await createInvitation(admin, { email, orgId: org.id });
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(row).toMatchObject({ email, role: "sponsor", orgId: org.id, tokenHash: sha256(token), acceptedAt: null });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(row.lastSentAt).toBeInstanceOf(Date);
    expect(await prisma.auditEvent.count({ where: { action: "invitation.created", entityId: invitationId } })).toBe(1);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(1);
  });

  test.each(["learner", "sponsor"] as const)("a %s cannot invite, and nothing is written", async (who) => {
    const org = await createOrganisation({ kind: "institution" });
    const user = who === "learner" ? await createLearner() : await createSponsorMember({ orgId: org.id });
    const email = uniqueEmail("refused");
    await expect(createInvitation(await actorFor(user.id), { email, orgId: org.id })).rejects.toMatchObject({
      reason: "permission.denied",
      status: 403,
    });
    await nothingWritten(email);
  });

  test("an NGO or an unknown organisation is refused on the organisation field, and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const ngo = await createOrganisation({ kind: "ngo" });
    for (const orgId of [ngo.id, "no-such-organisation"]) {
      const email = uniqueEmail("bad-org");
      await expect(createInvitation(admin, { email, orgId })).rejects.toMatchObject({
        reason: "invitation.organisation_invalid",
        field: "orgId",
      });
      await nothingWritten(email);
    }
  });
});
