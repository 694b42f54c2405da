// The append-only audit log. Every sensitive state change writes its row inside the same transaction
// (docs/architecture.md), so a change and its audit row commit or roll back together.
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import type { Tx } from "#app/utils/db.server.ts";
import { prisma } from "#app/utils/db.server.ts";

export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.password_changed",
  "user.signed_up",
  "user.settings_changed",
  "user.legal_name_changed",
  "role.granted",
  "role.revoked",
  "referral_code.created",
  "referral_code.redeemed",
  "referral_code.revoked",
  "organisation.created",
  "invitation.created",
  "invitation.accepted",
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

/**
 * One page of the log, newest first, for the admin audit page (served by @@index([createdAt]) and
 * @@index([action, createdAt])). An action filter that is not an audit action is ignored.
 */
export async function listAuditEvents(actor: Actor, options: { action?: string | null; before?: Date } = {}) {
  requirePermission(actor, "read:audit-log:any");
  const action = isAuditAction(options.action) ? options.action : undefined;
  const events = await prisma.auditEvent.findMany({
    where: {
      ...(action ? { action } : {}),
      ...(options.before ? { createdAt: { lt: options.before } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: AUDIT_PAGE_SIZE,
    select: { id: true, actorId: true, action: true, entityType: true, entityId: true, data: true, createdAt: true },
  });
  return { action, events };
}
