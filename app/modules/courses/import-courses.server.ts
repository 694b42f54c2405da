import { randomUUID } from "node:crypto";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { filterActiveEducators } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { lockRow, prisma, type Tx } from "#app/utils/db.server.ts";
import type { ParsedCourse } from "./content-parse.server.ts";
import { lessonRowData } from "./lesson-mapping.ts";
import { contentHash } from "./revision-content.server.ts";
import { forgetCourseLabels } from "./published.server.ts";

export type ImportCoursesInput = {
  /** Courses read by parseContent (content-parse.server.ts). */
  courses: ParsedCourse[];
  /** Active educators to make co-authors of every imported course (the seed's demo educator). */
  coAuthorIds?: string[];
};
export type ImportSummary = { created: number; updated: number; unchanged: number };
type Outcome = keyof ImportSummary;

/**
 * Imports courses in one transaction: all or nothing. A new or changed course gets a new published
 * revision (the previous one is superseded); one whose content hash is unchanged is left alone, so a
 * second import changes nothing. `actor` is an admin, or null for the content command run on the server.
 */
export async function importCourses(
  actor: Actor | null,
  input: ImportCoursesInput,
  options: { onProgress?: (course: ParsedCourse, outcome: Outcome) => void } = {},
): Promise<ImportSummary> {
  if (actor) requirePermission(actor, "publish:course:any");
  const actorId = actor?.id ?? null;
  const coAuthors = [...(await filterActiveEducators(input.coAuthorIds ?? []))];
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0 };
  const outcomes: Array<[ParsedCourse, Outcome]> = [];
  await prisma.$transaction(
    async (tx) => {
      for (const c of input.courses) {
        // Hashed here, from the content itself: a caller cannot make changed content look unchanged.
        const hash = contentHash(c);
        // An import replaces the published revision: serialised with publishing and archiving by the
        // Course row lock, taken before the published revision is read.
        const found = await tx.course.findUnique({ where: { slug: c.slug }, select: { id: true } });
        if (found) await lockRow(tx, "Course", found.id);
        const existing = found
          ? await tx.course.findUniqueOrThrow({
              where: { id: found.id },
              select: { id: true, publishedRevision: { select: { id: true, contentHash: true } } },
            })
          : null;
        let courseId = existing?.id;
        let outcome: Outcome = "unchanged";
        if (existing?.publishedRevision?.contentHash !== hash) {
          courseId ??= (await tx.course.create({ data: { slug: c.slug }, select: { id: true } })).id;
          const number = await writePublishedRevision(
            tx,
            courseId,
            { ...c, hash },
            actorId,
            existing?.publishedRevision?.id ?? null,
          );
          outcome = existing ? "updated" : "created";
          await recordAudit(tx, {
            actorId,
            action: "course.imported",
            entityType: "course",
            entityId: courseId,
            data: { slug: c.slug, revision: number },
          });
        }
        if (coAuthors.length) await addCoAuthors(tx, courseId!, coAuthors, actorId);
        summary[outcome] += 1;
        outcomes.push([c, outcome]);
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  forgetCourseLabels();
  for (const [c, outcome] of outcomes) options.onProgress?.(c, outcome);
  return summary;
}

async function writePublishedRevision(
  tx: Tx,
  courseId: string,
  c: ParsedCourse,
  actorId: string | null,
  previousId: string | null,
) {
  const last = await tx.courseRevision.aggregate({ where: { courseId }, _max: { number: true } });
  const number = (last._max.number ?? 0) + 1;
  const revision = await tx.courseRevision.create({
    data: {
      courseId,
      number,
      status: "published",
      publishedAt: new Date(),
      contentHash: c.hash,
      createdById: actorId,
      ...c.fields,
    },
    select: { id: true },
  });
  const moduleIds = new Map(c.modules.map((m) => [m.slug, randomUUID()]));
  await tx.module.createMany({
    data: c.modules.map((m, i) => ({
      id: moduleIds.get(m.slug)!,
      revisionId: revision.id,
      position: i + 1,
      slug: m.slug,
      title: m.title,
      summary: m.summary,
    })),
  });
  await tx.lesson.createMany({
    data: c.modules.flatMap((m) =>
      m.lessons.map(({ slug, ...content }, i) => ({
        revisionId: revision.id,
        moduleId: moduleIds.get(m.slug)!,
        position: i + 1,
        slug,
        ...lessonRowData(content),
      })),
    ),
  });
  if (previousId)
    await tx.courseRevision.update({ where: { id: previousId }, data: { status: "superseded" }, select: { id: true } });
  await tx.course.update({
    where: { id: courseId },
    data: { publishedRevisionId: revision.id, archivedAt: null },
    select: { id: true },
  });
  return number;
}

async function addCoAuthors(tx: Tx, courseId: string, userIds: string[], actorId: string | null) {
  const present = await tx.courseAuthor.findMany({ where: { courseId, userId: { in: userIds } }, select: { userId: true } });
  const missing = userIds.filter((id) => !present.some((p) => p.userId === id));
  if (!missing.length) return;
  await tx.courseAuthor.createMany({ data: missing.map((userId) => ({ courseId, userId })), skipDuplicates: true });
  for (const userId of missing)
    await recordAudit(tx, {
      actorId,
      action: "course.coauthor_added",
      entityType: "course",
      entityId: courseId,
      data: { userId },
    });
}
