// The audit page, readable: who (display name), what (the action's label), about which record (a course
// title, an organisation's name, a person's display name…) and the details as "label: value" lines,
// never raw JSON or raw ids for things that have names. Names come from the modules that own them, one
// batched lookup per kind of record, so the number of queries does not grow with the page size.
import { getCourseLabels } from "#app/modules/courses/published.server.ts";
import { getApplicantNames } from "#app/modules/educators/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import {
  findUserIdByHandle,
  getDisplayNames,
  getInvitationLabels,
  getOrganisationNames,
  getReferralCodeLabels,
} from "#app/modules/identity/queries.server.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { getCohortNames } from "#app/modules/learning/queries.server.ts";
import { AUDIT_ACTIONS, decodeAuditCursor, isAuditAction, listAuditEvents } from "./audit.server.ts";
import { parseAuditQuery } from "./schemas.ts";

/** A value of a detail line, as the page shows it. */
export type AuditValue =
  /** Free text someone typed (a reason, a slug): shown as is, `dir="auto"`. */
  | { text: string }
  /** The name of a record the row refers to (a person, an organisation, a course), `dir="auto"`. */
  | { name: string }
  /** A record the row refers to that no longer exists (the log outlives what it mentions). */
  | { gone: true }
  /** Labels (i18n keys), with the stored value to fall back on. */
  | { labels: Array<{ key: string; raw: string }> }
  | { number: number }
  | { yes: boolean };

export type AuditDetail = { field: string; value: AuditValue };

/** The record an event is about: its kind (label `audit_entity.<type>`), its name, and a staff page if any. */
export type AuditSubject = { type: string; name: string | null; role?: string; href?: string };

type Row = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];

const keyPart = (v: string) => v.replace(/[^A-Za-z0-9_-]/g, "_");
const labels = (prefix: string, values: readonly unknown[]) => ({
  labels: values.filter((v): v is string => typeof v === "string").map((v) => ({ key: `${prefix}${keyPart(v)}`, raw: v })),
});

// How each data key is read. Keys that name a record are looked up; free text stays text; codes become labels.
const LOOKUP_KEYS = {
  userId: "user",
  learnerId: "user",
  orgId: "organisation",
  ngoId: "organisation",
  courseId: "course",
  cohortId: "cohort",
  fromCohortId: "cohort",
  toCohortId: "cohort",
} as const;
const LABEL_KEYS: Record<string, string> = {
  role: "role.",
  kind: "org_kind.",
  decision: "application_status.",
  from: "application_status.",
  subjects: "subject.",
  fields: "audit_value.field_",
  what: "audit_value.what_",
  via: "audit_value.via_",
  method: "audit_value.method_",
  direction: "audit_value.direction_",
  funding: "audit_value.funding_",
};

/** The ids each kind of record is looked up by, gathered from the page's rows. */
function gatherIds(rows: readonly Row[]) {
  const ids = {
    user: new Set<string>(),
    organisation: new Set<string>(),
    course: new Set<string>(),
    referral_code: new Set<string>(),
    invitation: new Set<string>(),
    cohort: new Set<string>(),
    educator_application: new Set<string>(),
  };
  for (const row of rows) {
    if (row.actorId) ids.user.add(row.actorId);
    if (row.entityId && row.entityType in ids) ids[row.entityType as keyof typeof ids].add(row.entityId);
    for (const [key, value] of Object.entries(dataOf(row))) {
      const kind = LOOKUP_KEYS[key as keyof typeof LOOKUP_KEYS];
      if (kind && typeof value === "string") ids[kind].add(value);
    }
  }
  return ids;
}

function dataOf(row: Row): Record<string, unknown> {
  return row.data && typeof row.data === "object" && !Array.isArray(row.data) ? (row.data as Record<string, unknown>) : {};
}

/** Every name the page needs, one query (or two) per kind of record, run side by side. */
async function lookUpNames(rows: readonly Row[]) {
  const ids = gatherIds(rows);
  const [users, organisations, courses, codes, invitations, cohorts, applications] = await Promise.all([
    getDisplayNames([...ids.user]),
    getOrganisationNames([...ids.organisation]),
    getCourseLabels([...ids.course]),
    getReferralCodeLabels([...ids.referral_code]),
    getInvitationLabels([...ids.invitation]),
    getCohortNames([...ids.cohort]),
    getApplicantNames([...ids.educator_application]),
  ]);
  return { users, organisations, courses, codes, invitations, cohorts, applications };
}

type Names = Awaited<ReturnType<typeof lookUpNames>>;

