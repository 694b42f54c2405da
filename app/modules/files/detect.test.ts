import { describe, expect, test } from "vitest";
import { makeZip, SAMPLES } from "#tests/file-fixtures.ts";
import { detectFileType, extensionOf, isPlainText } from "./detect.ts";

describe("detectFileType: the format by its bytes", () => {
  test.each([
    ["pdf", "application/pdf"],
    ["png", "image/png"],
    ["jpeg", "image/jpeg"],
    ["gif", "image/gif"],
    ["webp", "image/webp"],
    ["docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
    ["odt", "application/vnd.oasis.opendocument.text"],
    ["ods", "application/vnd.oasis.opendocument.spreadsheet"],
    ["text", "text/plain; charset=utf-8"],
  ] as const)("%s", (kind, contentType) => {
    expect(detectFileType(SAMPLES[kind])).toMatchObject({ kind, contentType });
  });

  test("office documents are told apart by their manifest, not by the ZIP signature", () => {
    expect(detectFileType(SAMPLES.zip)).toBeNull();
    // A [Content_Types].xml that names no main document part is no office document.
    const bare = makeZip([{ name: "[Content_Types].xml", content: '<Types><Default ContentType="application/xml"/></Types>' }]);
    expect(detectFileType(bare)).toBeNull();
    // An unknown OpenDocument mimetype is refused too.
    expect(detectFileType(makeZip([{ name: "mimetype", content: "application/x-evil", stored: true }]))).toBeNull();
    // A truncated archive (no central directory) is refused, not misread.
    expect(detectFileType(SAMPLES.docx.subarray(0, 40))).toBeNull();
  });

  test("plain text is valid UTF-8 without NUL; anything else unknown is refused", () => {
    expect(isPlainText(SAMPLES.text)).toBe(true);
    expect(detectFileType(SAMPLES.binary)).toBeNull();
    expect(detectFileType(SAMPLES.nul)).toBeNull();
    expect(detectFileType(new Uint8Array())).toBeNull();
    // An executable's header is not text (NUL bytes) and no accepted format.
    expect(detectFileType(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]))).toBeNull();
    // HTML is accepted only as text, served as text/plain: never rendered.
    expect(detectFileType(new TextEncoder().encode("<script>alert(1)</script>"))?.contentType).toBe("text/plain; charset=utf-8");
  });

  test("a file name's extension, lower case", () => {
    expect(extensionOf("Essay.PDF")).toBe(".pdf");
    expect(extensionOf("archive.tar.gz")).toBe(".gz");
    expect(extensionOf("README")).toBe("");
    expect(extensionOf("trailing.")).toBe("");
  });
});
