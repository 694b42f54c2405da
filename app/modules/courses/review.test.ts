// The review operations, called directly: only admins publish, return and archive; only what is in review
// is published or returned, only when the checklist passes, and only the version the admin read; only a
// published course is archived. A refusal writes nothing.
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
  lessonFormOf,
  reviewedVersion,
} from "#tests/course-factories.ts";
import { createAdmin, createApprovedEducator, createLearner, createVerifier } from "#tests/factories.ts";
import { addLesson } from "./add-lesson.server.ts";
import { archiveCourse } from "./archive-course.server.ts";
import { publishCourse } from "./publish-course.server.ts";
import { getCatalogVersion, getCourseForReview, getPublishedCourse } from "./queries.server.ts";
import { returnCourse } from "./return-course.server.ts";
import { submitCourse } from "./submit-course.server.ts";
import { updateLesson } from "./update-lesson.server.ts";
import { withdrawSubmission } from "./withdraw-submission.server.ts";

const EMPTY = { body: "", contentWarning: null, transcript: null, durationMinutes: null, quiz: null, assignment: null };
let admin: Actor;
let otherAdmin: Actor;
const notAdmins: Record<string, Actor> = {};

beforeAll(async () => {
  admin = await actorFor((await createAdmin()).id);
  otherAdmin = await actorFor((await createAdmin()).id);
  notAdmins.educator = await actorFor((await createApprovedEducator()).id);
  notAdmins.learner = await actorFor((await createLearner()).id);
  notAdmins.verifier = await actorFor((await createVerifier()).id);
});

const publish = async (who: Actor, courseId: string, seen?: { revisionId: string; contentHash: string }) =>
  publishCourse(who, {
    courseId,
    ...(seen ?? (await reviewedVersion(courseId, admin))),
    publishReason: "Checked",
    confirm: "yes",
  });

