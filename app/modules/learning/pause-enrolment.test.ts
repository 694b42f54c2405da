import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { completeLessons, createGradedEnrolment, rolesAround } from "#tests/progress-fixtures.ts";
import { pauseEnrolment } from "./pause-enrolment.server.ts";

const row = (id: string) => prisma.enrolment.findUniqueOrThrow({ where: { id } });
const pauses = (id: string) => prisma.auditEvent.count({ where: { action: "enrolment.paused", entityId: id } });

describe("pausing", () => {
  test("the learner pauses their active enrolment after confirming; place, seat and progress are kept", async () => {
    const f = await createGradedEnrolment();
    await completeLessons(f.enrolment.id, [f.lessons[0]!.id]);
    const actor = await actorFor(f.learner.id);
    await expect(pauseEnrolment(actor, { enrolmentId: f.enrolment.id })).rejects.toMatchObject({
      reason: "confirmation.required",
    });
    expect((await row(f.enrolment.id)).status).toBe("active");
    expect(await pauses(f.enrolment.id)).toBe(0);

    const result = await pauseEnrolment(actor, { enrolmentId: f.enrolment.id, confirm: "yes" });
    const e = await row(f.enrolment.id);
    expect(e).toMatchObject({ status: "paused", cohortId: f.cohort.id, seatId: f.enrolment.seatId });
    expect(e.pausedAt).toEqual(result.pausedAt);
    expect(await prisma.lessonProgress.count({ where: { enrolmentId: f.enrolment.id, completedAt: { not: null } } })).toBe(1);
    expect(await pauses(f.enrolment.id)).toBe(1);
  });

  test("only an active enrolment pauses (a paused or completed one is refused before asking)", async () => {
    for (const status of ["paused", "completed"] as const) {
      const f = await createGradedEnrolment();
      await prisma.enrolment.update({ where: { id: f.enrolment.id }, data: { status }, select: { id: true } });
      await expect(pauseEnrolment(await actorFor(f.learner.id), { enrolmentId: f.enrolment.id })).rejects.toMatchObject({
        reason: "enrolment.not_active",
      });
      expect((await row(f.enrolment.id)).status).toBe(status);
    }
  });

  test("another learner gets not found; staff hold no progress permission; a forged id is not found", async () => {
    const f = await createGradedEnrolment();
    const roles = await rolesAround(f.cohort.id);
    await expect(pauseEnrolment(roles.otherLearner, { enrolmentId: f.enrolment.id, confirm: "yes" })).rejects.toMatchObject({
      reason: "not_found",
    });
    for (const who of ["teacher", "otherEducator", "admin", "sponsor", "verifier"] as const) {
      await expect(pauseEnrolment(roles[who], { enrolmentId: f.enrolment.id, confirm: "yes" })).rejects.toMatchObject({
        reason: "permission.denied",
      });
    }
    await expect(
      pauseEnrolment(await actorFor(f.learner.id), { enrolmentId: "cforgedenrol0000", confirm: "yes" }),
    ).rejects.toMatchObject({
      reason: "not_found",
    });
    expect((await row(f.enrolment.id)).status).toBe("active");
    expect(await pauses(f.enrolment.id)).toBe(0);
  });
});
