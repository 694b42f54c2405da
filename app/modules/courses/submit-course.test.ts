// The submit checklist: a course goes to review only with at least one module and a lesson in every
// module. A refusal says which modules are empty and writes nothing.
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { courseFingerprint, createDraftCourse } from "#tests/course-factories.ts";
import { createAdmin, createLearner } from "#tests/factories.ts";
import { addModule } from "./add-module.server.ts";
import { submitCourse } from "./submit-course.server.ts";

const status = async (courseId: string) =>
  (await prisma.courseRevision.findFirstOrThrow({ where: { courseId }, orderBy: { number: "desc" } })).status;

describe("submitCourse: the submit checklist", () => {
  test("a course with no modules cannot be submitted (409 course.empty); nothing is written", async () => {
    const course = await createDraftCourse({ modules: 0, lessons: 0 });
    const before = await courseFingerprint(course.id);
    await expect(submitCourse(course.author, { courseId: course.id, note: "Ready" })).rejects.toMatchObject({
      reason: "course.empty",
      status: 409,
      key: "reason.course.empty",
    });
    expect(await courseFingerprint(course.id)).toBe(before);
    expect(await status(course.id)).toBe("draft");
  });

  test("a module without lessons is named in the refusal; nothing is written", async () => {
    const course = await createDraftCourse({ modules: 1, lessons: 2 });
    await addModule(course.author, { courseId: course.id, slug: "later", title: "Coming later", summary: "" });
    const before = await courseFingerprint(course.id);
    await expect(submitCourse(course.author, { courseId: course.id })).rejects.toMatchObject({
      reason: "course.empty",
      key: "course_submit.empty_modules",
      params: { modules: "Coming later" },
    });
    expect(await courseFingerprint(course.id)).toBe(before);
    expect(await status(course.id)).toBe("draft");
  });

  test("with a lesson in every module it goes to review, with its audit row", async () => {
    const course = await createDraftCourse({ modules: 2, lessons: 2 });
    await submitCourse(course.author, { courseId: course.id, note: "Ready" });
    expect(await status(course.id)).toBe("in_review");
    expect(await prisma.auditEvent.count({ where: { entityId: course.id, action: "course.submitted" } })).toBe(1);
  });

  test.each(["learner", "admin"] as const)("a %s cannot submit someone's course, and nothing is written", async (who) => {
    const course = await createDraftCourse({ modules: 1, lessons: 1 });
    const actor = await actorFor((who === "learner" ? await createLearner() : await createAdmin()).id);
    const before = await courseFingerprint(course.id);
    await expect(submitCourse(actor, { courseId: course.id })).rejects.toMatchObject({ status: 403 });
    expect(await courseFingerprint(course.id)).toBe(before);
  });
});
