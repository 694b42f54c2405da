// The shape of a verification answer, shared by the verification function (verify-credential.server.ts),
// the /verify page, the JSON APIs and the CLI. Pure types and constants: safe to import in the browser.

/** The checks, in the order they run. A check after a failed one is still reported (as "skipped"). */
export const CHECKS = ["shape", "proof", "issuer_key", "status", "validity"] as const;
export type CheckName = (typeof CHECKS)[number];

export type CheckOutcome = "pass" | "fail" | "skipped";

export type Check = {
  check: CheckName;
  outcome: CheckOutcome;
  /**
   * A reason code; its plain-language text is the i18n key `verify.reason.<reason>` in the credentials
   * messages (en, es, ar), with `params` filled in, e.g. "signature_invalid", "revoked", "expired".
   */
  reason: string;
  params?: Record<string, string | number>;
};

export type VerificationReport = {
  verified: boolean;
  checks: Check[];
  /** What the credential says, for display, when its shape could be read (never trusted before `verified`). */
  summary?: {
    id?: string;
    type: "OpenBadgeCredential" | "ClrCredential";
    name?: string;
    achievementName?: string;
    issuerName?: string;
    issuerId?: string;
    validFrom?: string;
    validUntil?: string;
    creditsEarned?: number;
    result?: string;
    /** CLR: one report per bundled credential. */
    parts?: VerificationReport[];
  };
};
