// What a credential says, as the wallet, the share page and the certificates show it: read from its
// signed document (app/modules/credentials/wallet.server.ts credentialFacts), course text in the
// course's language, numbers and dates in the reader's.
import type { ReactNode } from "react";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { dateFormat, numberFormat } from "#app/utils/intl-format.ts";
import { useLocale, useT } from "#app/utils/use-t.ts";

/** The facts the components need (CredentialFacts with the credits' unit; dates as sent by a loader). */
export type FactsLike = {
  achievementName: string;
  description: string | null;
  criteria: string | null;
  fieldOfStudy: string | null;
  language: string | null;
  creditsEarned: number | null;
  creditUnit: "ECTS" | "US" | null;
  grade: string | null;
  gradePercent: number | null;
  issuedOn: string | null;
  issuerName: string | null;
  issuerUrl: string | null;
};

/** Course text is in the course's language, whatever the page's. */
export function courseLang(language: string | null) {
  if (!language) return { dir: "auto" } as const;
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

/** Formatting of credits, grades and days in the reader's language. */
export function useCredentialFormat() {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const percent = numberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const day = dateFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const dayTime = dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return {
    credits(facts: Pick<FactsLike, "creditsEarned" | "creditUnit">): string {
      if (facts.creditsEarned === null) return "—";
      const value = facts.creditsEarned;
      return facts.creditUnit
        ? t(`catalog.credits_${facts.creditUnit}`, { count: value, credits: number.format(value) })
        : t("share.credits_plain", { count: value, credits: number.format(value) });
    },
    grade(facts: Pick<FactsLike, "grade" | "gradePercent">): string {
      if (facts.gradePercent !== null) return percent.format(facts.gradePercent / 100);
      return facts.grade ?? "—";
    },
    day(value: string | Date | null | undefined): string {
      if (!value) return "—";
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? "—" : day.format(d);
    },
    /** A moment, with the time (UTC, said so). */
    moment(value: string | Date | null | undefined): string {
      if (!value) return "—";
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? "—" : t("share.utc_time", { time: dayTime.format(d) });
    },
  };
}

/** A field of study: the catalog's subject name in the reader's language when it is one of ours, else as written. */
function FieldOfStudy({ value }: { value: string }) {
  const t = useT();
  const key = `subject.${value}`;
  const label = t(`subject.${value}`);
  return label === key ? <span dir="auto">{value}</span> : <span>{label}</span>;
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The credential's details as a list of terms: achievement, description, credits, grade, date, issuer. */
export function CredentialDetails({ facts, children }: { facts: FactsLike; children?: ReactNode }) {
  const t = useT();
  const format = useCredentialFormat();
  const lang = courseLang(facts.language);
  return (
    <dl className="credential-facts">
      <Row term={t("share.fact_achievement")}>
        <span {...lang}>{facts.achievementName || "—"}</span>
      </Row>
      {facts.description ? (
        <Row term={t("share.fact_description")}>
          <span {...lang}>{facts.description}</span>
        </Row>
      ) : null}
      {facts.fieldOfStudy ? (
        <Row term={t("share.fact_field")}>
          <FieldOfStudy value={facts.fieldOfStudy} />
        </Row>
      ) : null}
      <Row term={t("share.fact_credits")}>{format.credits(facts)}</Row>
      <Row term={t("share.fact_grade")}>{format.grade(facts)}</Row>
      <Row term={t("share.fact_issued")}>{format.day(facts.issuedOn)}</Row>
      <Row term={t("share.fact_issuer")}>
        <span dir="auto">{facts.issuerName ?? "—"}</span>
        {facts.issuerUrl ? (
          <>
            {" "}
            <span className="wrap-anywhere" dir="ltr">
              ({facts.issuerUrl})
            </span>
          </>
        ) : null}
      </Row>
      {facts.criteria ? (
        <Row term={t("share.fact_criteria")}>
          <span {...lang}>{facts.criteria}</span>
        </Row>
      ) : null}
      {children}
    </dl>
  );
}
