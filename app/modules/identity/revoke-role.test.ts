import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createSponsorMember } from "#tests/factories.ts";
import { sessionCookieFor } from "#tests/route-helpers.ts";
import { revokeRole } from "./revoke-role.server.ts";
import { actorFor } from "./session.server.ts";

const revocations = (userId: string) => prisma.auditEvent.count({ where: { action: "role.revoked", entityId: userId } });

describe("revokeRole", () => {
  test("an admin revokes a role; the person's sessions end at once", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const target = await createSponsorMember();
    await sessionCookieFor(target.id);
    expect(await revokeRole(admin, { userId: target.id, role: "sponsor", confirm: "yes" })).toEqual({ revoked: true });
    expect(await prisma.userRole.count({ where: { userId: target.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(0);
    expect(await revocations(target.id)).toBe(1);
  });

  test("without the confirmation it is refused (428) and nothing changes: role and sessions kept", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const target = await createSponsorMember({ displayName: "Lantern Fund" });
    await sessionCookieFor(target.id);
    await expect(revokeRole(admin, { userId: target.id, role: "sponsor" })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { name: "Lantern Fund", role: "sponsor" },
    });
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "sponsor" } })).toBe(1);
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(1);
    expect(await revocations(target.id)).toBe(0);
  });

  test("an admin cannot remove their own admin role, and nothing changes", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await sessionCookieFor(admin.id);
    await expect(revokeRole(admin, { userId: admin.id, role: "admin", confirm: "yes" })).rejects.toMatchObject({
      reason: "role.cannot_remove_own_admin",
      status: 400,
    });
    expect(await prisma.userRole.count({ where: { userId: admin.id, role: "admin" } })).toBe(1);
    expect(await prisma.session.count({ where: { userId: admin.id } })).toBe(1);
    expect(await revocations(admin.id)).toBe(0);
  });

  test("another admin can remove an admin's role", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const other = await createAdmin();
    expect(await revokeRole(admin, { userId: other.id, role: "admin", confirm: "yes" })).toEqual({ revoked: true });
  });

  test("a sponsor cannot revoke a role, and nothing changes", async () => {
    const sponsor = await createSponsorMember();
    const target = await createLearner();
    await sessionCookieFor(target.id);
    await expect(
      revokeRole(await actorFor(sponsor.id), { userId: target.id, role: "learner", confirm: "yes" }),
    ).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await prisma.userRole.count({ where: { userId: target.id } })).toBe(1);
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(1);
    expect(await revocations(target.id)).toBe(0);
  });

  test("revoking a role not held changes nothing: no audit row, sessions kept", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const target = await createLearner();
    await sessionCookieFor(target.id);
    expect(await revokeRole(admin, { userId: target.id, role: "verifier", confirm: "yes" })).toEqual({ revoked: false });
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(1);
    expect(await revocations(target.id)).toBe(0);
  });

  test("an unknown account is not found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(revokeRole(admin, { userId: "no-such-user", role: "learner", confirm: "yes" })).rejects.toMatchObject({
      reason: "not_found",
    });
  });
});
