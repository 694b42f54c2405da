import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import {
  createAdmin,
  createApprovedEducator,
  createEducatorApplicant,
  createLearner,
  createSuspendedEducator,
} from "#tests/factories.ts";
import { assignEducatorToCohort, createCohort } from "#tests/learning-factories.ts";
import {
  filterActiveEducators,
  getEducatorStatus,
  getApplicationForReview,
  getTeachingDashboard,
  isActiveEducator,
  listActiveEducatorOptions,
  listApplications,
  listEducators,
  requireActiveEducator,
} from "./queries.server.ts";

describe("who may author or teach", () => {
  test("only approved, unsuspended educators are active", async () => {
    const [active, pending, suspended, learner] = await Promise.all([
      createApprovedEducator(),
      createEducatorApplicant(),
      createSuspendedEducator(),
      createLearner(),
    ]);
    expect(await isActiveEducator(active.id)).toBe(true);
    for (const u of [pending, suspended, learner]) expect(await isActiveEducator(u.id)).toBe(false);
    expect(await filterActiveEducators([active.id, pending.id, suspended.id, learner.id])).toEqual(new Set([active.id]));
    expect(await Promise.all([active, pending, suspended, learner].map((u) => getEducatorStatus(u.id)))).toEqual([
      "approved",
      "pending",
      "suspended",
      "none",
    ]);
    await expect(requireActiveEducator(await actorFor(active.id))).resolves.toBeUndefined();
    for (const u of [pending, suspended, learner])
      await expect(requireActiveEducator(await actorFor(u.id))).rejects.toMatchObject({ reason: "educator.not_active" });
  });
});

describe("page reads check their permission", () => {
  test("staff reads refuse learners and educators", async () => {
    const target = await createEducatorApplicant();
    for (const user of [await createLearner(), await createApprovedEducator()]) {
      const actor = await actorFor(user.id);
      await expect(listApplications(actor)).rejects.toMatchObject({ reason: "permission.denied" });
      await expect(getApplicationForReview(actor, target.applicationId)).rejects.toMatchObject({ reason: "permission.denied" });
      await expect(listEducators(actor)).rejects.toMatchObject({ reason: "permission.denied" });
      await expect(listActiveEducatorOptions(actor)).rejects.toMatchObject({ reason: "permission.denied" });
    }
  });

  test("the teaching dashboard is for educators only", async () => {
    for (const user of [await createLearner(), await createAdmin()])
      await expect(getTeachingDashboard(await actorFor(user.id))).rejects.toMatchObject({ reason: "permission.denied" });
  });

  test("the educators list has display names, status and hours summed over cohorts", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const educator = await createApprovedEducator({ displayName: "Hours Person" });
    const suspended = await createSuspendedEducator();
    for (const hours of [2, 3.5]) {
      const cohort = await createCohort();
      await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id, volunteerHours: hours });
    }
    const rows = await listEducators(admin);
    expect(rows.find((r) => r.userId === educator.id)).toMatchObject({
      displayName: "Hours Person",
      suspended: false,
      volunteerHours: 5.5,
    });
    expect(rows.find((r) => r.userId === suspended.id)).toMatchObject({ suspended: true, volunteerHours: 0 });
    const options = await listActiveEducatorOptions(admin);
    expect(options.some((o) => o.userId === educator.id)).toBe(true);
    expect(options.some((o) => o.userId === suspended.id)).toBe(false);
  });

  test("an unknown application is not_found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(getApplicationForReview(admin, "cmxnosuchapplication000000")).rejects.toMatchObject({ reason: "not_found" });
  });
});