describe("publishCourse", () => {
  test("only an admin publishes; the course's own author cannot, and a refusal writes nothing", async () => {
    const course = await createCourseInReview();
    const seen = await reviewedVersion(course.id, admin);
    const before = await courseFingerprint(course.id);
    for (const who of [...Object.values(notAdmins), course.author])
      await expect(publish(who, course.id, seen)).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await courseFingerprint(course.id)).toBe(before);
  });

  test("an admin publishes what is in review: the previous revision is superseded, learners see the new one", async () => {
    const course = await createPublishedCourse({ through: "review", lessons: 3, modules: 1 });
    const first = await prisma.courseRevision.findFirstOrThrow({ where: { courseId: course.id } });
    expect(first).toMatchObject({ status: "published", contentHash: expect.stringMatching(/^[a-f0-9]{64}$/) });
    await updateLesson(course.author, {
      courseId: course.id,
      lessonSlug: "lesson-1",
      kind: "text",
      title: "Second edition",
      body: "B",
    });
    let page = await getPublishedCourse(course.slug, await getCatalogVersion());
    expect(page?.modules[0]!.lessons[0]!.title).toBe("Lesson 1"); // the draft is not public
    await submitCourse(course.author, { courseId: course.id });
    await publish(admin, course.id);
    page = await getPublishedCourse(course.slug, await getCatalogVersion());
    expect(page?.modules[0]!.lessons[0]!.title).toBe("Second edition");
    const revisions = await prisma.courseRevision.findMany({
      where: { courseId: course.id },
      orderBy: { number: "asc" },
      select: { number: true, status: true },
    });
    expect(revisions).toEqual([
      { number: 1, status: "superseded" },
      { number: 2, status: "published" },
    ]);
    const audit = await prisma.auditEvent.findMany({
      where: { entityId: course.id, action: "course.published" },
      orderBy: { createdAt: "asc" },
      select: { actorId: true, data: true },
    });
    expect(audit.at(-1)).toEqual({ actorId: admin.id, data: { revision: 2, why: "Checked" } });
  });

  test("nothing in review (a draft, or a published course without a submission) is refused and writes nothing", async () => {
    const draft = await createDraftCourse();
    const published = await createPublishedCourse();
    for (const c of [draft, published]) {
      const before = await courseFingerprint(c.id);
      await expect(publish(admin, c.id, { revisionId: "x1", contentHash: "0".repeat(64) })).rejects.toMatchObject({
        reason: "course.not_in_review",
      });
      expect(await courseFingerprint(c.id)).toBe(before);
    }
  });

  test("without the confirmation a publication is refused (428, naming the course) after every other check; nothing written", async () => {
    const course = await createCourseInReview({ title: "Orbital mechanics", modules: 1, lessons: 2 });
    const seen = await reviewedVersion(course.id, admin);
    const before = await courseFingerprint(course.id);
    await expect(publishCourse(admin, { courseId: course.id, ...seen, publishReason: "" })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { title: "Orbital mechanics" },
    });
    // A stale version is refused for what it is, not asked about.
    await expect(
      publishCourse(admin, { courseId: course.id, ...seen, contentHash: "0".repeat(64), publishReason: "" }),
    ).rejects.toMatchObject({ reason: "course.changed_since_review" });
    // And a forbidden actor is refused before anything is asked.
    await expect(publishCourse(notAdmins.learner!, { courseId: course.id, ...seen, publishReason: "" })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect(await courseFingerprint(course.id)).toBe(before);
  });

  test("a failing checklist blocks publication and writes nothing", async () => {
    const course = await createDraftCourse({ modules: 1, lessons: 1 });
    await addLesson(course.author, {
      courseId: course.id,
      module: "module-1",
      slug: "video",
      ...lessonFormOf({ ...EMPTY, kind: "video", title: "Video" }),
    });
    await submitCourse(course.author, { courseId: course.id });
    const before = await courseFingerprint(course.id);
    await expect(publish(admin, course.id)).rejects.toMatchObject({ reason: "course.checklist_incomplete" });
    expect(await courseFingerprint(course.id)).toBe(before);
  });

  test("the checklist names what is missing: a stored quiz without answers, a video without a transcript", async () => {
    const course = await createDraftCourse({ modules: 1, lessons: 1 });
    await addLesson(course.author, {
      courseId: course.id,
      module: "module-1",
      slug: "v",
      ...lessonFormOf({ ...EMPTY, kind: "video", title: "V" }),
    });
    await submitCourse(course.author, { courseId: course.id });
    const revision = await prisma.courseRevision.findFirstOrThrow({ where: { courseId: course.id, status: "in_review" } });
    // A quiz stored without answers (e.g. by an older version) is caught too.
    await prisma.lesson.create({
      data: {
        revisionId: revision.id,
        moduleId: (await prisma.module.findFirstOrThrow({ where: { revisionId: revision.id } })).id,
        position: 9,
        slug: "broken-quiz",
        kind: "quiz",
        title: "Q",
        quiz: { questions: [{ type: "single", prompt: "?", points: 1, options: ["a", "b"] }] },
      },
    });
    const review = await getCourseForReview(admin, course.id);
    expect(review.checklist?.filter((c) => !c.ok).map((c) => [c.key, c.detail])).toEqual([
      ["quiz_answers", "broken-quiz"],
      ["video_transcripts", "v"],
    ]);
    const broken = review.revision?.modules[0]!.lessons.find((l) => l.slug === "broken-quiz");
    expect(broken).toMatchObject({ kind: "quiz", quiz: null });
  });

  test("the admin publishes what they read: after a withdrawal, an edit and a new submission the old hash is refused", async () => {
    const course = await createCourseInReview({ modules: 1, lessons: 2 });
    const seen = await reviewedVersion(course.id, admin);
    await withdrawSubmission(course.author, { courseId: course.id });
    await updateLesson(course.author, {
      courseId: course.id,
      lessonSlug: "lesson-1",
      kind: "text",
      title: "Changed behind the reviewer's back",
      body: "New text",
    });
    await submitCourse(course.author, { courseId: course.id });
    const now = await reviewedVersion(course.id, admin);
    expect(now.revisionId).toBe(seen.revisionId); // the same revision, submitted again
    expect(now.contentHash).not.toBe(seen.contentHash);

    const before = await courseFingerprint(course.id);
    await expect(publish(admin, course.id, seen)).rejects.toMatchObject({ reason: "course.changed_since_review" });
    await expect(publish(admin, course.id, { ...now, revisionId: "someotherrevision" })).rejects.toMatchObject({
      reason: "course.changed_since_review",
    });
    expect(await courseFingerprint(course.id)).toBe(before);

    await publish(admin, course.id, now);
    const page = await getPublishedCourse(course.slug, await getCatalogVersion());
    expect(page?.modules[0]!.lessons[0]!.title).toBe("Changed behind the reviewer's back");
  });

  test("two admins publishing one course at once give one publication; the others are refused", async () => {
    const course = await createCourseInReview();
    const seen = await reviewedVersion(course.id, admin);
    const outcomes = await Promise.allSettled([
      publish(admin, course.id, seen),
      publish(otherAdmin, course.id, seen),
      publish(admin, course.id, seen),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === "rejected"))
      expect((o as PromiseRejectedResult).reason).toMatchObject({ reason: "course.not_in_review" });
    expect(await prisma.auditEvent.count({ where: { entityId: course.id, action: "course.published" } })).toBe(1);
  });
});

