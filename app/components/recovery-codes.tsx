// The ten one-time recovery codes, shown once (after sign-up, or after regenerating them in Settings).
// Owned by the recovery area; the printable view is app/routes/settings-recovery-codes.tsx.
import { useT } from "#app/utils/use-t.ts";

export function RecoveryCodesList({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <section className="panel recovery-codes" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title">{t("recovery.codes_title")}</h2>
      <p>{t("recovery.codes_intro")}</p>
      <ol className="code-list" dir="ltr">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
    </section>
  );
}
