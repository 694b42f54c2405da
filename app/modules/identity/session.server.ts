// DB-backed sessions (docs/architecture.md "scale-out": app servers keep no state). A new session id at every
// login; 30 min idle and 12 h absolute timeouts; all sessions of a user end at password change.
import { redirect } from "react-router";
import type { Role } from "#app/generated/prisma/enums.ts";
import { prisma, readRows, sql, type Tx } from "#app/utils/db.server.ts";
import { oncePerRequest } from "#app/utils/request-scope.server.ts";
import { safeRedirectPath } from "./redirects.ts";
import { listCohortIdsTaughtBy } from "#app/modules/learning/queries.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { getSessionCookie, readSessionCookie } from "./cookies.server.ts";
import { randomToken, sha256 } from "./crypto.server.ts";
import { can, type Actor, type PermissionRequest, type ResourceRef } from "./permissions.ts";

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
// lastSeenAt is written at most once a minute, not on every request.
const TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionUser = Actor & {
  displayName: string;
  locale: string | null;
  lowData: boolean;
  sessionId: string;
  /** Unread in-app notices (the menu's "Notices (n)"), read with the session. */
  unreadNotices: number;
};

const userSelect = {
  id: true,
  displayName: true,
  locale: true,
  lowData: true,
  status: true,
  roles: { select: { role: true } },
  memberships: { select: { orgId: true } },
} as const;

function readToken(request: Request): string | null {
  // A forged or malformed cookie reads as null: no session.
  const value = readSessionCookie(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 && value.length <= 128 ? value : null;
}

const cache = new WeakMap<Request, Promise<SessionUser | null>>();

/**
 * The logged-in user of this request, or null. Memoised per request: per Request object, and for a GET or
 * HEAD across the loaders of one HTTP request (app/utils/request-scope.server.ts), which React Router
 * calls with separate Request objects; so a page costs one session lookup.
 */
export function getOptionalUser(request: Request): Promise<SessionUser | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = oncePerRequest(request, `session-user:${request.headers.get("Cookie") ?? ""}`, () => loadUser(request));
    cache.set(request, pending);
  }
  return pending;
}

/** The actor a user id stands for (roles, organisations, cohorts), as a session would build it. */
export async function actorFor(userId: string): Promise<Actor> {
  const u = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: userSelect });
  const roles = u.roles.map((r) => r.role);
  return {
    id: u.id,
    roles,
    orgIds: u.memberships.map((m) => m.orgId),
    cohortIds: roles.includes("educator") ? await listCohortIdsTaughtBy(u.id) : [],
  };
}

type SessionRow = {
  id: string;
  expiresAt: Date;
  lastSeenAt: Date;
  unreadNotices: number;
  user: {
    id: string;
    displayName: string;
    locale: string | null;
    lowData: boolean;
    status: string;
    roles: Array<{ role: Role }>;
    memberships: Array<{ orgId: string }>;
  };
};

/**
 * The session and its user with roles and organisations in ONE query (every signed-in page starts here;
 * Prisma's nested select would take four round trips), read straight from the pool (readRows).
 */
async function findSession(id: string): Promise<SessionRow | null> {
  const rows = await readRows<{
    id: string;
    expiresAt: Date;
    lastSeenAt: Date;
    userId: string;
    displayName: string;
    locale: string | null;
    lowData: boolean;
    status: string;
    roles: Role[] | null;
    orgIds: string[] | null;
    unreadNotices: number;
  }>(sql`
    SELECT s.id, s."expiresAt", s."lastSeenAt", u.id AS "userId", u."displayName", u.locale, u."lowData",
      u.status::text AS status,
      (SELECT array_agg(r.role::text ORDER BY r.role) FROM "UserRole" r WHERE r."userId" = u.id) AS roles,
      (SELECT array_agg(m."orgId" ORDER BY m."orgId") FROM "Membership" m WHERE m."userId" = u.id) AS "orgIds",
      -- the one read of another part's table here (app/utils/mailer.server.ts owns the notices): every
      -- signed-in page shows the count, and a separate query would double this page's round trips
      (SELECT count(*)::int FROM "InAppNotice" n WHERE n."userId" = u.id AND n."readAt" IS NULL) AS "unreadNotices"
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${id}`);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    unreadNotices: row.unreadNotices,
    user: {
      id: row.userId,
      displayName: row.displayName,
      locale: row.locale,
      lowData: row.lowData,
      status: row.status,
      roles: (row.roles ?? []).map((role) => ({ role })),
      memberships: (row.orgIds ?? []).map((orgId) => ({ orgId })),
    },
  };
}

async function loadUser(request: Request): Promise<SessionUser | null> {
  const token = readToken(request);
  if (!token) return null;
  const id = sha256(token);
  const session = await findSession(id);
  if (!session) return null;
  const now = Date.now();
  if (
    session.expiresAt.getTime() <= now ||
    session.lastSeenAt.getTime() + IDLE_TIMEOUT_MS <= now ||
    session.user.status !== "active"
  ) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(now) }, select: { id: true } });
  }
  const u = session.user;
  const roles = u.roles.map((r) => r.role);
  return {
    id: u.id,
    displayName: u.displayName,
    locale: u.locale,
    lowData: u.lowData,
    roles,
    orgIds: u.memberships.map((m) => m.orgId),
    // The `cohort` scope of an educator's permissions: the cohorts they teach (one query, educators only).
    cohortIds: roles.includes("educator") ? await listCohortIdsTaughtBy(u.id) : [],
    sessionId: session.id,
    unreadNotices: session.unreadNotices,
  };
}

function safeRedirectTo(request: Request) {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

/** A protected loader or action starts here (docs/architecture.md). Anonymous visitors go to /login. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const to = safeRedirectTo(request);
    throw redirect(`/login?redirectTo=${encodeURIComponent(to)}`);
  }
  return user;
}

export async function requireAnonymous(request: Request) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homeFor(user.roles));
}

/**
 * The one permission check, used by routes and by operations alike. Refuses with `permission.denied`
 * (403), or `not_found` (404) with `hide`, where the existence of the resource is itself sensitive.
 */
export function requirePermission(
  user: Actor,
  permission: PermissionRequest,
  resource?: ResourceRef,
  options: { hide?: boolean } = {},
): void {
  if (!can(user, permission, resource)) throw new AppError(options.hide ? "not_found" : "permission.denied");
}

/** Where each role lands after login. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes("admin")) return "/admin";
  if (roles.includes("learner")) return "/learn";
  if (roles.includes("educator")) return "/teach";
  if (roles.includes("sponsor")) return "/sponsor";
  if (roles.includes("verifier")) return "/partner";
  return "/settings";
}

/** Creates a session (always a fresh id) inside the caller's transaction; returns the Set-Cookie value. */
export async function createSession(tx: Tx, userId: string): Promise<string> {
  const token = randomToken(32);
  const now = Date.now();
  await tx.session.create({
    data: { id: sha256(token), userId, expiresAt: new Date(now + ABSOLUTE_TIMEOUT_MS), lastSeenAt: new Date(now) },
    select: { id: true },
  });
  return getSessionCookie().serialize(token);
}

export async function destroySessionCookie(): Promise<string> {
  return getSessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Validates a `redirectTo` so that it only ever points inside this site (redirects.ts). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  return safeRedirectPath(to) ?? fallback;
}
