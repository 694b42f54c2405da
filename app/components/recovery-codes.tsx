// The ten one-time recovery codes, shown once (after sign-up, or after regenerating them in Settings at
// /settings/recovery-codes). Printing the page prints this sheet alone (app/styles/app.css, "print"):
// it names nothing but Waystone — no username, no display name, no course — so a sheet that is found
// does not say whose it is.
import { useEffect, useState } from "react";
import { useT } from "#app/utils/use-t.ts";

/** A Print button once JavaScript runs; without it (or in low-data mode), the browser's own Print. */
function PrintButton() {
  const t = useT();
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  if (!scripted) return <p className="hint no-print">{t("recovery.print_hint")}</p>;
  return (
    <p className="no-print">
      <button type="button" className="button button-secondary" onClick={() => window.print()}>
        {t("recovery.print")}
      </button>
    </p>
  );
}

export function RecoveryCodesList({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <section className="panel recovery-codes print-sheet" aria-labelledby="recovery-codes-title">
      <p className="print-only print-brand">Waystone</p>
      <h2 id="recovery-codes-title">{t("recovery.codes_title")}</h2>
      <p className="no-print">{t("recovery.codes_intro")}</p>
      <p className="print-only">{t("recovery.print_use")}</p>
      <ol className="code-list" dir="ltr" translate="no">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p className="hint">{t("recovery.codes_once")}</p>
      <PrintButton />
    </section>
  );
}
