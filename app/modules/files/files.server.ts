// The files module's records (StoredFile) and the checks an upload passes before any byte is stored
// (docs/decisions/022-file-storage-and-uploads.md). Other modules keep only a StoredFile id.
import { createHash } from "node:crypto";
import type { Tx } from "#app/utils/db.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { stripControlCharacters } from "#app/utils/input.ts";
import { detectFileType, extensionOf } from "./detect.ts";
import { getStorage, newStorageKey } from "./storage.server.ts";

/** A file as received, in memory (bounded by the upload limits). */
export type IncomingFile = { name: string; bytes: Uint8Array };

/** A file that passed the checks: its safe name, detected type, size and digest. */
export type CheckedFile = { filename: string; contentType: string; size: number; sha256: string; bytes: Uint8Array };

export type StoredFileInfo = { id: string; filename: string; contentType: string; size: number };

const MAX_NAME = 120;

/**
 * A safe version of an uploaded name: the last path segment, Unicode NFC, no control or bidi-override
 * characters, no quotes, slashes or other characters that are unsafe in file systems, at most 120
 * characters with the extension kept. Never empty ("file" + extension).
 */
export function sanitizeFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // Controls go (tabs and line breaks become spaces below), and so do the bidi marks and overrides that
  // would make "invoice\u202Efdp.exe" look like "invoiceexe.pdf".
  const cleaned = stripControlCharacters(base.normalize("NFC"))
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/["*:<>?|\\/;%]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const extension = extensionOf(cleaned);
  const stem = (extension ? cleaned.slice(0, -extension.length) : cleaned).trim() || "file";
  return [...stem].slice(0, MAX_NAME - extension.length).join("") + extension;
}

/**
 * RFC 6266 `attachment` with an ASCII fallback `filename` (non-ASCII as "_") and the exact name in
 * `filename*` (RFC 8187, UTF-8, percent-encoded).
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The checks of an upload, all before storing anything: not empty, not larger than `maxBytes`, an
 * extension the work accepts, and bytes of a type that extension names (a ".pdf" that is a PNG is
 * refused). Refusals are about `field` (400), so the form shows them.
 */
export function checkFile(file: IncomingFile, rules: { allowedExtensions: readonly string[]; maxBytes: number; field: string }) {
  const filename = sanitizeFilename(file.name);
  const extension = extensionOf(filename);
  const allowed = rules.allowedExtensions.map((e) => e.toLowerCase());
  const list = allowed.join(", ");
  if (file.bytes.length === 0) throw new AppError("upload.empty", { field: rules.field });
  if (file.bytes.length > rules.maxBytes) {
    throw new AppError("upload.too_large", { field: rules.field, params: { limit: megabytes(rules.maxBytes) } });
  }
  if (!extension || !allowed.includes(extension)) {
    throw new AppError("upload.type_not_allowed", { field: rules.field, params: { types: list } });
  }
  const detected = detectFileType(file.bytes);
  if (!detected || !detected.extensions.includes(extension)) {
    throw new AppError("upload.type_mismatch", { field: rules.field, params: { extension, types: list } });
  }
  return {
    filename,
    contentType: detected.contentType,
    size: file.bytes.length,
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
    bytes: file.bytes,
  } satisfies CheckedFile;
}

/** "5", "2.5": a byte count in MB (10^6 bytes, as maxSizeMb is read). */
export function megabytes(bytes: number): string {
  return String(Math.round((bytes / 1_000_000) * 10) / 10);
}

/** Puts a checked file's bytes into the storage under a new random key; returns the key. */
export async function storeObject(file: CheckedFile): Promise<string> {
  const key = newStorageKey();
  await getStorage().put(key, file.bytes, file.contentType);
  return key;
}

/** Removes stored bytes after a refusal or a replacement; a failure is logged, never thrown. */
export async function discardObject(key: string | null | undefined): Promise<void> {
  if (!key) return;
  try {
    await getStorage().delete(key);
  } catch (error) {
    console.error("files: could not delete a stored object", error);
  }
}

/** Inside the caller's transaction: the record of stored bytes; returns its id. */
export async function recordStoredFile(tx: Tx, file: CheckedFile & { key: string; ownerId: string }): Promise<string> {
  const row = await tx.storedFile.create({
    data: {
      key: file.key,
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      ownerId: file.ownerId,
    },
    select: { id: true },
  });
  return row.id;
}

/** Inside the caller's transaction: removes a record and returns its storage key (delete the bytes after commit). */
export async function removeStoredFile(tx: Tx, id: string): Promise<string | null> {
  const row = await tx.storedFile.findUnique({ where: { id }, select: { key: true } });
  if (!row) return null;
  await tx.storedFile.delete({ where: { id }, select: { id: true } });
  return row.key;
}

/** Names, types and sizes of these files by id (one query). */
export async function getStoredFiles(ids: ReadonlyArray<string | null>): Promise<Map<string, StoredFileInfo>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await prisma.storedFile.findMany({
    where: { id: { in: wanted } },
    select: { id: true, filename: true, contentType: true, size: true },
  });
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The download of a stored file, for a caller that has already decided the person may have it: the
 * bytes as a stream and the headers (attachment, detected type, nosniff, never cached). Null when the
 * record or its bytes are gone.
 */
export async function openStoredFile(id: string): Promise<{ body: ReadableStream<Uint8Array>; headers: Headers } | null> {
  const row = await prisma.storedFile.findUnique({
    where: { id },
    select: { key: true, filename: true, contentType: true, size: true },
  });
  if (!row) return null;
  const body = await getStorage().open(row.key);
  if (!body) return null;
  const headers = new Headers({
    "Content-Type": row.contentType,
    "Content-Length": String(row.size),
    "Content-Disposition": contentDisposition(row.filename),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  return { body, headers };
}
