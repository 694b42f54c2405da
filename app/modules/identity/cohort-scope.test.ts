// The `cohort` scope of an educator's permissions comes from the cohorts they teach, read into the
// actor by a real session (getOptionalUser), so checks such as teach:cohort:cohort fit exactly those.
import { describe, expect, test } from "vitest";
import { createApprovedEducator, createLearner } from "#tests/factories.ts";
import { assignEducatorToCohort, createCohort } from "#tests/learning-factories.ts";
import { makeRequest, sessionCookieFor } from "#tests/route-helpers.ts";
import { can } from "./permissions.ts";
import { actorFor, getOptionalUser, requirePermission } from "./session.server.ts";

describe("cohort scope", () => {
  test("an educator assigned to cohort A teaches A and not B, from a real session", async () => {
    const educator = await createApprovedEducator();
    const a = await createCohort();
    const b = await createCohort();
    await assignEducatorToCohort({ cohortId: a.id, userId: educator.id });

    const actor = await getOptionalUser(makeRequest("/teach", { cookie: await sessionCookieFor(educator.id) }));
    expect(actor).not.toBeNull();
    expect(actor!.cohortIds).toContain(a.id);
    expect(actor!.cohortIds).not.toContain(b.id);
    expect(can(actor!, "teach:cohort:cohort", { cohortId: a.id })).toBe(true);
    expect(can(actor!, "teach:cohort:cohort", { cohortId: b.id })).toBe(false);
    expect(() => requirePermission(actor!, "teach:cohort:cohort", { cohortId: b.id })).toThrow(
      expect.objectContaining({ reason: "permission.denied" }),
    );
    expect(() => requirePermission(actor!, "teach:cohort:cohort", { cohortId: b.id }, { hide: true })).toThrow(
      expect.objectContaining({ reason: "not_found" }),
    );
    // actorFor (used by operation tests) builds the same actor.
    expect((await actorFor(educator.id)).cohortIds).toEqual(actor!.cohortIds);
  });

  test("an educator with no cohort has no cohort scope, and a learner never has one", async () => {
    const educator = await createApprovedEducator();
    const learner = await createLearner();
    const cohort = await createCohort();
    for (const id of [educator.id, learner.id]) {
      const actor = await getOptionalUser(makeRequest("/", { cookie: await sessionCookieFor(id) }));
      expect(actor!.cohortIds).toEqual([]);
      expect(can(actor!, "teach:cohort:cohort", { cohortId: cohort.id })).toBe(false);
      expect(can(actor!, "teach:cohort:cohort")).toBe(false);
    }
  });

  test("the scope follows the assignment: a new assignment shows on the next request", async () => {
    const educator = await createApprovedEducator();
    const cohort = await createCohort();
    const cookie = await sessionCookieFor(educator.id);
    expect((await getOptionalUser(makeRequest("/", { cookie })))!.cohortIds).toEqual([]);
    await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id });
    expect((await getOptionalUser(makeRequest("/", { cookie })))!.cohortIds).toEqual([cohort.id]);
  });
});
