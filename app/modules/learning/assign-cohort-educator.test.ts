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
import { createCohort } from "#tests/learning-factories.ts";
import { assignCohortEducator } from "./assign-cohort-educator.server.ts";

const rows = (cohortId: string) => prisma.cohortEducator.count({ where: { cohortId } });
const audits = (cohortId: string) =>
  prisma.auditEvent.count({ where: { action: "cohort.educator_assigned", entityId: cohortId } });

describe("assigning an educator to a cohort", () => {
  test("an admin assigns an active educator once; assigning again changes nothing", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const cohort = await createCohort();
    const educator = await createApprovedEducator();
    expect(await assignCohortEducator(admin, { cohortId: cohort.id, userId: educator.id })).toEqual({ assigned: true });
    expect(await assignCohortEducator(admin, { cohortId: cohort.id, userId: educator.id })).toEqual({ assigned: false });
    expect(await rows(cohort.id)).toBe(1);
    expect(await audits(cohort.id)).toBe(1);
    // The educator's cohort scope now includes it.
    expect((await actorFor(educator.id)).cohortIds).toContain(cohort.id);
  });

  test("three admins assigning the same educator at once give one assignment and one audit row", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const cohort = await createCohort();
    const educator = await createApprovedEducator();
    const results = await Promise.all(
      [1, 2, 3].map(() => assignCohortEducator(admin, { cohortId: cohort.id, userId: educator.id })),
    );
    expect(results.filter((r) => r.assigned)).toHaveLength(1);
    expect(await rows(cohort.id)).toBe(1);
    expect(await audits(cohort.id)).toBe(1);
  });

  test.each(["suspended", "pending"] as const)(
    "a %s educator cannot be assigned (educator.unavailable on the educator field), and nothing is written",
    async (state) => {
      const admin = await actorFor((await createAdmin()).id);
      const cohort = await createCohort();
      const educator = state === "suspended" ? await createSuspendedEducator() : await createEducatorApplicant();
      await expect(assignCohortEducator(admin, { cohortId: cohort.id, userId: educator.id })).rejects.toMatchObject({
        reason: "educator.unavailable",
        field: "userId",
      });
      expect(await rows(cohort.id)).toBe(0);
      expect(await audits(cohort.id)).toBe(0);
    },
  );

  test("an unknown cohort is refused on the cohort field", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createApprovedEducator();
    await expect(
      assignCohortEducator(admin, { cohortId: "cmxnosuchcohort0000000000", userId: educator.id }),
    ).rejects.toMatchObject({ reason: "cohort.unavailable", field: "cohortId" });
    expect(await prisma.cohortEducator.count({ where: { userId: educator.id } })).toBe(0);
  });

  test.each(["learner", "educator"] as const)("the %s cannot assign anyone, and nothing is written", async (who) => {
    const actor = await actorFor((who === "learner" ? await createLearner() : await createApprovedEducator()).id);
    const cohort = await createCohort();
    await expect(assignCohortEducator(actor, { cohortId: cohort.id, userId: actor.id })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await rows(cohort.id)).toBe(0);
    expect(await audits(cohort.id)).toBe(0);
  });
});

describe("an assignment and a suspension at the same moment", () => {
  test("a suspension waits for an assignment that holds the educator active, then applies", async () => {
    const { holdActiveEducator } = await import("#app/modules/educators/queries.server.ts");
    const { setEducatorSuspension } = await import("#app/modules/educators/set-educator-suspension.server.ts");
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createApprovedEducator();
    const order: string[] = [];
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const assignment = prisma.$transaction(async (tx) => {
      expect(await holdActiveEducator(tx, educator.id)).toBe(true);
      held();
      // Long enough for a suspension that did not wait to finish first.
      await new Promise((resolve) => setTimeout(resolve, 400));
      order.push("assignment committed");
    });
    await holding;
    const suspension = setEducatorSuspension(admin, {
      intent: "suspend",
      userId: educator.id,
      reason: "test",
      confirm: "yes",
    }).then((r) => {
      order.push("suspension applied");
      return r;
    });
    await Promise.all([assignment, suspension]);
    expect(order).toEqual(["assignment committed", "suspension applied"]);
    expect(await suspension).toEqual({ changed: true });
  });

  test("once the suspension committed, the assignment is refused", async () => {
    const { setEducatorSuspension } = await import("#app/modules/educators/set-educator-suspension.server.ts");
    const admin = await actorFor((await createAdmin()).id);
    const cohort = await createCohort();
    const educator = await createApprovedEducator();
    await setEducatorSuspension(admin, { intent: "suspend", userId: educator.id, reason: "test", confirm: "yes" });
    await expect(assignCohortEducator(admin, { cohortId: cohort.id, userId: educator.id })).rejects.toMatchObject({
      reason: "educator.unavailable",
    });
    expect(await rows(cohort.id)).toBe(0);
  });
});
