// What every authoring operation does first, inside its transaction: lock the Course row (two edits of
// one course run one after the other), check that the actor co-authors it (a course one does not author
// is not revealed: 404), refuse an archived course or a draft in review, and find the draft, or copy the
// published revision into a new one. With the row locked before the draft is looked for, four first edits
// of a published course at the same moment make exactly one draft.
import { randomUUID } from "node:crypto";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { lockRow, type Tx } from "#app/utils/db.server.ts";
import { AppError, invariant } from "#app/utils/errors.ts";
import { copyLessonRow } from "./lesson-mapping.ts";

export type Draft = { id: string; number: number; courseId: string };

/**
 * The locked course, if `actor` co-authors it (404 otherwise). Call after requireActiveEducator(actor),
 * which reads another module and so runs before the transaction.
 */
export async function lockAuthoredCourse(tx: Tx, actor: Actor, courseId: string) {
  invariant(await lockRow(tx, "Course", courseId));
  const course = await tx.course.findFirst({
    where: { id: courseId, authors: { some: { userId: actor.id } } },
    select: { id: true, slug: true, archivedAt: true, publishedRevisionId: true },
  });
  invariant(course);
  return course;
}

/** The revision to edit: the open draft, or a new draft copied from the published revision. */
export async function openDraft(tx: Tx, actor: Actor, courseId: string): Promise<Draft> {
  const course = await lockAuthoredCourse(tx, actor, courseId);
  if (course.archivedAt) throw new AppError("course.archived");
  const open = await tx.courseRevision.findFirst({
    where: { courseId, status: { in: ["draft", "in_review"] } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, status: true },
  });
  if (open?.status === "in_review") throw new AppError("course.locked_in_review");
  if (open) return { id: open.id, number: open.number, courseId };
  invariant(course.publishedRevisionId);
  return copyRevision(tx, course.publishedRevisionId, actor.id);
}

/** A new draft revision with every field, module and lesson of `fromId` (a deep copy). */
export async function copyRevision(tx: Tx, fromId: string, actorId: string): Promise<Draft> {
  const from = await tx.courseRevision.findUniqueOrThrow({
    where: { id: fromId },
    include: { modules: { orderBy: { position: "asc" }, include: { lessons: { orderBy: { position: "asc" } } } } },
  });
  const last = await tx.courseRevision.aggregate({ where: { courseId: from.courseId }, _max: { number: true } });
  // Everything but the revision's identity, its place in the workflow and its timestamps.
  const {
    id: _id,
    modules,
    createdAt: _c,
    updatedAt: _u,
    number: _n,
    status: _s,
    publishedAt: _p,
    submittedAt: _sub,
    reviewNote: _r,
    contentHash: _h,
    createdById: _by,
    ...fields
  } = from;
  const revision = await tx.courseRevision.create({
    data: { ...fields, number: (last._max.number ?? 0) + 1, status: "draft", createdById: actorId },
    select: { id: true, number: true, courseId: true },
  });
  const moduleIds = new Map(modules.map((m) => [m.id, randomUUID()]));
  if (modules.length) {
    await tx.module.createMany({
      data: modules.map(({ id, lessons: _l, createdAt: _mc, updatedAt: _mu, revisionId: _mr, ...m }) => ({
        ...m,
        id: moduleIds.get(id)!,
        revisionId: revision.id,
      })),
    });
  }
  const lessons = modules.flatMap((m) =>
    m.lessons.map((l) => copyLessonRow(l, { revisionId: revision.id, moduleId: moduleIds.get(m.id)! })),
  );
  if (lessons.length) await tx.lesson.createMany({ data: lessons });
  return revision;
}

/** The audit row of an edit of a draft. */
export function auditEdit(
  tx: Tx,
  actor: Actor,
  draft: Draft,
  what: string,
  data: Record<string, string | number | boolean | null> = {},
) {
  return recordAudit(tx, {
    actorId: actor.id,
    action: "course.edited",
    entityType: "course",
    entityId: draft.courseId,
    data: { what, revision: draft.number, ...data },
  });
}
