import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { createEnrolledLearner, WARNING } from "#tests/player-fixtures.ts";
import { markLessonComplete } from "./mark-lesson-complete.server.ts";
import { openLesson } from "./open-lesson.server.ts";
import { getPlayerOutline } from "./player.server.ts";

async function counted<T>(run: () => Promise<T>) {
  const before = queryCounter.count;
  const value = await run();
  return { value, queries: queryCounter.count - before };
}

describe("opening a lesson", () => {
  test("renders the lesson sanitised with Previous / Next, and records the opening", async () => {
    const { learner, enrolment, lessons } = await createEnrolledLearner();
    const actor = await actorFor(learner.id);
    const page = await openLesson(actor, { enrolmentId: enrolment.id, lessonSlug: "lesson-1", continued: false });
    expect(page.lesson.bodyHtml).toContain("<h2>Lesson 1</h2>");
    expect(page.previous).toBeNull();
    expect(page.next?.slug).toBe("lesson-2");
    expect(page.position).toBe(1);
    expect(page.total).toBe(6);
    const row = await prisma.lessonProgress.findUniqueOrThrow({
      where: { enrolmentId_lessonId: { enrolmentId: enrolment.id, lessonId: lessons[0]!.id } },
    });
    expect(row.completedAt).toBeNull();
  });

  test("a content warning comes first, without the content, until the learner continues", async () => {
    const { learner, enrolment, lessons } = await createEnrolledLearner();
    const actor = await actorFor(learner.id);
    const gated = await openLesson(actor, { enrolmentId: enrolment.id, lessonSlug: "lesson-2", continued: false });
    expect(gated.gated).toBe(true);
    expect(gated.lesson.contentWarning).toBe(WARNING);
    expect(gated.lesson.bodyHtml).toBeNull();
    expect(gated.next?.slug).toBe("lesson-3");
    expect(await prisma.lessonProgress.count({ where: { enrolmentId: enrolment.id, lessonId: lessons[1]!.id } })).toBe(0);
    const shown = await openLesson(actor, { enrolmentId: enrolment.id, lessonSlug: "lesson-2", continued: true });
    expect(shown.gated).toBe(false);
    expect(shown.lesson.bodyHtml).toContain("Lesson 2");
    expect(await prisma.lessonProgress.count({ where: { enrolmentId: enrolment.id, lessonId: lessons[1]!.id } })).toBe(1);
  });

  test("another learner's enrolment is not found; educators and admins get no player; an unknown lesson is not found", async () => {
    const { enrolment } = await createEnrolledLearner({ lessons: 2, modules: 1 });
    const input = { enrolmentId: enrolment.id, lessonSlug: "lesson-1", continued: false };
    const other = await actorFor((await createLearner()).id);
    await expect(openLesson(other, input)).rejects.toMatchObject({ reason: "not_found" });
    await expect(getPlayerOutline(other, enrolment.id)).rejects.toMatchObject({ reason: "not_found" });
    for (const actor of [await actorFor((await createApprovedEducator()).id), await actorFor((await createAdmin()).id)]) {
      await expect(openLesson(actor, input)).rejects.toMatchObject({ reason: "permission.denied" });
      await expect(getPlayerOutline(actor, enrolment.id)).rejects.toMatchObject({ reason: "permission.denied" });
    }
    const owner = await actorFor(enrolment.learnerId);
    await expect(openLesson(owner, { ...input, lessonSlug: "lesson-99" })).rejects.toMatchObject({ reason: "not_found" });
    expect(await prisma.lessonProgress.count({ where: { enrolmentId: enrolment.id } })).toBe(0);
  });

  test("the outline shows done marks and resumes at the lesson opened last, from any device", async () => {
    const { learner, enrolment, lessons } = await createEnrolledLearner();
    const actor = await actorFor(learner.id);
    const fresh = await getPlayerOutline(actor, enrolment.id);
    expect(fresh.next).toMatchObject({ action: "start", slug: "lesson-1" });
    expect(fresh.done).toBe(0);
    await markLessonComplete(actor, { enrolmentId: enrolment.id, lessonId: lessons[0]!.id });
    await openLesson(actor, { enrolmentId: enrolment.id, lessonSlug: "lesson-4", continued: false });
    // a second device, a new session: the same answer
    const outline = await getPlayerOutline(await actorFor(learner.id), enrolment.id);
    expect(outline.next).toMatchObject({ action: "resume", slug: "lesson-4" });
    expect(outline.done).toBe(1);
    expect(outline.total).toBe(6);
    expect(outline.modules.flatMap((m) => m.lessons).map((l) => l.done)).toEqual([true, false, false, false, false, false]);
  });

  test("the lesson page's and the outline's query counts do not grow with the number of lessons", async () => {
    const small = await createEnrolledLearner({ lessons: 3, modules: 1 });
    const large = await createEnrolledLearner({ lessons: 30, modules: 5 });
    const counts = [];
    for (const { learner, enrolment, lessons } of [small, large]) {
      const actor = await actorFor(learner.id);
      for (const l of lessons) await markLessonComplete(actor, { enrolmentId: enrolment.id, lessonId: l.id });
      const page = await counted(() =>
        openLesson(actor, { enrolmentId: enrolment.id, lessonSlug: "lesson-3", continued: false }),
      );
      const outline = await counted(() => getPlayerOutline(actor, enrolment.id));
      expect(outline.value.done).toBe(lessons.length);
      counts.push([page.queries, outline.queries]);
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[0]![0]).toBeLessThanOrEqual(12);
  });
});
