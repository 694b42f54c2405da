// The authoring operations, called directly: who may author (an active educator who co-authors the
// course), in which state (a draft or a published course; never in review, never archived), and that a
// refusal writes nothing at all (no revision, module, lesson, co-author or audit row).
import { beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import {
  courseFingerprint,
  createArchivedCourse,
  createCourseInReview,
  createDraftCourse,
  createPublishedCourse,
  createSuspendedEducator,
  lessonFormOf,
} from "#tests/course-factories.ts";
import { createAdmin, createApprovedEducator, createEducatorApplicant, createLearner } from "#tests/factories.ts";
import { addCoAuthor } from "./add-co-author.server.ts";
import { addLesson } from "./add-lesson.server.ts";
import { addModule } from "./add-module.server.ts";
import { createCourse } from "./create-course.server.ts";
import { deleteLesson } from "./delete-lesson.server.ts";
import { moveItem } from "./move-item.server.ts";
import type { CreateCourseInput } from "./schemas.ts";
import { submitCourse } from "./submit-course.server.ts";
import { updateCourseFields } from "./update-course-fields.server.ts";
import { updateLesson } from "./update-lesson.server.ts";
import { withdrawSubmission } from "./withdraw-submission.server.ts";

const FIELDS = {
  title: "Intro to Testing",
  summary: "A short course.",
  description: "",
  subject: "computer-science",
  level: "introductory",
  language: "en",
  outcomes: ["Write a test."],
  credits: 2,
  creditUnit: "ECTS",
  studyHours: 55,
  passMark: 60,
  prerequisites: [],
} satisfies Omit<CreateCourseInput, "slug">;
const TEXT = lessonFormOf({
  kind: "text",
  title: "New lesson",
  body: "Hello",
  contentWarning: null,
  transcript: null,
  durationMinutes: null,
  quiz: null,
  assignment: null,
});
const uniqueSlug = (p = "c") => `${p}-${Math.random().toString(36).slice(2, 10)}`;

type Forbidden = "learner" | "applicant" | "suspended" | "stranger" | "admin";
const forbidden = {} as Record<Forbidden, Actor>;
let owner: Actor;

beforeAll(async () => {
  owner = await actorFor((await createApprovedEducator()).id);
  forbidden.learner = await actorFor((await createLearner()).id);
  forbidden.applicant = await actorFor((await createEducatorApplicant()).id);
  forbidden.suspended = await actorFor((await createSuspendedEducator()).id);
  forbidden.stranger = await actorFor((await createApprovedEducator()).id); // active, but not a co-author
  forbidden.admin = await actorFor((await createAdmin()).id);
});

/** Expected refusal of each forbidden actor: not an active educator (403), or a course they do not author (404). */
const REASON: Record<Forbidden, string> = {
  learner: "educator.not_active",
  applicant: "educator.not_active",
  suspended: "educator.not_active",
  stranger: "not_found",
  admin: "educator.not_active",
};

/** Each operation on a course, as an actor would call it. */
const EDITS: Record<string, (actor: Actor, courseId: string) => Promise<unknown>> = {
  updateCourseFields: (a, courseId) => updateCourseFields(a, { courseId, ...FIELDS, title: "Changed" }),
  addModule: (a, courseId) => addModule(a, { courseId, slug: "another", title: "Another", summary: "" }),
  moveItem: (a, courseId) => moveItem(a, { courseId, item: "lesson", slug: "lesson-2", direction: "up" }),
  addLesson: (a, courseId) => addLesson(a, { courseId, module: "module-1", slug: "brand-new", ...TEXT }),
  updateLesson: (a, courseId) => updateLesson(a, { courseId, lessonSlug: "lesson-1", ...TEXT, title: "Changed" }),
  deleteLesson: (a, courseId) => deleteLesson(a, { courseId, lessonSlug: "lesson-1" }),
};
const ALL: Record<string, (actor: Actor, courseId: string) => Promise<unknown>> = {
  ...EDITS,
  addCoAuthor: async (a, courseId) => addCoAuthor(a, { courseId, email: (await createApprovedEducator()).email }),
  submitCourse: (a, courseId) => submitCourse(a, { courseId, note: "please" }),
};

describe("createCourse", () => {
  test.each(["learner", "applicant", "suspended", "admin"] as const)(
    "a %s cannot start a course; nothing is written",
    async (who) => {
      const slug = uniqueSlug();
      // Rows by this actor: other test files write audit rows on the shared PostgreSQL database meanwhile.
      const byActor = { where: { actorId: forbidden[who].id } };
      const audit = await prisma.auditEvent.count(byActor);
      await expect(createCourse(forbidden[who], { slug, ...FIELDS })).rejects.toMatchObject({
        reason:
          who === "learner" || who === "admin"
            ? expect.stringMatching(/permission.denied|educator.not_active/)
            : "educator.not_active",
      });
      expect(await prisma.course.count({ where: { slug } })).toBe(0);
      expect(await prisma.auditEvent.count(byActor)).toBe(audit);
    },
  );

  test("an active educator starts a draft and is its first author; a taken slug is refused on the slug field", async () => {
    const slug = uniqueSlug();
    const course = await createCourse(owner, { slug, ...FIELDS });
    const revisions = await prisma.courseRevision.findMany({
      where: { courseId: course.id },
      select: { number: true, status: true },
    });
    expect(revisions).toEqual([{ number: 1, status: "draft" }]);
    expect(await prisma.courseAuthor.count({ where: { courseId: course.id, userId: owner.id } })).toBe(1);
    const before = await courseFingerprint(course.id);
    await expect(createCourse(owner, { slug, ...FIELDS, title: "Again" })).rejects.toMatchObject({
      reason: "course.slug_taken",
      field: "slug",
    });
    expect(await courseFingerprint(course.id)).toBe(before);
    expect(await prisma.course.count({ where: { slug } })).toBe(1);
  });
});

describe("every authoring operation refuses those who may not author the course, and writes nothing", () => {
  test.each(Object.keys(ALL))("%s", async (name) => {
    const course = await createDraftCourse({ authorId: owner.id, modules: 1, lessons: 2 });
    const before = await courseFingerprint(course.id);
    for (const who of Object.keys(REASON) as Forbidden[]) {
      await expect(ALL[name]!(forbidden[who], course.id), `${name} by ${who}`).rejects.toMatchObject({ reason: REASON[who] });
    }
    expect(await courseFingerprint(course.id)).toBe(before);
  });
});

describe("no edit while the course is in review or archived; the refusal writes nothing", () => {
  test.each(Object.keys(EDITS))("%s", async (name) => {
    const inReview = await createCourseInReview({ authorId: owner.id, modules: 1, lessons: 2 });
    let before = await courseFingerprint(inReview.id);
    await expect(EDITS[name]!(owner, inReview.id)).rejects.toMatchObject({ reason: "course.locked_in_review" });
    expect(await courseFingerprint(inReview.id)).toBe(before);

    const archived = await createArchivedCourse({ modules: 1, lessons: 2, authorIds: [owner.id] });
    before = await courseFingerprint(archived.id);
    await expect(EDITS[name]!(owner, archived.id)).rejects.toMatchObject({ reason: "course.archived" });
    expect(await courseFingerprint(archived.id)).toBe(before);
  });

  test("submitting without a draft, or while in review, is refused and writes nothing", async () => {
    const published = await createPublishedCourse({ authorIds: [owner.id] });
    let before = await courseFingerprint(published.id);
    await expect(submitCourse(owner, { courseId: published.id })).rejects.toMatchObject({ reason: "course.nothing_to_submit" });
    expect(await courseFingerprint(published.id)).toBe(before);

    const inReview = await createCourseInReview({ authorId: owner.id });
    before = await courseFingerprint(inReview.id);
    await expect(submitCourse(owner, { courseId: inReview.id })).rejects.toMatchObject({ reason: "course.nothing_to_submit" });
    expect(await courseFingerprint(inReview.id)).toBe(before);

    const archived = await createArchivedCourse({ authorIds: [owner.id] });
    before = await courseFingerprint(archived.id);
    await expect(submitCourse(owner, { courseId: archived.id })).rejects.toMatchObject({ reason: "course.archived" });
    expect(await courseFingerprint(archived.id)).toBe(before);
  });

  test("withdrawing what is not in review is refused; those who may not author cannot withdraw", async () => {
    const draft = await createDraftCourse({ authorId: owner.id });
    const before = await courseFingerprint(draft.id);
    await expect(withdrawSubmission(owner, { courseId: draft.id })).rejects.toMatchObject({ reason: "course.not_in_review" });
    expect(await courseFingerprint(draft.id)).toBe(before);

    const inReview = await createCourseInReview({ authorId: owner.id });
    const reviewed = await courseFingerprint(inReview.id);
    for (const who of Object.keys(REASON) as Forbidden[])
      await expect(withdrawSubmission(forbidden[who], { courseId: inReview.id }), who).rejects.toMatchObject({
        reason: REASON[who],
      });
    expect(await courseFingerprint(inReview.id)).toBe(reviewed);
    await withdrawSubmission(owner, { courseId: inReview.id });
    const revision = await prisma.courseRevision.findFirstOrThrow({ where: { courseId: inReview.id } });
    expect(revision).toMatchObject({ status: "draft", reviewNote: null });
  });
});

describe("the operations themselves", () => {
  test("the first edit of a published course makes one draft copy; learners keep the published revision", async () => {
    const course = await createPublishedCourse({ authorIds: [owner.id], modules: 2, lessons: 5 });
    await updateCourseFields(owner, { courseId: course.id, ...FIELDS, title: "Second edition" });
    await addModule(owner, { courseId: course.id, slug: "extra", title: "Extra", summary: "" });
    const revisions = await prisma.courseRevision.findMany({
      where: { courseId: course.id },
      orderBy: { number: "asc" },
      select: { number: true, status: true, title: true, _count: { select: { modules: true, lessons: true } } },
    });
    expect(revisions).toEqual([
      { number: 1, status: "published", title: course.fields.title, _count: { modules: 2, lessons: 5 } },
      { number: 2, status: "draft", title: "Second edition", _count: { modules: 3, lessons: 5 } },
    ]);
    const audit = await prisma.auditEvent.findMany({
      where: { entityId: course.id, action: "course.edited" },
      select: { data: true },
    });
    expect(audit.map((a) => a.data)).toEqual([
      { what: "fields", revision: 2 },
      { what: "module.added", revision: 2, module: "extra" },
    ]);
  });

  test("slugs are unique per revision: a module or lesson slug in use is refused on its field and writes nothing", async () => {
    const course = await createDraftCourse({ authorId: owner.id, modules: 2, lessons: 2 });
    const before = await courseFingerprint(course.id);
    await expect(addModule(owner, { courseId: course.id, slug: "module-1", title: "Dup", summary: "" })).rejects.toMatchObject({
      reason: "module.slug_taken",
      field: "slug",
    });
    await expect(addLesson(owner, { courseId: course.id, module: "module-2", slug: "lesson-1", ...TEXT })).rejects.toMatchObject({
      reason: "lesson.slug_taken",
      field: "slug",
    });
    await expect(addLesson(owner, { courseId: course.id, module: "nowhere", slug: "fresh", ...TEXT })).rejects.toMatchObject({
      reason: "lesson.module_missing",
      field: "module",
    });
    expect(await courseFingerprint(course.id)).toBe(before);
  });

  test("moving and editing an unknown lesson is a 404 that writes nothing; at an end nothing moves", async () => {
    const course = await createDraftCourse({ authorId: owner.id, modules: 1, lessons: 2 });
    const before = await courseFingerprint(course.id);
    await expect(moveItem(owner, { courseId: course.id, item: "lesson", slug: "nope", direction: "up" })).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(updateLesson(owner, { courseId: course.id, lessonSlug: "nope", ...TEXT })).rejects.toMatchObject({
      reason: "not_found",
    });
    await expect(deleteLesson(owner, { courseId: course.id, lessonSlug: "nope" })).rejects.toMatchObject({ reason: "not_found" });
    await moveItem(owner, { courseId: course.id, item: "lesson", slug: "lesson-1", direction: "up" });
    expect(await courseFingerprint(course.id)).toBe(before);

    await moveItem(owner, { courseId: course.id, item: "lesson", slug: "lesson-2", direction: "up" });
    const order = await prisma.lesson.findMany({ where: { revision: { courseId: course.id } }, orderBy: { position: "asc" } });
    expect(order.map((l) => l.slug)).toEqual(["lesson-2", "lesson-1"]);
  });

  test("a lesson's kind decides which columns it keeps: a quiz saved as text loses its quiz", async () => {
    const course = await createDraftCourse({ authorId: owner.id, modules: 1, lessons: 5 });
    const quiz = await prisma.lesson.findFirstOrThrow({ where: { revision: { courseId: course.id }, slug: "lesson-5" } });
    expect(quiz.kind).toBe("quiz");
    await updateLesson(owner, { courseId: course.id, lessonSlug: "lesson-5", ...TEXT });
    const saved = await prisma.lesson.findUniqueOrThrow({ where: { id: quiz.id } });
    expect(saved).toMatchObject({ kind: "text", title: "New lesson", quiz: null, assignment: null, transcript: null });
    await deleteLesson(owner, { courseId: course.id, lessonSlug: "lesson-5" });
    expect(await prisma.lesson.count({ where: { id: quiz.id } })).toBe(0);
  });

  test("a co-author can be added by email only if active; an unknown address gets the same message", async () => {
    const course = await createDraftCourse({ authorId: owner.id });
    const before = await courseFingerprint(course.id);
    const pending = await createEducatorApplicant();
    const suspended = await createSuspendedEducator();
    const learner = await createLearner();
    for (const email of [pending.email, suspended.email, learner.email, "nobody-at-all@example.test"]) {
      await expect(addCoAuthor(owner, { courseId: course.id, email }), email).rejects.toMatchObject({
        reason: "coauthor.not_eligible",
        field: "email",
      });
    }
    expect(await courseFingerprint(course.id)).toBe(before);
    const colleague = await createApprovedEducator();
    await addCoAuthor(owner, { courseId: course.id, email: colleague.email });
    await addCoAuthor(owner, { courseId: course.id, email: colleague.email }); // again: nothing new
    expect(await prisma.courseAuthor.count({ where: { courseId: course.id } })).toBe(2);
    expect(await prisma.auditEvent.count({ where: { entityId: course.id, action: "course.coauthor_added" } })).toBe(1);
    // The co-author now edits like the first author.
    await moveItem(await actorFor(colleague.id), { courseId: course.id, item: "module", slug: "module-2", direction: "up" });
  });
});
