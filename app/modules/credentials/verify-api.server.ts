// The JSON answers of the verification APIs (ADR 026): /api/verify (our report, with each reason in plain
// language) and /credentials/verify (the W3C VC-API shape, for standard test suites and partner systems).
// They read no session and change nothing; any origin may call them.
import { takeRateLimit } from "#app/modules/identity/rate-limit.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { DEFAULT_LOCALE, negotiateLocale } from "#app/utils/i18n.ts";
import { serverT } from "#app/utils/i18n.server.ts";
import { unreadable, verifyCredentialText } from "./check-submitted.server.ts";
import type { VerificationReport } from "./verification.ts";
import { MAX_CREDENTIAL_BYTES } from "./verify-schemas.ts";

export const API_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "Access-Control-Allow-Origin": "*",
} as const;

/** A client over its limit: 429 in JSON, for both APIs. */
async function overLimit(request: Request, clientIp: string | null): Promise<Response | null> {
  try {
    await takeRateLimit("verification", clientIp);
    return null;
  } catch (error) {
    if (!(isAppError(error) && error.reason === "request.too_many")) throw error;
    const t = serverT(negotiateLocale(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE);
    const message = t("reason.request.too_many");
    return new Response(JSON.stringify({ verified: false, checks: [], errors: [{ reason: "too_many", message }] }), {
      status: 429,
      headers: { ...API_HEADERS, "Retry-After": "60" },
    });
  }
}

async function readBody(request: Request): Promise<VerificationReport> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_CREDENTIAL_BYTES) return unreadable("input_too_large");
  const text = await request.text();
  return verifyCredentialText(text);
}

function explain(report: VerificationReport, request: Request) {
  const t = serverT(negotiateLocale(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE);
  return report.checks.map((c) => ({
    ...c,
    message: c.outcome === "skipped" ? t("verify.outcome.skipped") : t(`verify.reason.${c.reason}`, c.params),
  }));
}

/** POST /api/verify: 200 with { verified, checks (each with a message), summary }; 400 when unreadable. */
export async function answerVerifyApi(request: Request, options: { clientIp: string | null }): Promise<Response> {
  const refused = await overLimit(request, options.clientIp);
  if (refused) return refused;
  const report = await readBody(request);
  const unreadableInput = report.checks[0]?.outcome === "fail" && !report.summary;
  const body = { verified: report.verified, checks: explain(report, request), summary: report.summary ?? null };
  return new Response(JSON.stringify(body), { status: unreadableInput ? 400 : 200, headers: API_HEADERS });
}

/**
 * POST /credentials/verify (VC-API "verify credential"): `{ verifiableCredential, options? }` → 200
 * `{ verified: true, checks: [names], warnings: [], errors: [] }`, or 400 `{ verified: false, checks,
 * errors: [{ check, reason, message }] }`.
 */
export async function answerVcApi(request: Request, options: { clientIp: string | null }): Promise<Response> {
  const refused = await overLimit(request, options.clientIp);
  if (refused) return refused;
  const report = await readBody(request);
  const explained = explain(report, request);
  const passed = explained.filter((c) => c.outcome === "pass").map((c) => c.check);
  const failed = explained.filter((c) => c.outcome === "fail").map(({ check, reason, message }) => ({ check, reason, message }));
  const body = report.verified
    ? { verified: true, checks: passed, warnings: [], errors: [] }
    : { verified: false, checks: passed, warnings: [], errors: failed };
  return new Response(JSON.stringify(body), { status: report.verified ? 200 : 400, headers: API_HEADERS });
}
