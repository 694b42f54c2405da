import { describe, expect, test } from "vitest";
import { listAuditEvents, recordAudit } from "#app/modules/audit/audit.server.ts";
import { acceptInvitation } from "#app/modules/identity/accept-invitation.server.ts";
import { confirmInvitation } from "#app/modules/identity/confirm-invitation.server.ts";
import { createInvitation } from "#app/modules/identity/create-invitation.server.ts";
import { findOpenInvitation } from "#app/modules/identity/queries.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { countOutbox, listOutbox, renderNeutralEmail } from "#app/utils/mailer.server.ts";
import { createAdmin, createLearner, createOrganisation, uniqueEmail, uniqueUsername } from "#tests/factories.ts";

const PASSWORD = "Granite-Harbor-Violet-31";
/** Accepts an invitation through its form, then opens the emailed "finish joining" link, as the invitee does. */
async function accept(token: string, email: string, displayName = "Registrar") {
  await acceptInvitation(
    { locale: "en", clientIp: null },
    {
      intent: "accept",
      token,
      username: uniqueUsername("registrar"),
      displayName,
      password: PASSWORD,
      confirmPassword: PASSWORD,
    },
  );
  const sent = await prisma.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
  const link = /\/join\/invitation\/confirm\/([A-Za-z0-9_-]+)/.exec(sent.text)![1]!;
  return confirmInvitation({}, { token: link });
}

describe("audit log", () => {
  test("a change and its audit row commit together or not at all", async () => {
    const marker = `rollback-${Date.now()}`;
    let orgId = "";
    await expect(
      prisma.$transaction(async (tx) => {
        const org = await tx.organisation.create({ data: { kind: "ngo", name: marker, nameKey: marker, slug: marker } });
        orgId = org.id;
        await recordAudit(tx, { actorId: null, action: "organisation.created", entityType: "organisation", entityId: org.id });
        throw new Error("boom after both writes");
      }),
    ).rejects.toThrow("boom");
    expect(await prisma.organisation.count({ where: { slug: marker } })).toBe(0);
    expect(orgId).not.toBe("");
    expect(await prisma.auditEvent.count({ where: { entityId: orgId } })).toBe(0);
  });

  test("is append-only at the database: UPDATE and DELETE are refused", async () => {
    const row = await prisma.auditEvent.create({ data: { action: "auth.login", entityType: "user" } });
    await expect(prisma.auditEvent.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(/append-only/);
    expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ action: "auth.login" });
  });

  test("is read by admins only, newest first, and an unknown action filter is ignored", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const learner = await actorFor((await createLearner()).id);
    await expect(listAuditEvents(learner)).rejects.toMatchObject({ reason: "permission.denied" });
    const filtered = await listAuditEvents(admin, { action: "auth.login" });
    expect(filtered.action).toBe("auth.login");
    expect(filtered.events.every((e) => e.action === "auth.login")).toBe(true);
    const unknown = await listAuditEvents(admin, { action: "nonsense'; DROP TABLE" });
    expect(unknown.action).toBeUndefined();
    const times = unknown.events.map((e) => e.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test("refuses data keys that could carry secrets or identities", async () => {
    await expect(
      prisma.$transaction((tx) =>
        recordAudit(tx, { actorId: null, action: "auth.login", entityType: "user", data: { password: "x" } }),
      ),
    ).rejects.toThrow(/may not contain/);
    await expect(
      prisma.$transaction((tx) =>
        recordAudit(tx, { actorId: null, action: "auth.login", entityType: "user", data: { legalName: "x" } }),
      ),
    ).rejects.toThrow(/may not contain/);
  });
});

describe("mailer", () => {
  test("every email is neutral: the same subject and no course, credential, organisation or person", async () => {
    const admin = await createAdmin();
    const orgName = `Very Identifying Foundation ${Date.now()}`;
    const org = await prisma.organisation.create({
      data: { kind: "sponsor", name: orgName, nameKey: orgName, slug: `vif-${Date.now()}` },
    });
    const email = uniqueEmail("invitee");
    const { token } = await createInvitation(await actorFor(admin.id), { email, orgId: org.id });
    const sent = await prisma.outboxEmail.findFirstOrThrow({ where: { to: email } });
    expect(sent.subject).toBe("You have an update on Waystone");
    for (const field of [sent.subject, sent.text, sent.html]) {
      expect(field).not.toContain(orgName);
      expect(field).not.toMatch(/sponsor|verifier|course|credential/i);
    }
    expect(sent.text).toContain(`/invite/${token}`);
    expect(await prisma.auditEvent.count({ where: { action: "invitation.created", actorId: admin.id } })).toBe(1);
  });

  test("emails are in the recipient's language", () => {
    expect(renderNeutralEmail({ to: "a@b.c", path: "/x", locale: "es" }).subject).toBe("Tienes una novedad en Waystone");
  });

  test("the outbox is read and counted by admins only", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const learner = await actorFor((await createLearner()).id);
    expect(() => listOutbox(learner)).toThrow(expect.objectContaining({ reason: "permission.denied" }));
    expect(() => countOutbox(learner)).toThrow(expect.objectContaining({ reason: "permission.denied" }));
    expect(await countOutbox(admin)).toBe(await prisma.outboxEmail.count());
    expect((await listOutbox(admin)).length).toBeLessThanOrEqual(50);
  });
});

describe("invitations", () => {
  test("accepting creates a member with the org's role; the link then stops working", async () => {
    const admin = await createAdmin();
    const org = await createOrganisation({ kind: "institution" });
    const email = uniqueEmail("registrar");
    const { token } = await createInvitation(await actorFor(admin.id), { email, orgId: org.id });
    const result = await accept(token, email);
    expect(result).toMatchObject({ role: "verifier", cookie: expect.stringMatching(/waystone_session=/) });
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, include: { roles: true, memberships: true } });
    expect(user.roles.map((r) => r.role)).toEqual(["verifier"]);
    expect(user.memberships.map((m) => m.orgId)).toEqual([org.id]);
    expect(await findOpenInvitation(token)).toBeNull();
    await expect(accept(token, email, "Again")).rejects.toMatchObject({ reason: "invitation.used", status: 410 });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  test("an NGO has no members to invite", async () => {
    const admin = await createAdmin();
    const ngo = await createOrganisation({ kind: "ngo" });
    const email = uniqueEmail("ngo");
    await expect(createInvitation(await actorFor(admin.id), { email, orgId: ngo.id })).rejects.toMatchObject({
      reason: "invitation.organisation_invalid",
      field: "orgId",
      status: 400,
    });
    expect(await prisma.invitation.count({ where: { email } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);
  });

  test("an expired invitation cannot be used", async () => {
    const admin = await createAdmin();
    const org = await createOrganisation({ kind: "sponsor" });
    const email = uniqueEmail("late");
    const { token, invitationId } = await createInvitation(await actorFor(admin.id), { email, orgId: org.id });
    await prisma.invitation.update({ where: { id: invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findOpenInvitation(token)).toBeNull();
    await expect(accept(token, email)).rejects.toMatchObject({ reason: "invitation.expired" });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });
});
