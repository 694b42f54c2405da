import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { assignEducatorToCohort, createCohort, createCourseOpenForCohorts } from "#tests/learning-factories.ts";
import { getVolunteerHoursByEducator, listCohortIdsTaughtBy, listCohortsForAdmin, listCohortsTaught } from "./queries.server.ts";

describe("cohort reads", () => {
  test("the admin list names courses through the courses module and educators by display name", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const course = await createCourseOpenForCohorts({ title: "Named course" });
    const cohort = await createCohort({ courseId: course.id, name: "Listed" });
    const educator = await createApprovedEducator({ displayName: "Listed Teacher" });
    await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id, volunteerHours: 4 });
    const row = (await listCohortsForAdmin(admin)).find((c) => c.id === cohort.id);
    expect(row).toMatchObject({
      name: "Listed",
      course: { id: course.id, slug: course.slug, title: "Named course" },
      educators: [{ userId: educator.id, displayName: "Listed Teacher", volunteerHours: 4 }],
    });
  });

  test("the admin list refuses learners and educators", async () => {
    for (const user of [await createLearner(), await createApprovedEducator()])
      await expect(listCohortsForAdmin(await actorFor(user.id))).rejects.toMatchObject({ reason: "permission.denied" });
  });

  test("an educator reads only the cohorts they teach, with their own hours", async () => {
    const educator = await createApprovedEducator();
    const other = await createApprovedEducator();
    const mine = await createCohort({ name: "Mine" });
    const theirs = await createCohort({ name: "Theirs" });
    await assignEducatorToCohort({ cohortId: mine.id, userId: educator.id, volunteerHours: 1.5 });
    await assignEducatorToCohort({ cohortId: theirs.id, userId: other.id, volunteerHours: 9 });
    expect(await listCohortIdsTaughtBy(educator.id)).toEqual([mine.id]);
    const taught = await listCohortsTaught(await actorFor(educator.id));
    expect(taught).toEqual([expect.objectContaining({ id: mine.id, name: "Mine", hours: 1.5 })]);
    expect(await listCohortsTaught(await actorFor((await createLearner()).id))).toEqual([]);
    const hours = await getVolunteerHoursByEducator([educator.id, other.id, "cmxnobody000000000000000"]);
    expect(Object.fromEntries(hours)).toEqual({ [educator.id]: 1.5, [other.id]: 9, cmxnobody000000000000000: 0 });
  });
});
