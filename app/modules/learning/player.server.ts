// The lesson player's reads (docs/decisions/020-lesson-player-and-progress.md): an enrolment's outline
// with progress, and one lesson of its cohort's pinned revision. Only the enrolment's learner gets them:
// anyone else is answered "not found" (another learner's enrolment id), or refused when they hold no
// progress permission at all (educators and admins do not get a learner's player).
import { getRevisionOutline, type OutlineLesson, type RevisionOutline } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { readRows, sql, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

export type PlayerEnrolment = { id: string; learnerId: string; revisionId: string; cohortName: string; status: string };

/** The enrolment of the acting learner (withdrawn ones are gone from the player), or not_found. */
export async function requireOwnEnrolment(
  actor: Actor,
  enrolmentId: string,
  permission: "read:lesson-progress" | "update:lesson-progress",
  tx?: Tx,
): Promise<PlayerEnrolment> {
  requirePermission(actor, permission);
  // One query (every player page and learner operation starts here): the enrolment and its cohort.
  const rows = await readRows<{ id: string; learnerId: string; status: string; cohortName: string; revisionId: string }>(
    sql`
      SELECT e.id, e."learnerId", e.status::text AS status, c.name AS "cohortName", c."revisionId"
      FROM "Enrolment" e JOIN "Cohort" c ON c.id = e."cohortId" WHERE e.id = ${enrolmentId}`,
    tx,
  );
  const enrolment = rows[0];
  if (!enrolment || enrolment.status === "withdrawn") throw new AppError("not_found");
  requirePermission(actor, permission, { ownerId: enrolment.learnerId }, { hide: true });
  return {
    id: enrolment.id,
    learnerId: enrolment.learnerId,
    status: enrolment.status,
    revisionId: enrolment.revisionId,
    cohortName: enrolment.cohortName,
  };
}

export type ProgressMark = { completed: boolean; lastOpenedAt: Date };

/** The enrolment's progress rows by lesson id (one query). */
export async function progressByLesson(enrolmentId: string): Promise<Map<string, ProgressMark>> {
  const rows = await readRows<{ lessonId: string; completedAt: Date | null; lastOpenedAt: Date }>(
    sql`SELECT "lessonId", "completedAt", "lastOpenedAt" FROM "LessonProgress" WHERE "enrolmentId" = ${enrolmentId}`,
  );
  return new Map(rows.map((r) => [r.lessonId, { completed: r.completedAt !== null, lastOpenedAt: r.lastOpenedAt }]));
}

/** Lessons of an outline in reading order. */
export function lessonsInOrder(outline: RevisionOutline): OutlineLesson[] {
  return outline.modules.flatMap((m) => m.lessons);
}

/**
 * The outline page: modules and lessons of the pinned revision, each marked done or not, the count done,
 * and where "Resume" goes — the lesson opened most recently on any device — or "Start" (the first lesson)
 * when none was opened yet. Four queries whatever the number of lessons.
 */
export async function getPlayerOutline(actor: Actor, enrolmentId: string) {
  const enrolment = await requireOwnEnrolment(actor, enrolmentId, "read:lesson-progress");
  const [outline, progress] = await Promise.all([getRevisionOutline(enrolment.revisionId), progressByLesson(enrolment.id)]);
  if (!outline) throw new AppError("not_found");
  const lessons = lessonsInOrder(outline);
  let resume: OutlineLesson | null = null;
  let latest = 0;
  for (const lesson of lessons) {
    const mark = progress.get(lesson.id);
    if (mark && mark.lastOpenedAt.getTime() > latest) {
      latest = mark.lastOpenedAt.getTime();
      resume = lesson;
    }
  }
  return {
    enrolmentId: enrolment.id,
    courseTitle: outline.title,
    language: outline.language,
    cohortName: enrolment.cohortName,
    modules: outline.modules.map((m) => ({
      id: m.id,
      slug: m.slug,
      title: m.title,
      lessons: m.lessons.map((l) => ({
        slug: l.slug,
        title: l.title,
        kind: l.kind,
        done: progress.get(l.id)?.completed ?? false,
      })),
    })),
    done: lessons.filter((l) => progress.get(l.id)?.completed).length,
    total: lessons.length,
    next: resume
      ? { action: "resume" as const, slug: resume.slug, title: resume.title }
      : lessons[0]
        ? { action: "start" as const, slug: lessons[0].slug, title: lessons[0].title }
        : null,
  };
}
