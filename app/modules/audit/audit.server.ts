// The append-only audit log. Every sensitive state change writes its row inside the same transaction
// (docs/architecture.md), so a change and its audit row commit or roll back together.
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import type { Tx } from "#app/utils/db.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { CURSOR_PATTERN } from "./schemas.ts";

export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.password_changed",
  "auth.password_reset",
  "auth.password_reset_requested",
  "auth.recovery_failed",
  "password_reset.issued",
  "recovery_codes.regenerated",
  "user.signed_up",
  "user.settings_changed",
  "user.legal_name_changed",
  "user.email_change_requested",
  "user.email_confirmed",
  "user.email_removed",
  "recovery_codes.issued",
  "role.granted",
  "role.revoked",
  "referral_code.created",
  "referral_code.redeemed",
  "referral_code.revoked",
  "referral_code.reinstated",
  "organisation.created",
  "invitation.created",
  "invitation.accepted",
  "invitation.resent",
  "invitation.revoked",
  "membership.removed",
  "educator_application.submitted",
  "educator_application.decided",
  "educator.suspended",
  "educator.reinstated",
  "course.created",
  "course.edited",
  "course.coauthor_added",
  "course.submitted",
  "course.withdrawn",
  "course.returned",
  "course.published",
  "course.archived",
  "course.imported",
  "cohort.created",
  "cohort.educator_assigned",
  "volunteer_hours.recorded",
  "waitlist.requested",
  "waitlist.withdrawn",
  "seat.created",
  "seat.allocated",
  "seat.rolled_over",
  "enrolment.prerequisite_waived",
  "enrolment.completed",
  "credential.issued",
  "credential.revoked",
  "credential.reissued",
  "issuer_key.rotated",
  "issuer_key.compromised",
  "share_link.created",
  "share_link.revoked",
  "transcript.exported",
  "enrolment.paused",
  "enrolment.resumed",
  "accommodation.granted",
  "lesson.completed",
  "module.downloaded",
  "gradebook.exported",
  "assignment.submitted",
  "submission.graded",
  "quiz.attempted",
  "seat_price.set",
  "order.created",
  "order.checkout_opened",
  "order.processing",
  "order.paid",
  "order.failed",
  "order.refunded",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

// Audit rows must never carry secrets or identifying data beyond ids (docs/architecture.md "data minimisation").
const FORBIDDEN_KEYS = /password|legal|token|code$|secret|email/i;

export type AuditEntry = {
  actorId: string | null;
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, string | number | boolean | null | string[]>;
};

export async function recordAudit(tx: Tx, entry: AuditEntry) {
  for (const k of Object.keys(entry.data ?? {})) {
    if (FORBIDDEN_KEYS.test(k)) throw new Error(`Audit data may not contain "${k}"`);
  }
  await tx.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      data: entry.data ?? {},
    },
    select: { id: true },
  });
}

export const AUDIT_PAGE_SIZE = 50;

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** Where a page of the log starts: the creation time and id of the row next to it (ties broken by id). */
export type AuditCursor = { at: Date; id: string };

export function encodeAuditCursor(row: { createdAt: Date; id: string }): string {
  return `${row.createdAt.toISOString()}~${row.id}`;
}

export function decodeAuditCursor(raw: string | null | undefined): AuditCursor | null {
  const m = raw ? CURSOR_PATTERN.exec(raw) : null;
  if (!m) return null;
  const at = new Date(m[1]!);
  // The pattern accepts "2026-13-45T99:…"; only a real instant, written as it would be, is a cursor.
  return !Number.isNaN(at.getTime()) && at.toISOString() === m[1] ? { at, id: m[2]! } : null;
}

export type AuditFilter = {
  action?: string | null;
  actorId?: string | null;
  /** From this instant (inclusive) … */
  from?: Date | null;
  /** … until this one (exclusive). */
  until?: Date | null;
};

const EVENT_SELECT = {
  id: true,
  actorId: true,
  action: true,
  entityType: true,
  entityId: true,
  data: true,
  createdAt: true,
} as const;

/**
 * One page of the log for the admin audit page, newest first, AUDIT_PAGE_SIZE rows, with keyset paging:
 * `before` gives the rows older than a cursor, `after` the rows newer than it (fewer than a page newer
 * means the newest page). Filters: an action (one that is not an audit action is ignored), an actor, a
 * time range. At most three queries whatever the page size (served by @@index([createdAt]) and
 * @@index([action, createdAt])). Returns the cursors of the older and newer pages, or null at either end.
 */
export async function listAuditEvents(
  actor: Actor,
  options: AuditFilter & { before?: AuditCursor | null; after?: AuditCursor | null } = {},
) {
  requirePermission(actor, "read:audit-log:any");
  const action = isAuditAction(options.action) ? options.action : undefined;
  const range =
    options.from || options.until
      ? { createdAt: { ...(options.from ? { gte: options.from } : {}), ...(options.until ? { lt: options.until } : {}) } }
      : {};
  const filter = { ...(action ? { action } : {}), ...(options.actorId ? { actorId: options.actorId } : {}), ...range };
  const olderThan = (c: AuditCursor) => ({
    AND: [filter, { OR: [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }] }],
  });
  const newerThan = (c: AuditCursor) => ({
    AND: [filter, { OR: [{ createdAt: { gt: c.at } }, { createdAt: c.at, id: { gt: c.id } }] }],
  });
  const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const oldestFirst = [{ createdAt: "asc" as const }, { id: "asc" as const }];
  const take = AUDIT_PAGE_SIZE + 1;

  if (options.after) {
    const newer = await prisma.auditEvent.findMany({
      where: newerThan(options.after),
      orderBy: oldestFirst,
      take,
      select: EVENT_SELECT,
    });
    if (newer.length === take) {
      const events = newer.slice(0, AUDIT_PAGE_SIZE).reverse();
      const hasOlder = await prisma.auditEvent.findFirst({
        where: olderThan({ at: newer[0]!.createdAt, id: newer[0]!.id }),
        select: { id: true },
      });
      return { action, events, older: hasOlder ? encodeAuditCursor(events.at(-1)!) : null, newer: encodeAuditCursor(events[0]!) };
    }
    // Less than a page is newer: that is the newest page.
  }
  const before = options.after ? null : (options.before ?? null);
  const rows = await prisma.auditEvent.findMany({
    where: before ? olderThan(before) : filter,
    orderBy: newestFirst,
    take,
    select: EVENT_SELECT,
  });
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  const older = rows.length === take ? encodeAuditCursor(events.at(-1)!) : null;
  let newer: string | null = null;
  if (before) {
    const edge = events[0] ? { at: events[0].createdAt, id: events[0].id } : before;
    const hasNewer = await prisma.auditEvent.findFirst({ where: newerThan(edge), select: { id: true } });
    if (hasNewer) newer = events[0] ? encodeAuditCursor(events[0]) : encodeAuditCursor({ createdAt: before.at, id: before.id });
  }
  return { action, events, older, newer };
}