function subjectOf(row: Row, names: Names): AuditSubject {
  const id = row.entityId;
  const type = row.entityType;
  if (!id) return { type, name: null };
  switch (type) {
    case "user":
      return { type, name: names.users.get(id) ?? null, href: `/admin/users/${id}` };
    case "course": {
      const course = names.courses.get(id);
      return { type, name: course ? (course.title ?? course.slug) : null, href: `/admin/courses/${id}` };
    }
    case "organisation":
      return { type, name: names.organisations.get(id) ?? null };
    case "referral_code":
      return { type, name: names.codes.get(id) ?? null };
    case "invitation": {
      const invitation = names.invitations.get(id);
      return { type, name: invitation?.orgName ?? null, ...(invitation ? { role: invitation.role } : {}) };
    }
    case "cohort":
      return { type, name: names.cohorts.get(id) ?? null };
    case "educator_application":
      return { type, name: names.applications.get(id) ?? null };
    default:
      // A kind of record this page does not know yet: its kind is shown, never its id.
      return { type, name: null };
  }
}

function valueOf(key: string, value: unknown, names: Names): AuditValue | null {
  if (value === null || value === undefined || value === "") return null;
  const lookup = LOOKUP_KEYS[key as keyof typeof LOOKUP_KEYS];
  if (lookup && typeof value === "string") {
    const name =
      lookup === "user"
        ? names.users.get(value)
        : lookup === "organisation"
          ? names.organisations.get(value)
          : lookup === "cohort"
            ? names.cohorts.get(value)
            : (() => {
                const course = names.courses.get(value);
                return course ? (course.title ?? course.slug) : undefined;
              })();
    return name === undefined ? { gone: true } : { name };
  }
  if (key === "subject" && typeof value === "string") {
    // A failed sign-in: whether the name typed belongs to an account (a keyed hash otherwise, never the name).
    return labels("audit_value.subject_", [value.startsWith("unknown") ? "unknown" : "known"]);
  }
  const prefix = LABEL_KEYS[key];
  if (prefix) return labels(prefix, Array.isArray(value) ? value : [value]);
  if (typeof value === "number") return { number: value };
  if (typeof value === "boolean") return { yes: value };
  if (Array.isArray(value)) return { text: value.map(String).join(", ") };
  return { text: String(value) };
}

function detailsOf(row: Row, names: Names): AuditDetail[] {
  return Object.entries(dataOf(row)).flatMap(([field, raw]) => {
    const value = valueOf(field, raw, names);
    return value ? [{ field, value }] : [];
  });
}

/** A filter's day (YYYY-MM-DD, UTC) as the instant it starts. */
const dayStart = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * 86_400_000);

/**
 * The admin audit page from its query string: filters (action, actor by username or email or by id
 * from a "their actions" link, date range in UTC days, inclusive), one page of events with readable
 * actors, subjects and details, and the query strings of the older and newer pages. An actor that
 * matches no account gives an empty page that says so.
 */
export async function getAuditLogPage(actor: Actor, params: URLSearchParams) {
  requirePermission(actor, "read:audit-log:any");
  const query = parseAuditQuery(params);
  // What was typed wins over a link's id: the form shows what it filters by.
  const actorId = query.actor ? await findUserIdByHandle(query.actor) : (query.actorId ?? null);
  const actorUnknown = Boolean(query.actor || query.actorId) && !actorId;
  const action = isAuditAction(query.action) ? query.action : undefined;
  const filter = {
    action,
    actorId,
    from: query.from ? dayStart(query.from) : null,
    until: query.to ? dayStart(query.to, 1) : null,
  };
  const page = actorUnknown
    ? { events: [], older: null, newer: null }
    : await listAuditEvents(actor, {
        ...filter,
        before: decodeAuditCursor(query.before),
        after: decodeAuditCursor(query.after),
      });
  const names = await lookUpNames(page.events);
  const actorName = actorId ? ((await getDisplayNames([actorId])).get(actorId) ?? null) : null;

  // The links keep every filter and change only the cursor.
  const kept = new URLSearchParams();
  if (action) kept.set("action", action);
  if (query.actor) kept.set("actor", query.actor);
  else if (actorId) kept.set("actorId", actorId);
  if (query.from) kept.set("from", query.from);
  if (query.to) kept.set("to", query.to);
  const link = (name: "before" | "after", cursor: string | null) => {
    if (!cursor) return null;
    const next = new URLSearchParams(kept);
    next.set(name, cursor);
    return `?${next.toString()}`;
  };

  return {
    actions: AUDIT_ACTIONS,
    filters: {
      action: action ?? "",
      actor: query.actor ?? "",
      /** Set when the page shows one person's actions through a link (no name typed). */
      actorId: query.actor ? null : actorId,
      actorName,
      from: query.from ?? "",
      to: query.to ?? "",
    },
    actorUnknown,
    events: page.events.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      action: row.action,
      actor: row.actorId ? { id: row.actorId, name: names.users.get(row.actorId) ?? null } : null,
      subject: subjectOf(row, names),
      details: detailsOf(row, names),
    })),
    olderHref: link("before", page.older),
    newerHref: link("after", page.newer),
  };
}
