import { describe, expect, test } from "vitest";
import { SAMPLES } from "#tests/file-fixtures.ts";
import { checkFile, contentDisposition, sanitizeFilename } from "./files.server.ts";

const rules = { allowedExtensions: [".pdf", ".docx", ".txt", ".py"], maxBytes: 1_000_000, field: "file" };

describe("checkFile: refused before anything is stored", () => {
  test("a file whose bytes match its allowed extension passes, with its detected type and digest", () => {
    const checked = checkFile({ name: "essay.pdf", bytes: SAMPLES.pdf }, rules);
    expect(checked).toMatchObject({ filename: "essay.pdf", contentType: "application/pdf", size: SAMPLES.pdf.length });
    expect(checked.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(checkFile({ name: "Report.DOCX", bytes: SAMPLES.docx }, rules).contentType).toMatch(/wordprocessingml/);
    expect(checkFile({ name: "mean.py", bytes: SAMPLES.text }, rules).contentType).toBe("text/plain; charset=utf-8");
  });

  test("a .pdf that is a PNG is refused on the file field, naming the extension", () => {
    expect(() => checkFile({ name: "essay.pdf", bytes: SAMPLES.png }, rules)).toThrow(
      expect.objectContaining({
        reason: "upload.type_mismatch",
        field: "file",
        params: expect.objectContaining({ extension: ".pdf" }),
      }),
    );
    // A Word document renamed .txt is binary: not text.
    expect(() => checkFile({ name: "notes.txt", bytes: SAMPLES.docx }, rules)).toThrow(
      expect.objectContaining({ reason: "upload.type_mismatch" }),
    );
  });

  test("an extension the assignment does not take, an empty file and a too large one are refused", () => {
    expect(() => checkFile({ name: "photo.png", bytes: SAMPLES.png }, rules)).toThrow(
      expect.objectContaining({ reason: "upload.type_not_allowed", params: { types: ".pdf, .docx, .txt, .py" } }),
    );
    expect(() => checkFile({ name: "no-extension", bytes: SAMPLES.text }, rules)).toThrow(
      expect.objectContaining({ reason: "upload.type_not_allowed" }),
    );
    expect(() => checkFile({ name: "empty.txt", bytes: new Uint8Array() }, rules)).toThrow(
      expect.objectContaining({ reason: "upload.empty" }),
    );
    const big = new Uint8Array(1_000_001).fill(0x61);
    expect(() => checkFile({ name: "big.txt", bytes: big }, rules)).toThrow(
      expect.objectContaining({ reason: "upload.too_large", params: { limit: "1" } }),
    );
  });
});

describe("file names", () => {
  test("sanitised: last path segment, no controls, bidi overrides, quotes or separators; extension kept", () => {
    expect(sanitizeFilename("C:\\Users\\me\\essay.pdf")).toBe("essay.pdf");
    expect(sanitizeFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFilename('my "best"\u0007 essay;.pdf')).toBe("my _best_ essay_.pdf");
    expect(sanitizeFilename("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitizeFilename("...hidden.txt")).toBe("hidden.txt");
    expect(sanitizeFilename(".pdf")).toBe("pdf");
    expect(sanitizeFilename("")).toBe("file");
    expect(sanitizeFilename(`${"a".repeat(300)}.docx`)).toHaveLength(120);
    expect(sanitizeFilename(`${"a".repeat(300)}.docx`).endsWith(".docx")).toBe(true);
    expect(sanitizeFilename("تقرير نهائي.pdf")).toBe("تقرير نهائي.pdf");
  });

  test("Content-Disposition: attachment with an ASCII fallback and the exact name in filename* (RFC 6266)", () => {
    expect(contentDisposition("essay.pdf")).toBe(`attachment; filename="essay.pdf"; filename*=UTF-8''essay.pdf`);
    expect(contentDisposition("tarea señal.pdf")).toBe(
      `attachment; filename="tarea se_al.pdf"; filename*=UTF-8''tarea%20se%C3%B1al.pdf`,
    );
    expect(contentDisposition("it's (1).txt")).toBe(`attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`);
  });
});
