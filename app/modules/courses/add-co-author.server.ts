import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { isActiveEducator, requireActiveEducator } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { findUserIdByEmail } from "#app/modules/identity/queries.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { lockAuthoredCourse } from "./draft.server.ts";
import type { AddCoAuthorInput } from "./schemas.ts";

/**
 * A co-author adds an active educator, named by exact email, as a co-author. Whether the address has an
 * account is not revealed: any address that is not an active educator gets the same message. Adding
 * someone who already co-authors the course changes nothing.
 */
export async function addCoAuthor(actor: Actor, input: AddCoAuthorInput) {
  await requireActiveEducator(actor);
  // Other modules' reads run before the transaction (one connection on embedded PGlite).
  const userId = await findUserIdByEmail(input.email);
  const eligible = userId !== null && (await isActiveEducator(userId));
  await prisma.$transaction(async (tx) => {
    const course = await lockAuthoredCourse(tx, actor, input.courseId);
    if (!eligible) throw new AppError("coauthor.not_eligible", { field: "email" });
    const { count } = await tx.courseAuthor.createMany({ data: [{ courseId: course.id, userId }], skipDuplicates: true });
    if (count === 0) return;
    await recordAudit(tx, {
      actorId: actor.id,
      action: "course.coauthor_added",
      entityType: "course",
      entityId: course.id,
      data: { userId },
    });
  });
}
