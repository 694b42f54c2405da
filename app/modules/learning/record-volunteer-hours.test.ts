import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createSuspendedEducator } from "#tests/factories.ts";
import { assignEducatorToCohort, createCohort } from "#tests/learning-factories.ts";
import { recordVolunteerHours } from "./record-volunteer-hours.server.ts";

const hoursOf = async (cohortId: string, userId: string) =>
  (await prisma.cohortEducator.findUniqueOrThrow({ where: { cohortId_userId: { cohortId, userId } } })).volunteerHours;
const audits = (cohortId: string) =>
  prisma.auditEvent.count({ where: { action: "volunteer_hours.recorded", entityId: cohortId } });

describe("recording volunteer hours", () => {
  test("an admin adds hours to a teaching assignment; concurrent records add up, each audited", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const cohort = await createCohort();
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id, volunteerHours: 1 });
    const assignment = { cohortId: cohort.id, userId: educator.id };
    await Promise.all([2.5, 0.25, 4].map((hours) => recordVolunteerHours(admin, { assignment, hours })));
    expect(await hoursOf(cohort.id, educator.id)).toBe(7.75);
    expect(await audits(cohort.id)).toBe(3);
  });

  test("hours of a suspended educator's past teaching can still be recorded", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const cohort = await createCohort();
    const educator = await createSuspendedEducator();
    await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id });
    await recordVolunteerHours(admin, { assignment: { cohortId: cohort.id, userId: educator.id }, hours: 3 });
    expect(await hoursOf(cohort.id, educator.id)).toBe(3);
  });

  test("hours for an assignment that does not exist are refused on the assignment field, and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const cohort = await createCohort();
    const educator = await createApprovedEducator(); // not assigned to this cohort
    await expect(
      recordVolunteerHours(admin, { assignment: { cohortId: cohort.id, userId: educator.id }, hours: 2 }),
    ).rejects.toMatchObject({ reason: "cohort.assignment_missing", field: "assignment", status: 400 });
    expect(await prisma.cohortEducator.count({ where: { cohortId: cohort.id } })).toBe(0);
    expect(await audits(cohort.id)).toBe(0);
  });

  test("an educator cannot record their own hours, and nothing is written", async () => {
    const cohort = await createCohort();
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id });
    const actor = await actorFor(educator.id);
    await expect(
      recordVolunteerHours(actor, { assignment: { cohortId: cohort.id, userId: educator.id }, hours: 100 }),
    ).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await hoursOf(cohort.id, educator.id)).toBe(0);
    expect(await audits(cohort.id)).toBe(0);
  });
});
