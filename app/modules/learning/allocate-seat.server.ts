import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { getPrerequisiteCourseIds } from "#app/modules/courses/published.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { lockRow, prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { playerPath } from "./player-paths.ts";
import type { AllocateSeatInput } from "./schemas.ts";

/** Enrolments that hold a place in a cohort: a paused learner keeps theirs. */
export const PLACE_HOLDING = ["active", "paused"] as const;

export type LockedCohort = { id: string; courseId: string; capacity: number; revisionId: string };

/** Inside a transaction: locks the cohort row (allocations to one cohort run one after another). */
export async function lockCohort(tx: Tx, cohortId: string): Promise<LockedCohort | null> {
  if (!(await lockRow(tx, "Cohort", cohortId))) return null;
  return tx.cohort.findUniqueOrThrow({
    where: { id: cohortId },
    select: { id: true, courseId: true, capacity: true, revisionId: true },
  });
}

/** Places taken in a locked cohort. */
export async function placesTaken(tx: Tx, cohortId: string): Promise<number> {
  return tx.enrolment.count({ where: { cohortId, status: { in: [...PLACE_HOLDING] } } });
}

/**
 * The prerequisite courses of the cohort's revision that the learner has not passed. Until grades
 * exist, a prerequisite counts as passed only through a COMPLETED enrolment in a cohort of it.
 */
export async function missingPrerequisites(tx: Tx, learnerId: string, revisionId: string): Promise<string[]> {
  const required = await getPrerequisiteCourseIds(tx, revisionId);
  if (required.length === 0) return [];
  const passed = await tx.enrolment.findMany({
    where: { learnerId, status: "completed", cohort: { courseId: { in: required } } },
    select: { cohort: { select: { courseId: true } } },
  });
  const passedIds = new Set(passed.map((e) => e.cohort.courseId));
  return required.filter((id) => !passedIds.has(id));
}

/**
 * Claims one unused seat for the cohort (one of the cohort's own first, then one of the course), by a
 * conditional update: a seat another transaction holds is skipped, one already used is never matched.
 */
async function claimSeat(tx: Tx, cohort: LockedCohort): Promise<string | null> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "Seat" SET "usedAt" = CURRENT_TIMESTAMP, "updatedAt" = CURRENT_TIMESTAMP
    WHERE "usedAt" IS NULL AND id = (
      SELECT id FROM "Seat"
      WHERE "courseId" = ${cohort.courseId} AND "usedAt" IS NULL AND ("cohortId" = ${cohort.id} OR "cohortId" IS NULL)
      ORDER BY "cohortId" NULLS LAST, "createdAt", id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  return rows[0]?.id ?? null;
}

/**
 * Inside a transaction holding the cohort lock: enrols the learner of a waiting entry through a free
 * seat, marks the entry allocated and writes the audit rows. Throws AppError when it cannot.
 */
export async function allocateLocked(
  tx: Tx,
  actor: Pick<Actor, "id"> | null,
  cohort: LockedCohort,
  entryId: string,
  options: { waiveReason?: string; auto?: boolean } = {},
) {
  if (!(await lockRow(tx, "WaitlistEntry", entryId))) throw new AppError("waitlist.not_waiting", { field: "entryId" });
  const entry = await tx.waitlistEntry.findUniqueOrThrow({
    where: { id: entryId },
    select: { learnerId: true, courseId: true, status: true },
  });
  if (entry.status !== "waiting") throw new AppError("waitlist.not_waiting", { field: "entryId" });
  if (entry.courseId !== cohort.courseId) throw new AppError("cohort.unavailable", { field: "cohortId" });
  if ((await placesTaken(tx, cohort.id)) >= cohort.capacity) throw new AppError("cohort.full", { field: "cohortId" });
  const already = await tx.enrolment.count({ where: { cohortId: cohort.id, learnerId: entry.learnerId } });
  if (already > 0) throw new AppError("enrolment.exists", { field: "entryId" });
  const missing = await missingPrerequisites(tx, entry.learnerId, cohort.revisionId);
  if (missing.length > 0 && !options.waiveReason) throw new AppError("enrolment.prerequisite_missing", { field: "waiveReason" });
  const seatId = await claimSeat(tx, cohort);
  if (!seatId) throw new AppError("seat.none_free", { field: "cohortId" });
  const enrolment = await tx.enrolment.create({
    data: {
      learnerId: entry.learnerId,
      cohortId: cohort.id,
      seatId,
      waivedPrerequisite: missing.length > 0 ? (options.waiveReason ?? null) : null,
    },
    select: { id: true, learnerId: true, cohortId: true, seatId: true },
  });
  await tx.waitlistEntry.update({
    where: { id: entryId },
    data: { status: "allocated", waiting: null, enrolmentId: enrolment.id, cohortId: cohort.id },
  });
  await recordAudit(tx, {
    actorId: actor?.id ?? null,
    action: "seat.allocated",
    entityType: "enrolment",
    entityId: enrolment.id,
    data: { cohortId: cohort.id, seatId, entryId, learnerId: entry.learnerId, auto: options.auto ?? false },
  });
  if (missing.length > 0) {
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      action: "enrolment.prerequisite_waived",
      entityType: "enrolment",
      entityId: enrolment.id,
      data: { cohortId: cohort.id, learnerId: entry.learnerId, courseIds: missing },
    });
  }
  // "A place was allocated": the learner's notice (and neutral email, delivered after the commit) opens
  // the course outline.
  await notify(tx, entry.learnerId, playerPath(enrolment.id));
  return enrolment;
}

/**
 * An admin allocates a seat to a waitlisted learner in a cohort of the course, in one transaction: the
 * cohort row is locked, a place must be free (active and paused enrolments < capacity), an unused seat
 * is claimed by a conditional update, the enrolment is created and the waitlist entry marked allocated.
 * A learner without a passed prerequisite is refused unless `waiveReason` is given (kept on the
 * enrolment, audited).
 */
export async function allocateSeat(actor: Actor, input: AllocateSeatInput) {
  requirePermission(actor, "allocate:seat:any");
  return prisma.$transaction(async (tx) => {
    const cohort = await lockCohort(tx, input.cohortId);
    if (!cohort) throw new AppError("cohort.unavailable", { field: "cohortId" });
    return allocateLocked(tx, actor, cohort, input.entryId, { waiveReason: input.waiveReason });
  });
}
