// Opening a lesson in the player (docs/decisions/020-lesson-player-and-progress.md): the whole page in
// one call — the lesson of the cohort's pinned revision, rendered, with Previous / Next and its done mark —
// and, when the content is shown, "opened" recorded for resuming on any device. Opening is not audited:
// it is frequent, says nothing a learner decided, and only moves the "Resume" link.
import { getRevisionLesson, getRevisionOutline } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { prisma, readRows, sql } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { lessonsInOrder, requireOwnEnrolment } from "./player.server.ts";

/**
 * The lesson page. A lesson with a content warning shows only the warning (no body in the response) until
 * the learner chooses to continue (`continued`); then the body is rendered and the opening recorded.
 * A fixed number of queries whatever the number of lessons (a test asserts it).
 */
export async function openLesson(actor: Actor, input: { enrolmentId: string; lessonSlug: string; continued: boolean }) {
  const enrolment = await requireOwnEnrolment(actor, input.enrolmentId, "read:lesson-progress");
  const [outline, lesson] = await Promise.all([
    getRevisionOutline(enrolment.revisionId),
    getRevisionLesson(enrolment.revisionId, input.lessonSlug),
  ]);
  if (!outline || !lesson) throw new AppError("not_found");
  const lessons = lessonsInOrder(outline);
  const index = lessons.findIndex((l) => l.id === lesson.id);
  const previous = lessons[index - 1] ?? null;
  const next = lessons[index + 1] ?? null;
  const gated = lesson.contentWarning !== null && !input.continued;
  const progress = gated ? await progressRow(enrolment.id, lesson.id) : await recordOpened(enrolment.id, lesson.id);
  // A quiz lesson links to its quiz page: "Take the quiz", or "See your attempts" once there are some.
  const quizAttempts = lesson.kind === "quiz" ? await countAttempts(enrolment.id, lesson.id) : null;
  return {
    enrolmentId: enrolment.id,
    courseTitle: outline.title,
    language: outline.language,
    position: index + 1,
    total: lessons.length,
    lesson: {
      id: lesson.id,
      slug: lesson.slug,
      title: lesson.title,
      kind: lesson.kind,
      durationMinutes: lesson.durationMinutes,
      contentWarning: lesson.contentWarning,
      // nothing of the content before the learner chose to continue
      bodyHtml: gated ? null : lesson.bodyHtml,
    },
    gated,
    quizAttempts,
    done: Boolean(progress?.completedAt),
    previous: previous ? { slug: previous.slug, title: previous.title } : null,
    next: next ? { slug: next.slug, title: next.title } : null,
  };
}

/**
 * A lesson opened again within this long is not written again: reloading a page, or fifty requests at
 * once, costs one read instead of a write each. Resume (the latest opening) can only be wrong for a
 * learner who goes A, B, A within these seconds.
 */
const REOPEN_WRITE_MS = 5_000;

// The page's reads, straight from the pool (readRows): a learner opens lessons all the time.
async function progressRow(enrolmentId: string, lessonId: string) {
  const [row] = await readRows<{ completedAt: Date | null; lastOpenedAt: Date }>(sql`
    SELECT "completedAt", "lastOpenedAt" FROM "LessonProgress" WHERE "enrolmentId" = ${enrolmentId} AND "lessonId" = ${lessonId}`);
  return row ?? null;
}

async function countAttempts(enrolmentId: string, lessonId: string) {
  const [row] = await readRows<{ count: number }>(sql`
    SELECT count(*)::int AS count FROM "QuizAttempt" WHERE "enrolmentId" = ${enrolmentId} AND "lessonId" = ${lessonId}`);
  return row!.count;
}

/** "Opened now" for the enrolment and lesson: one row per pair (the unique key), so repeated or concurrent opens never add rows. */
async function recordOpened(enrolmentId: string, lessonId: string) {
  const now = new Date();
  const where = { enrolmentId_lessonId: { enrolmentId, lessonId } };
  const row = await progressRow(enrolmentId, lessonId);
  if (row && now.getTime() - row.lastOpenedAt.getTime() < REOPEN_WRITE_MS) return row;
  if (!row) {
    await prisma.lessonProgress.createMany({ data: [{ enrolmentId, lessonId, lastOpenedAt: now }], skipDuplicates: true });
  }
  return prisma.lessonProgress.update({ where, data: { lastOpenedAt: now }, select: { completedAt: true } });
}
