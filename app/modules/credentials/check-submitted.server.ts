// What /verify and the JSON APIs hand to the verification function: text (pasted, uploaded, or a
// request body) read as JSON, or a link to a share or to one of our credentials. Bad input becomes a
// report whose shape check fails with the reason, never an exception; nothing is ever written.
import { takeRateLimit } from "#app/modules/identity/rate-limit.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { CHECKS, type VerificationReport } from "./verification.ts";
import { MAX_CREDENTIAL_BYTES, type VerifyFormInput } from "./verify-schemas.ts";
import { verifyOnline } from "./verify-online.server.ts";

/** A report that stops at the shape check: the input could not be read as a credential at all. */
export function unreadable(
  reason: "input_not_json" | "input_too_large" | "input_empty" | "input_not_object",
): VerificationReport {
  return {
    verified: false,
    checks: CHECKS.map((check) =>
      check === "shape" ? { check, outcome: "fail", reason } : { check, outcome: "skipped", reason: "after_failure" },
    ),
  };
}

/** Verifies credential text: JSON of one credential (an OpenBadgeCredential or a ClrCredential). */
export async function verifyCredentialText(text: string): Promise<VerificationReport> {
  if (Buffer.byteLength(text, "utf8") > MAX_CREDENTIAL_BYTES) return unreadable("input_too_large");
  if (!text.trim()) return unreadable("input_empty");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unreadable("input_not_json");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return unreadable("input_not_object");
  // The VC-API wraps the credential: { "verifiableCredential": … }.
  const wrapped = (parsed as { verifiableCredential?: unknown }).verifiableCredential;
  return verifyOnline(wrapped && typeof wrapped === "object" && !Array.isArray(wrapped) ? wrapped : parsed);
}

/** Verifies one of our stored credentials by its URL (`${APP_ORIGIN}/credentials/<id>`), or null if unknown. */
export async function verifyStoredCredential(url: string): Promise<VerificationReport | null> {
  const prefix = `${getEnv().APP_ORIGIN}/credentials/`;
  const id = url.startsWith(prefix) ? url.slice(prefix.length) : "";
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const row = await prisma.credential.findUnique({ where: { id }, select: { document: true } });
  return row ? verifyOnline(row.document) : null;
}

/** Where a credential's own URL leads: /verify with that URL; a malformed id is a 404. */
export function verificationPathFor(credentialId: string | undefined): string {
  if (!/^[0-9a-f-]{36}$/.test(credentialId ?? "")) throw new AppError("not_found");
  return `/verify?credential=${encodeURIComponent(`${getEnv().APP_ORIGIN}/credentials/${credentialId}`)}`;
}

export type VerifyFormOutcome = { report: VerificationReport } | { redirectTo: string };

/**
 * The /verify form: a link (a share link goes to its share page, which verifies it live; a credential
 * URL of ours is verified from our records), else the uploaded file, else the pasted text. Nothing given
 * is a form error; a link that is neither is a field error.
 */
export async function verifyFromForm(
  input: VerifyFormInput,
  file: { bytes: Uint8Array } | null,
  options: { clientIp: string | null },
): Promise<VerifyFormOutcome> {
  // Anyone may verify, as often as a person or a partner system reasonably would (429 beyond).
  await takeRateLimit("verification", options.clientIp);
  if (input.link) {
    const origin = getEnv().APP_ORIGIN;
    let url: URL | null = null;
    try {
      url = new URL(input.link, origin);
    } catch {
      url = null;
    }
    if (url && url.origin === origin) {
      const share = /^\/s\/([A-Za-z0-9_-]{20,100})$/.exec(url.pathname);
      if (share) return { redirectTo: `/s/${share[1]}` };
      const report = await verifyStoredCredential(`${origin}${url.pathname}`);
      if (report) return { report };
    }
    throw new AppError("request.invalid", { field: "link", key: "verify.link_not_ours" });
  }
  if (file) {
    if (file.bytes.byteLength > MAX_CREDENTIAL_BYTES) return { report: unreadable("input_too_large") };
    return { report: await verifyCredentialText(new TextDecoder("utf-8", { fatal: false }).decode(file.bytes)) };
  }
  if (input.credential) return { report: await verifyCredentialText(input.credential) };
  throw new AppError("request.invalid", { key: "verify.nothing_given" });
}
