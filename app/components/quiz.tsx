// Pieces shared by the quiz page and the result page (app/routes/learn/quiz.tsx, quiz-result.tsx): the
// quiz's rules as sentences and the list of attempts. Their strings are in the scoped "take" area, which
// those pages' loaders return (pageMessages).
import { Link } from "react-router";
import { quizResultPath } from "#app/modules/learning/player-paths.ts";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { useLocale, useT } from "#app/utils/use-t.ts";
import { dateFormat } from "#app/utils/intl-format.ts";

/** Course text is in the course's language, whatever the page's. */
export function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

/** A date and time in the page's language, in UTC (due dates end at 23:59 UTC). */
export function useDateTime() {
  const locale = useLocale();
  const format = dateFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
  return (value: Date | string) => `${format.format(new Date(value))} UTC`;
}

export type QuizRulesData = {
  questionCount: number;
  maxPoints: number;
  rules: {
    attemptsAllowed: number;
    attemptsUsed: number;
    attemptsLeft: number;
    keep: "highest" | "latest";
    reveal: { show: "immediately" | "after_due"; dueAt: Date | null };
    dueAt: Date | null;
  };
  kept: { number: number; percent: number } | null;
};

/** The rules of the quiz as sentences: questions and points, attempts, the score that counts, answers, due date. */
export function QuizRules({ data }: { data: QuizRulesData }) {
  const t = useT();
  const date = useDateTime();
  const { rules, kept } = data;
  return (
    <section className="panel" aria-labelledby="rules-heading">
      <h2 id="rules-heading">{t("take.rules_heading")}</h2>
      <ul>
        <li>
          {t("take.question_count", { count: data.questionCount })} · {t("take.points_total", { count: data.maxPoints })}
        </li>
        <li>{t("take.attempts_allowed", { count: rules.attemptsAllowed })}</li>
        <li>{t("take.attempts_used", { used: rules.attemptsUsed, left: rules.attemptsLeft })}</li>
        <li>{t(`grading.rule_keep_${rules.keep}`)}</li>
        <li>
          {rules.reveal.show === "immediately"
            ? t("grading.rule_answers_immediately")
            : rules.reveal.dueAt
              ? t("take.rule_answers_after_date", { date: date(rules.reveal.dueAt) })
              : t("take.rule_answers_when_none_left")}
        </li>
        <li>{rules.dueAt ? t("take.due", { date: date(rules.dueAt) }) : t("take.no_due_date")}</li>
        {kept ? <li>{t("take.kept_score", { percent: kept.percent, number: kept.number })}</li> : null}
      </ul>
    </section>
  );
}

export type AttemptRow = { number: number; percent: number; points: number; maxPoints: number; submittedAt: Date; kept: boolean };

/** The attempts made, each with its score and a link to its result (the current one is not a link). */
export function AttemptList({
  enrolmentId,
  lessonSlug,
  attempts,
  current,
}: {
  enrolmentId: string;
  lessonSlug: string;
  attempts: readonly AttemptRow[];
  current?: number;
}) {
  const t = useT();
  const date = useDateTime();
  if (attempts.length === 0) return null;
  return (
    <section aria-labelledby="attempts-heading">
      <h2 id="attempts-heading">{t("take.attempts_heading")}</h2>
      <ul className="stack">
        {attempts.map((a) => (
          <li key={a.number}>
            {a.number === current ? (
              <strong aria-current="page">{t("take.attempt_heading", { number: a.number })}</strong>
            ) : (
              <Link to={quizResultPath(enrolmentId, lessonSlug, a.number)}>
                {t("take.attempt_heading", { number: a.number })}
              </Link>
            )}
            {": "}
            {t("take.attempt_score", { percent: a.percent, points: a.points, max: a.maxPoints })}
            <span className="hint"> · {t("take.sent_at", { date: date(a.submittedAt) })}</span>
            {a.kept ? <strong> · {t("take.attempt_counts")}</strong> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
