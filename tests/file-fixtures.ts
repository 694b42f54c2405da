// Real-looking files for the upload tests: the magic bytes of each accepted format and small ZIP
// archives (Office Open XML, OpenDocument) built here with node:zlib, CRCs included.
import { deflateRawSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP archive of these entries, in order; `stored` entries are not compressed (as ODF's mimetype). */
export function makeZip(entries: Array<{ name: string; content: string | Uint8Array; stored?: boolean }>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.content === "string" ? Buffer.from(entry.content) : Buffer.from(entry.content);
    const packed = entry.stored ? data : deflateRawSync(data);
    const name = Buffer.from(entry.name);
    const method = entry.stored ? 0 : 8;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const ooxml = (main: string, part: string) =>
  makeZip([
    {
      name: "[Content_Types].xml",
      content: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.${main}.main+xml"/></Types>`,
    },
    { name: part, content: "<document/>" },
  ]);

const odf = (kind: string) =>
  makeZip([
    { name: "mimetype", content: `application/vnd.oasis.opendocument.${kind}`, stored: true },
    { name: "content.xml", content: "<office:document-content/>" },
  ]);

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)))));

export const SAMPLES = {
  pdf: bytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF", [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
  gif: bytes("GIF89a", [1, 0, 1, 0, 0, 0, 0, 0x3b]),
  webp: bytes("RIFF", [26, 0, 0, 0], "WEBPVP8 ", [14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  docx: ooxml("wordprocessingml.document", "word/document.xml"),
  xlsx: ooxml("spreadsheetml.sheet", "xl/workbook.xml"),
  pptx: ooxml("presentationml.presentation", "ppt/presentation.xml"),
  odt: odf("text"),
  ods: odf("spreadsheet"),
  text: new Uint8Array(Buffer.from("def mean(xs):\n    return sum(xs) / len(xs)  # ñ, ع, 数\n")),
  /** A ZIP that is no office document. */
  zip: makeZip([{ name: "notes.txt", content: "hello" }]),
  /** Not UTF-8 (a lone continuation byte). */
  binary: bytes([0x61, 0x80, 0x62, 0x63]),
  /** UTF-8, but with a NUL byte. */
  nul: bytes("abc", [0], "def"),
} as const;

/** A multipart/form-data request to `path` (fields and one file), as a browser sends it. */
export function multipartRequest(
  url: string,
  options: {
    cookie?: string;
    fields?: Record<string, string>;
    file?: { field?: string; name: string; bytes: Uint8Array; type?: string } | null;
    headers?: Record<string, string>;
  },
): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(options.fields ?? {})) form.append(k, v);
  if (options.file) {
    form.append(
      options.file.field ?? "file",
      new File([new Uint8Array(options.file.bytes)], options.file.name, {
        type: options.file.type ?? "application/octet-stream",
      }),
    );
  }
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  headers.set("Origin", new URL(url).origin);
  return new Request(url, { method: "POST", headers, body: form });
}
