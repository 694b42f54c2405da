// What a file really is, from its bytes (magic numbers), never from the name or the browser's claim.
// Pure: no I/O. ZIP-based office documents are told apart by their manifest: Office Open XML by the
// main part's content type in [Content_Types].xml, OpenDocument by its `mimetype` entry.
import { inflateRawSync } from "node:zlib";

export type DetectedType = {
  /** A short name of the format. */
  kind: "pdf" | "png" | "jpeg" | "gif" | "webp" | "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" | "text";
  /** The Content-Type the file is served with. */
  contentType: string;
  /** The file-name extensions (lower case, with the dot) this format may carry. */
  extensions: readonly string[];
};

/** Extensions whose files are plain text: accepted when the bytes are valid UTF-8 without NUL. */
export const TEXT_EXTENSIONS = [
  ".txt",
  ".md",
  ".csv",
  ".tsv",
  ".py",
  ".js",
  ".ts",
  ".java",
  ".c",
  ".h",
  ".cpp",
  ".hpp",
  ".cs",
  ".go",
  ".rs",
  ".rb",
  ".php",
  ".r",
  ".m",
  ".sql",
  ".json",
  ".xml",
  ".html",
  ".css",
  ".tex",
] as const;

const TYPES = {
  pdf: { kind: "pdf", contentType: "application/pdf", extensions: [".pdf"] },
  png: { kind: "png", contentType: "image/png", extensions: [".png"] },
  jpeg: { kind: "jpeg", contentType: "image/jpeg", extensions: [".jpg", ".jpeg"] },
  gif: { kind: "gif", contentType: "image/gif", extensions: [".gif"] },
  webp: { kind: "webp", contentType: "image/webp", extensions: [".webp"] },
  docx: {
    kind: "docx",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: [".docx"],
  },
  xlsx: { kind: "xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: [".xlsx"] },
  pptx: {
    kind: "pptx",
    contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    extensions: [".pptx"],
  },
  odt: { kind: "odt", contentType: "application/vnd.oasis.opendocument.text", extensions: [".odt"] },
  ods: { kind: "ods", contentType: "application/vnd.oasis.opendocument.spreadsheet", extensions: [".ods"] },
  odp: { kind: "odp", contentType: "application/vnd.oasis.opendocument.presentation", extensions: [".odp"] },
  // Always text/plain, whatever the extension (.html included): a submitted file is never rendered.
  text: { kind: "text", contentType: "text/plain; charset=utf-8", extensions: TEXT_EXTENSIONS },
} as const satisfies Record<string, DetectedType>;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The format of `bytes`, or null when it is none the platform accepts. */
export function detectFileType(bytes: Uint8Array): DetectedType | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, ascii("%PDF-"))) return TYPES.pdf;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return TYPES.gif;
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return TYPES.webp;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectZip(bytes);
  return isPlainText(bytes) ? TYPES.text : null;
}

/** Valid UTF-8 (a BOM allowed) with no NUL byte. */
export function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// ---- ZIP: read the central directory (end of the file), then the one entry that names the format.

type ZipEntry = { name: string; method: number; compressedSize: number; localOffset: number };

const MAX_MANIFEST_BYTES = 1_000_000;
const OOXML_MAIN = [
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", TYPES.docx],
  ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", TYPES.xlsx],
  ["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", TYPES.pptx],
] as const;
const ODF_MIMETYPES = new Map<string, DetectedType>([
  ["application/vnd.oasis.opendocument.text", TYPES.odt],
  ["application/vnd.oasis.opendocument.spreadsheet", TYPES.ods],
  ["application/vnd.oasis.opendocument.presentation", TYPES.odp],
]);

function detectZip(bytes: Uint8Array): DetectedType | null {
  const entries = zipEntries(bytes);
  if (!entries) return null;
  const mimetype = entries.find((e) => e.name === "mimetype");
  if (mimetype) {
    const content = entryContent(bytes, mimetype);
    const type = content && ODF_MIMETYPES.get(new TextDecoder().decode(content).trim());
    if (type) return type;
  }
  const manifest = entries.find((e) => e.name === "[Content_Types].xml");
  if (manifest) {
    const content = entryContent(bytes, manifest);
    if (!content) return null;
    const xml = new TextDecoder().decode(content);
    for (const [main, type] of OOXML_MAIN) if (xml.includes(`ContentType="${main}"`)) return type;
  }
  return null;
}

function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65 535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return null;
    entries.push({
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      localOffset: view.getUint32(at + 42, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryContent(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length || entry.compressedSize > MAX_MANIFEST_BYTES) return null;
  const raw = bytes.subarray(start, end);
  if (entry.method === 0) return raw;
  if (entry.method !== 8) return null;
  try {
    return inflateRawSync(raw, { maxOutputLength: MAX_MANIFEST_BYTES });
  } catch {
    return null;
  }
}

/** The extension of a file name, lower case with its dot ("" when it has none). */
export function extensionOf(filename: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(filename.trim());
  return match ? `.${match[1]!.toLowerCase()}` : "";
}
