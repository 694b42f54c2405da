import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { onUniqueViolation, prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { CreateCourseInput } from "./schemas.ts";

/** An active educator starts a course: a first draft revision, with the educator as its first author. */
export async function createCourse(actor: Actor, input: CreateCourseInput) {
  requirePermission(actor, "create:course:own");
  await requireActiveEducator(actor);
  const { slug, ...fields } = input;
  return onUniqueViolation(
    () =>
      prisma.$transaction(async (tx) => {
        const course = await tx.course.create({
          data: { slug, authors: { create: { userId: actor.id } } },
          select: { id: true, slug: true },
        });
        await tx.courseRevision.create({
          data: {
            courseId: course.id,
            number: 1,
            status: "draft",
            createdById: actor.id,
            ...fields,
            translationOf: fields.translationOf ?? null,
          },
          select: { id: true },
        });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "course.created",
          entityType: "course",
          entityId: course.id,
          data: { slug },
        });
        return course;
      }),
    [{ model: "Course", fields: ["slug"], error: () => new AppError("course.slug_taken", { field: "slug" }) }],
  );
}
