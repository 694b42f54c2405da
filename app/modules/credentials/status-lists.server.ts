// Revocation lists (W3C Bitstring Status List, ADR 026): where new credentials get their index, and the
// signed list credential served at /credentials/status/:id.
import { randomInt } from "node:crypto";
import { getEnv } from "#app/utils/env.server.ts";
import { prisma, readRows, sql, type Tx } from "#app/utils/db.server.ts";
import { getSigningKey, issuerDid } from "./issuer.server.ts";
import { buildStatusListCredential } from "./vc/open-badge.ts";
import { signCredential } from "./vc/sign.server.ts";
import { encodeStatusList, STATUS_LIST_MIN_SIZE } from "./vc/status-list.server.ts";

/** Entries per list: the spec's minimum (131,072), so a list reveals nothing by its size. */
export const STATUS_LIST_SIZE = STATUS_LIST_MIN_SIZE;

/**
 * A list is filled to at most this share before a new one is opened, so that a random free index is
 * found in a few tries and an index says little about when it was given.
 */
const MAX_FILL = 0.5;

export function statusListUrl(listId: string): string {
  return `${getEnv().APP_ORIGIN}/credentials/status/${listId}`;
}

/**
 * A free index, chosen at random, in the open list (opening one if none has room). The index is
 * held by the Credential row the caller inserts in the same transaction: @@unique([statusListId,
 * statusIndex]) makes sure no two credentials ever share one, and credential rows are never deleted, so an
 * index is never given twice.
 */
export async function allocateStatusIndex(tx: Tx): Promise<{ statusListId: string; statusIndex: number }> {
  const lists = await tx.statusList.findMany({ orderBy: { createdAt: "desc" }, take: 1, select: { id: true, size: true } });
  let list = lists[0];
  if (list) {
    const used = await tx.credential.count({ where: { statusListId: list.id } });
    if (used >= list.size * MAX_FILL) list = undefined;
  }
  list ??= await tx.statusList.create({ data: { size: STATUS_LIST_SIZE }, select: { id: true, size: true } });
  for (let attempt = 0; attempt < 64; attempt++) {
    const statusIndex = randomInt(list.size);
    const taken = await tx.credential.findUnique({
      where: { statusListId_statusIndex: { statusListId: list.id, statusIndex } },
      select: { id: true },
    });
    if (!taken) return { statusListId: list.id, statusIndex };
  }
  throw new Error("No free status index found in 64 tries");
}

/** Internal: mark a list changed (a revocation), in the revoking transaction. */
export async function bumpStatusList(tx: Tx, listId: string): Promise<void> {
  await tx.statusList.update({ where: { id: listId }, data: { version: { increment: 1 } }, select: { id: true } });
}

type SignedList = { version: number; document: Record<string, unknown>; etag: string };
const signedLists = new Map<string, SignedList>();

/**
 * The signed status list credential, or null for an unknown id. Signed again only when the list's
 * version (bumped by every revocation, in its transaction) differs from the one this process signed,
 * so a revocation shows at once in every process, and a steady list costs one indexed read.
 */
export async function getStatusListCredential(listId: string): Promise<SignedList | null> {
  const [list] = await readRows<{ id: string; size: number; version: number }>(
    sql`SELECT id, size, version FROM "StatusList" WHERE id = ${listId}`,
  );
  if (!list) return null;
  const held = signedLists.get(list.id);
  if (held && held.version === list.version) return held;
  const revoked = await prisma.credential.findMany({
    where: { statusListId: list.id, revokedAt: { not: null } },
    select: { statusIndex: true },
  });
  const encodedList = await encodeStatusList(
    list.size,
    revoked.map((r) => r.statusIndex),
  );
  const unsigned = buildStatusListCredential({
    id: statusListUrl(list.id),
    issuerDid: issuerDid(),
    validFrom: new Date(),
    encodedList,
  });
  const document = (await signCredential(unsigned, await getSigningKey())) as Record<string, unknown>;
  const signed = { version: list.version, document, etag: `W/"${list.id}.${list.version}"` };
  signedLists.set(list.id, signed);
  if (signedLists.size > 100) signedLists.delete(signedLists.keys().next().value!);
  return signed;
}

/** Tests: forget the signed lists (a rotated key, a reset database). */
export function forgetSignedStatusLists() {
  signedLists.clear();
}