describe("returnCourse", () => {
  test("only an admin returns a course, only while it is in review; a refusal writes nothing", async () => {
    const course = await createCourseInReview();
    const { revisionId } = await reviewedVersion(course.id, admin);
    const before = await courseFingerprint(course.id);
    for (const who of [...Object.values(notAdmins), course.author])
      await expect(returnCourse(who, { courseId: course.id, revisionId, returnReason: "No" })).rejects.toMatchObject({
        reason: "permission.denied",
      });
    expect(await courseFingerprint(course.id)).toBe(before);

    await returnCourse(admin, { courseId: course.id, revisionId, returnReason: "Add a summary" });
    expect(await prisma.courseRevision.findUniqueOrThrow({ where: { id: revisionId } })).toMatchObject({
      status: "draft",
      reviewNote: "Add a summary",
    });
    const returned = await courseFingerprint(course.id);
    await expect(returnCourse(admin, { courseId: course.id, revisionId, returnReason: "Again" })).rejects.toMatchObject({
      reason: "course.not_in_review",
    });
    expect(await courseFingerprint(course.id)).toBe(returned);
  });
});

describe("archiveCourse", () => {
  test("only an admin archives, only a published course, once; a refusal writes nothing", async () => {
    const published = await createPublishedCourse();
    let before = await courseFingerprint(published.id);
    for (const who of Object.values(notAdmins))
      await expect(archiveCourse(who, { courseId: published.id, archiveReason: "x", confirm: "yes" })).rejects.toMatchObject({
        reason: "permission.denied",
      });
    expect(await courseFingerprint(published.id)).toBe(before);

    const draft = await createDraftCourse();
    before = await courseFingerprint(draft.id);
    await expect(archiveCourse(admin, { courseId: draft.id, archiveReason: "x", confirm: "yes" })).rejects.toMatchObject({
      reason: "course.not_published",
    });
    expect(await courseFingerprint(draft.id)).toBe(before);

    const archived = await createArchivedCourse();
    before = await courseFingerprint(archived.id);
    await expect(archiveCourse(admin, { courseId: archived.id, archiveReason: "x", confirm: "yes" })).rejects.toMatchObject({
      reason: "course.archived",
    });
    expect(await courseFingerprint(archived.id)).toBe(before);
    expect(await getPublishedCourse(archived.slug, await getCatalogVersion())).toBeNull();
  });

  test("without the confirmation an archive is refused (428, naming the course) and the course stays in the catalog", async () => {
    const published = await createPublishedCourse({ title: "Stellar spectra", modules: 1, lessons: 1 });
    const before = await courseFingerprint(published.id);
    await expect(archiveCourse(admin, { courseId: published.id, archiveReason: "Old" })).rejects.toMatchObject({
      reason: "confirmation.required",
      status: 428,
      params: { title: "Stellar spectra" },
    });
    expect(await courseFingerprint(published.id)).toBe(before);
    expect(await getPublishedCourse(published.slug, await getCatalogVersion())).not.toBeNull();

    await archiveCourse(admin, { courseId: published.id, archiveReason: "Old", confirm: "yes" });
    expect(await getPublishedCourse(published.slug, await getCatalogVersion())).toBeNull();
    expect(await prisma.auditEvent.count({ where: { entityId: published.id, action: "course.archived" } })).toBe(1);
  });
});
