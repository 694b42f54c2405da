// Reads of the identity module that other modules need. They get people by id and display name only
// (never an email, never a legal name), through these functions, never the User table.
import { prisma } from "#app/utils/db.server.ts";

/** Display names (pseudonyms) by user id; unknown ids are absent from the map. */
export async function getDisplayNames(userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await prisma.user.findMany({
    where: { id: { in: [...new Set(userIds)] } },
    select: { id: true, displayName: true },
  });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** The id of the account with this (lower-cased) email, for staff actions that name a person by email. */
export async function findUserIdByEmail(email: string): Promise<string | null> {
  const row = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  return row?.id ?? null;
}

/**
 * Changes whenever a display name may have changed (any account's profile update bumps User.updatedAt).
 * Part of the catalog version: course pages show their educators' display names.
 */
export async function getDisplayNamesVersion(userIds?: readonly string[]): Promise<string> {
  const row = await prisma.user.aggregate({
    where: userIds ? { id: { in: [...userIds] } } : {},
    _max: { updatedAt: true },
    _count: { _all: true },
  });
  return `${row._max.updatedAt?.getTime() ?? 0}-${row._count._all}`;
}
