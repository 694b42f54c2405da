import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner } from "#tests/factories.ts";
import { createCourseOpenForCohorts, createWaitlistEntry } from "#tests/learning-factories.ts";
import { withdrawRequest } from "./withdraw-request.server.ts";

const statusOf = async (id: string) => (await prisma.waitlistEntry.findUniqueOrThrow({ where: { id } })).status;
const auditsOf = (id: string) => prisma.auditEvent.count({ where: { action: "waitlist.withdrawn", entityId: id } });

describe("withdrawing a request", () => {
  test("a learner withdraws their own waiting request, with an audit row; a second time is refused", async () => {
    const course = await createCourseOpenForCohorts();
    const learner = await actorFor((await createLearner()).id);
    const entry = await createWaitlistEntry({ learnerId: learner.id, courseId: course.id });
    await withdrawRequest(learner, { entryId: entry.id });
    expect(await statusOf(entry.id)).toBe("withdrawn");
    expect(await auditsOf(entry.id)).toBe(1);
    await expect(withdrawRequest(learner, { entryId: entry.id })).rejects.toMatchObject({ reason: "waitlist.not_waiting" });
    expect(await auditsOf(entry.id)).toBe(1);
  });

  test("another learner's request is not found by id, and stays waiting", async () => {
    const course = await createCourseOpenForCohorts();
    const owner = await createLearner();
    const other = await actorFor((await createLearner()).id);
    const entry = await createWaitlistEntry({ learnerId: owner.id, courseId: course.id });
    await expect(withdrawRequest(other, { entryId: entry.id })).rejects.toMatchObject({ reason: "not_found" });
    await expect(withdrawRequest(other, { entryId: "cmxnosuchentry00000000000" })).rejects.toMatchObject({ reason: "not_found" });
    expect(await statusOf(entry.id)).toBe("waiting");
    expect(await auditsOf(entry.id)).toBe(0);
  });

  test("an admin cannot withdraw a learner's request", async () => {
    const course = await createCourseOpenForCohorts();
    const entry = await createWaitlistEntry({ learnerId: (await createLearner()).id, courseId: course.id });
    const admin = await actorFor((await createAdmin()).id);
    await expect(withdrawRequest(admin, { entryId: entry.id })).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await statusOf(entry.id)).toBe("waiting");
  });
});
