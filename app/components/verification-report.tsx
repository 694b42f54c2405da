// A verification answer, check by check, in the reader's language (the /verify page and the share page).
import type { VerificationReport } from "#app/modules/credentials/verification.ts";
import { useT } from "#app/utils/use-t.ts";

export function VerificationResult({ report, headingLevel = 2 }: { report: VerificationReport; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = `h${headingLevel}` as "h2" | "h3";
  return (
    <section
      className={`panel verification ${report.verified ? "verification-pass" : "verification-fail"}`}
      aria-labelledby="verification-heading"
    >
      <Heading id="verification-heading">{t(report.verified ? "verify.verified" : "verify.not_verified")}</Heading>
      <ol className="verification-checks">
        {report.checks.map((c) => (
          <li key={c.check} className={`check check-${c.outcome}`}>
            <span className="check-outcome">{t(`verify.outcome.${c.outcome}`)}</span>{" "}
            <strong>{t(`verify.check.${c.check}`)}</strong>
            {c.outcome === "skipped" ? null : <span className="check-reason">: {t(`verify.reason.${c.reason}`, c.params)}</span>}
          </li>
        ))}
      </ol>
      {report.summary?.parts?.length ? (
        <details>
          <summary>{t("verify.parts", { count: report.summary.parts.length })}</summary>
          <ul className="stack">
            {report.summary.parts.map((part, i) => (
              <li key={part.summary?.id ?? i}>
                <strong dir="auto">{part.summary?.achievementName ?? part.summary?.name ?? "—"}</strong>:{" "}
                {t(part.verified ? "verify.verified" : "verify.not_verified")}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
