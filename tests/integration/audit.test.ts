import { describe, expect, test } from "vitest";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { createInvitation, findOpenInvitation, acceptInvitation } from "#app/modules/identity/invitations.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { renderNeutralEmail } from "#app/utils/mailer.server.ts";
import { createAdmin, createOrganisation, uniqueEmail } from "#tests/factories.ts";

describe("audit log", () => {
  test("a change and its audit row commit together or not at all", async () => {
    const marker = `rollback-${Date.now()}`;
    let orgId = "";
    await expect(
      prisma.$transaction(async (tx) => {
        const org = await tx.organisation.create({ data: { kind: "ngo", name: marker, slug: marker } });
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
    const org = await prisma.organisation.create({ data: { kind: "sponsor", name: orgName, slug: `vif-${Date.now()}` } });
    const email = uniqueEmail("invitee");
    const { token } = await createInvitation({ actorId: admin.id, email, orgId: org.id });
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
});

describe("invitations", () => {
  test("accepting creates a member with the org's role; the link then stops working", async () => {
    const admin = await createAdmin();
    const org = await createOrganisation({ kind: "institution" });
    const email = uniqueEmail("registrar");
    const { token } = await createInvitation({ actorId: admin.id, email, orgId: org.id });
    const result = await acceptInvitation({
      token,
      displayName: "Registrar",
      password: "Granite-Harbor-Violet-31",
      locale: "en",
    });
    expect(result).toMatchObject({ ok: true, role: "verifier" });
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, include: { roles: true, memberships: true } });
    expect(user.roles.map((r) => r.role)).toEqual(["verifier"]);
    expect(user.memberships.map((m) => m.orgId)).toEqual([org.id]);
    expect(await findOpenInvitation(token)).toBeNull();
    await expect(
      acceptInvitation({ token, displayName: "Again", password: "Granite-Harbor-Violet-31", locale: "en" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("an NGO has no members to invite", async () => {
    const admin = await createAdmin();
    const ngo = await createOrganisation({ kind: "ngo" });
    const email = uniqueEmail("ngo");
    await expect(createInvitation({ actorId: admin.id, email, orgId: ngo.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await prisma.invitation.count({ where: { email } })).toBe(0);
  });

  test("an expired invitation cannot be used", async () => {
    const admin = await createAdmin();
    const org = await createOrganisation({ kind: "sponsor" });
    const { token, invitationId } = await createInvitation({ actorId: admin.id, email: uniqueEmail("late"), orgId: org.id });
    await prisma.invitation.update({ where: { id: invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findOpenInvitation(token)).toBeNull();
  });
});
