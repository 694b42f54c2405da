// Reading a form with one file upload (docs/decisions/022-file-storage-and-uploads.md). The body is
// parsed as a stream with hard limits: a Content-Length above the limit is refused before a byte is
// read (413), and a body that lies about its length is cut off at the limit (also 413). Nothing is
// stored here: the caller checks the file (checkFile) and only then stores it.
import {
  FormDataParseError,
  MaxFileSizeExceededError,
  MaxFilesExceededError,
  MaxHeaderSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  parseFormData,
  type FileUpload,
} from "@remix-run/form-data-parser";
import type { z } from "zod";
import { parseSubmission, type FormSubmission } from "#app/utils/forms.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { megabytes, type IncomingFile } from "./files.server.ts";

/** The largest file any form accepts (assignments allow at most 100 MB). */
export const MAX_UPLOAD_BYTES = 100_000_000;
/** What a form with a file may carry besides the file: its text fields and the multipart headers. */
export const FORM_OVERHEAD_BYTES = 1_000_000;

/** The body limit of a request to a page with an upload (server/index.ts lets such requests through). */
export function uploadBodyLimit(maxFileBytes: number): number {
  return Math.min(maxFileBytes, MAX_UPLOAD_BYTES) + FORM_OVERHEAD_BYTES;
}

function tooLarge(limit: number, cause?: unknown) {
  return new AppError("upload.too_large", { params: { limit: megabytes(limit) }, cause });
}

/**
 * Parses a multipart (or url-encoded) form with at most one file, in `fileField`, of at most
 * `maxFileBytes`: the text fields become a submission of `schema` (control characters refused as in
 * readSubmission), the file stays in memory (bounded) for the caller to check. An empty file input (no
 * file chosen) is no file.
 */
export async function readUploadSubmission<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { maxFileBytes: number; fileField?: string },
): Promise<{ submission: FormSubmission<z.output<S>>; file: IncomingFile | null }> {
  const fileField = options.fileField ?? "file";
  const limit = Math.min(options.maxFileBytes, MAX_UPLOAD_BYTES);
  const total = limit + FORM_OVERHEAD_BYTES;
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d{1,15}$/.test(declared.trim()) || Number(declared) > total)) {
    // Not cancelled here: cancelling the body closes the connection before the 413 page is sent. After
    // the answer Node discards what the client still sends, which server/index.ts bounds (101 MB).
    throw tooLarge(limit);
  }
  let file: IncomingFile | null = null;
  let formData: FormData;
  try {
    formData = await parseFormData(
      request,
      { maxFiles: 1, maxFileSize: limit, maxTotalSize: total, maxParts: 50, maxHeaderSize: 8 * 1024 },
      async (upload: FileUpload) => {
        if (upload.fieldName !== fileField) return null;
        // No file chosen: browsers send the part with an empty name and no bytes (the parser names it "file-upload").
        if (upload.size === 0 && (!upload.name || upload.name === "file-upload")) return null;
        file = { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) };
        return null;
      },
    );
  } catch (error) {
    if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError) throw tooLarge(limit, error);
    if (
      error instanceof MaxFilesExceededError ||
      error instanceof MaxPartsExceededError ||
      error instanceof MaxHeaderSizeExceededError ||
      error instanceof FormDataParseError
    ) {
      throw new AppError("request.invalid", { cause: error });
    }
    throw error;
  }
  return { submission: parseSubmission(formData, schema), file };
}
