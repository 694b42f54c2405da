import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createApprovedEducator,
  createEducatorApplicant,
  createLearner,
  createSuspendedEducator,
} from "#tests/factories.ts";
import { isActiveEducator, requireActiveEducator } from "./queries.server.ts";
import { setEducatorSuspension } from "./set-educator-suspension.server.ts";

const auditCount = (userId: string) =>
  prisma.auditEvent.count({ where: { action: { in: ["educator.suspended", "educator.reinstated"] }, entityId: userId } });
const suspendedAt = async (userId: string) =>
  (await prisma.educatorApplication.findUniqueOrThrow({ where: { userId }, select: { suspendedAt: true } })).suspendedAt;

describe("suspending and reinstating educators", () => {
  test("an admin suspends an active educator with a reason; they can no longer author or teach", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createApprovedEducator();
    expect(
      await setEducatorSuspension(admin, {
        intent: "suspend",
        userId: educator.id,
        reason: "Complaint under review",
        confirm: "yes",
      }),
    ).toEqual({
      changed: true,
    });
    expect(await suspendedAt(educator.id)).toBeInstanceOf(Date);
    expect(await isActiveEducator(educator.id)).toBe(false);
    await expect(requireActiveEducator(await actorFor(educator.id))).rejects.toMatchObject({ reason: "educator.not_active" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "educator.suspended", entityId: educator.id } });
    expect(audit).toMatchObject({ actorId: admin.id, data: { why: "Complaint under review" } });
  });

  test("without the confirmation a suspension or a reinstatement is refused (428, naming the educator), nothing written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createApprovedEducator({ displayName: "Tamsin Vale" });
    await expect(
      setEducatorSuspension(admin, { intent: "suspend", userId: educator.id, reason: "Complaint" }),
    ).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { name: "Tamsin Vale" },
    });
    expect(await suspendedAt(educator.id)).toBeNull();
    const suspended = await createSuspendedEducator();
    await expect(
      setEducatorSuspension(admin, { intent: "reinstate", userId: suspended.id, reason: "Cleared" }),
    ).rejects.toMatchObject({
      reason: "confirmation.required",
    });
    expect(await suspendedAt(suspended.id)).toBeInstanceOf(Date);
    expect(await auditCount(educator.id)).toBe(0);
    expect(await auditCount(suspended.id)).toBe(0);
  });

  test("suspending a suspended educator changes nothing and asks nothing", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createSuspendedEducator();
    expect(await setEducatorSuspension(admin, { intent: "suspend", userId: educator.id, reason: "Again" })).toEqual({
      changed: false,
    });
    expect(await auditCount(educator.id)).toBe(0);
  });

  test("suspending twice records one change and one audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createApprovedEducator();
    const both = await Promise.all([
      setEducatorSuspension(admin, { intent: "suspend", userId: educator.id, reason: "One", confirm: "yes" }),
      setEducatorSuspension(admin, { intent: "suspend", userId: educator.id, reason: "Two", confirm: "yes" }),
    ]);
    expect(both.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(await auditCount(educator.id)).toBe(1);
  });

  test("a suspended educator is reinstated and active again", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createSuspendedEducator();
    expect(await isActiveEducator(educator.id)).toBe(false);
    await setEducatorSuspension(admin, { intent: "reinstate", userId: educator.id, reason: "Cleared", confirm: "yes" });
    expect(await suspendedAt(educator.id)).toBeNull();
    expect(await isActiveEducator(educator.id)).toBe(true);
    expect(await prisma.auditEvent.count({ where: { action: "educator.reinstated", entityId: educator.id } })).toBe(1);
  });

  test("an applicant who is not approved cannot be suspended, and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const applicant = await createEducatorApplicant();
    await expect(
      setEducatorSuspension(admin, { intent: "suspend", userId: applicant.id, reason: "x", confirm: "yes" }),
    ).rejects.toMatchObject({
      reason: "educator.not_approved",
      status: 409,
    });
    expect(await suspendedAt(applicant.id)).toBeNull();
    expect(await auditCount(applicant.id)).toBe(0);
  });

  test("someone with no application is not_found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const learner = await createLearner();
    await expect(
      setEducatorSuspension(admin, { intent: "suspend", userId: learner.id, reason: "x", confirm: "yes" }),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
  });

  test.each(["learner", "educator"] as const)("the %s cannot suspend anyone, and nothing is written", async (who) => {
    const target = await createApprovedEducator();
    const actor = await actorFor((who === "learner" ? await createLearner() : await createApprovedEducator()).id);
    await expect(
      setEducatorSuspension(actor, { intent: "suspend", userId: target.id, reason: "x", confirm: "yes" }),
    ).rejects.toMatchObject({
      reason: "permission.denied",
      status: 403,
    });
    expect(await suspendedAt(target.id)).toBeNull();
    expect(await auditCount(target.id)).toBe(0);
  });
});
