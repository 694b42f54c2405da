// readUploadSubmission: the body limits of a form with a file, before and while reading.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { multipartRequest, SAMPLES } from "#tests/file-fixtures.ts";
import { FORM_OVERHEAD_BYTES, MAX_UPLOAD_BYTES, readUploadSubmission } from "./upload.server.ts";

const Schema = z.object({ text: z.string().optional() });
const URL_ = "http://localhost:3000/upload";

describe("readUploadSubmission", () => {
  test("text fields become the submission; the file stays in memory for the caller's checks", async () => {
    const request = multipartRequest(URL_, { fields: { text: "my answer" }, file: { name: "essay.pdf", bytes: SAMPLES.pdf } });
    const { submission, file } = await readUploadSubmission(request, Schema, { maxFileBytes: 1_000_000 });
    expect(submission).toMatchObject({ status: "success", value: { text: "my answer" } });
    expect(file?.name).toBe("essay.pdf");
    expect(Buffer.from(file!.bytes).equals(Buffer.from(SAMPLES.pdf))).toBe(true);
  });

  test("an empty file input (nothing chosen) is no file; a file in another field is ignored", async () => {
    const empty = multipartRequest(URL_, { fields: { text: "x" }, file: { name: "", bytes: new Uint8Array() } });
    expect((await readUploadSubmission(empty, Schema, { maxFileBytes: 1000 })).file).toBeNull();
    const other = multipartRequest(URL_, { file: { field: "avatar", name: "a.png", bytes: SAMPLES.png } });
    expect((await readUploadSubmission(other, Schema, { maxFileBytes: 1000 })).file).toBeNull();
  });

  test("a declared Content-Length above the limit is refused with 413 before the body is read", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const request = new Request(URL_, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(2 * 1024 ** 3) },
      body,
      duplex: "half",
    } as RequestInit);
    await expect(readUploadSubmission(request, Schema, { maxFileBytes: 5_000_000 })).rejects.toMatchObject({
      reason: "upload.too_large",
      status: 413,
      params: { limit: "5" },
    });
    expect(pulled).toBeLessThanOrEqual(1); // the stream's first pull at most (its start), never read through
  });

  test("a body that lies about its length is cut off at the limit (413), however long it goes on", async () => {
    const boundary = "----waystone";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        sent += 64 * 1024;
        if (sent > 50_000_000) return controller.close(); // would be a bug: the parser never stopped
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const request = new Request(URL_, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": "1000" },
      body,
      duplex: "half",
    } as RequestInit);
    await expect(readUploadSubmission(request, Schema, { maxFileBytes: 1_000_000 })).rejects.toMatchObject({
      reason: "upload.too_large",
    });
    expect(sent).toBeLessThan(3_000_000);
  });

  test("the global cap holds whatever an assignment asks; two files are refused", async () => {
    const request = new Request(URL_, {
      method: "POST",
      headers: {
        "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": String(MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES + 1),
      },
      body: "--x--",
    });
    await expect(readUploadSubmission(request, Schema, { maxFileBytes: 500_000_000 })).rejects.toMatchObject({
      reason: "upload.too_large",
      params: { limit: "100" },
    });
    const form = new FormData();
    form.append("file", new File([SAMPLES.pdf], "a.pdf"));
    form.append("file", new File([SAMPLES.pdf], "b.pdf"));
    await expect(
      readUploadSubmission(new Request(URL_, { method: "POST", body: form }), Schema, { maxFileBytes: 1000 }),
    ).rejects.toMatchObject({ reason: "request.invalid" });
  });

  test("control characters in a text field are refused on that field, as in every form", async () => {
    const request = multipartRequest(URL_, { fields: { text: "bad\u0007" } });
    const { submission } = await readUploadSubmission(request, Schema, { maxFileBytes: 1000 });
    expect(submission.status).toBe("error");
    expect(submission.reply().error).toMatchObject({ text: ["reason.request.control_characters"] });
  });
});
