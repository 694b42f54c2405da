// The learner's outline page additions (ADR 023): "Your grade" (each quiz and assignment with its share,
// score and this learner's due date and attempts; the grade so far and the pass mark) and "Taking a
// break" (pause with a confirmation, return to the same or a later group). Plain forms: they work
// without JavaScript. Messages: the `transcript.` and `pause.` areas (the page's loader sends them).
import { Form, Link } from "react-router";
import { FormAlert, formState, SelectField, type FormResultLike } from "#app/components/forms.tsx";
import { pendingConfirmation } from "#app/components/confirm-action.tsx";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat, dateFormat } from "#app/utils/intl-format.ts";

type Grade = {
  status: string;
  passMark: number;
  gradeSoFar: number;
  final: { grade: number | null; completedAt: Date | string | null; credits: number | null; creditUnit: string | null } | null;
  components: Array<{
    lessonId: string;
    title: string;
    kind: "quiz" | "assignment";
    share: number;
    percent: number | null;
    state: string;
    dueAt: Date | string | null;
    attemptsLeft: number | null;
    attemptsAllowed: number | null;
  }>;
};

type Pause = {
  paused: boolean;
  pausedAt: Date | string | null;
  cohorts: Array<{ id: string; name: string; startsOn: Date | string; sameVersion: boolean }>;
};

function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

export function YourGrade({ grade, language }: { grade: Grade; language: string }) {
  const t = useT();
  const locale = useLocale();
  const percent = numberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const pct = (value: number) => percent.format(value / 100);
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return (
    <section className="panel stack" aria-labelledby="your-grade-heading">
      <h2 id="your-grade-heading">{t("transcript.your_grade_heading")}</h2>
      {grade.final ? (
        <>
          <p>{t("transcript.final_grade", { grade: grade.final.grade !== null ? pct(grade.final.grade) : "—" })}</p>
          {grade.final.credits !== null && grade.final.creditUnit ? (
            <p>
              {t(`catalog.credits_${grade.final.creditUnit}`, {
                count: grade.final.credits,
                credits: number.format(grade.final.credits),
              })}
            </p>
          ) : null}
          {grade.final.completedAt ? (
            <p>{t("transcript.completed_on", { date: day.format(new Date(grade.final.completedAt)) })}</p>
          ) : null}
          <p>
            <Link to="/learn/transcript">{t("player.transcript_link")}</Link>
          </p>
        </>
      ) : (
        <>
          <p>{t("transcript.grade_so_far", { grade: pct(grade.gradeSoFar) })}</p>
          <p>{t("transcript.pass_mark", { mark: pct(grade.passMark) })}</p>
        </>
      )}
      {grade.components.length === 0 ? (
        <p>{t("transcript.no_graded_work")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("transcript.your_grade_heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("transcript.work_col")}</th>
                <th scope="col">{t("transcript.share_col")}</th>
                <th scope="col">{t("transcript.score_col")}</th>
                <th scope="col">{t("transcript.due_col")}</th>
              </tr>
            </thead>
            <tbody>
              {grade.components.map((c) => (
                <tr key={c.lessonId}>
                  <th scope="row">
                    <span {...langProps(language)}>{c.title}</span> <span className="hint">{t(`transcript.kind_${c.kind}`)}</span>
                  </th>
                  <td data-label={t("transcript.share_col")}>{percent.format(c.share)}</td>
                  <td data-label={t("transcript.score_col")}>
                    {c.percent !== null
                      ? pct(c.percent)
                      : c.state === "submitted"
                        ? t("transcript.waiting_grade")
                        : t("transcript.not_yet")}
                  </td>
                  <td data-label={t("transcript.due_col")}>
                    {c.dueAt ? day.format(new Date(c.dueAt)) : t("transcript.no_due_date")}
                    {c.attemptsLeft !== null && c.attemptsAllowed !== null ? (
                      <>
                        <br />
                        <span className="hint">
                          {t("transcript.attempts", { left: c.attemptsLeft, allowed: c.attemptsAllowed })}
                        </span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {grade.final ? null : <p className="hint">{t("transcript.how_to_finish")}</p>}
    </section>
  );
}

export function PauseOrReturn({
  status,
  pause,
  actionData,
  cancelTo,
}: {
  status: string;
  pause: Pause;
  actionData: unknown;
  cancelTo: string;
}) {
  const t = useT();
  const locale = useLocale();
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const confirming = pendingConfirmation(actionData);
  const result = confirming ? undefined : (actionData as { result?: FormResultLike } | undefined)?.result;
  const form = formState(result);
  if (status !== "active" && status !== "paused") return null;
  return (
    <section className="panel stack" aria-labelledby="pause-heading">
      <h2 id="pause-heading">{t("pause.heading")}</h2>
      <FormAlert errors={form.errors} />
      {status === "active" ? (
        confirming ? (
          <div className="stack" role="group" aria-labelledby="pause-confirm-heading">
            <h3 id="pause-confirm-heading">{t("pause.confirm_heading")}</h3>
            <p>{t("pause.confirm_body")}</p>
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="pause" />
              <input type="hidden" name="confirm" value="yes" />
              <button type="submit" className="button">
                {t("pause.confirm")}
              </button>{" "}
              <Link to={cancelTo}>{t("player.back_to_learning")}</Link>
            </Form>
          </div>
        ) : (
          <>
            <p>{t("pause.intro")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="pause" />
              <button type="submit" className="button button-secondary">
                {t("pause.button")}
              </button>
            </Form>
          </>
        )
      ) : (
        <>
          <p>{t("pause.paused_since", { date: pause.pausedAt ? day.format(new Date(pause.pausedAt)) : "—" })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="resume" />
            <button type="submit" className="button">
              {t("pause.return_same")}
            </button>
          </Form>
          <h3>{t("pause.return_later_heading")}</h3>
          {pause.cohorts.length === 0 ? (
            <p>{t("pause.no_later")}</p>
          ) : (
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="resume" />
              <SelectField {...form.field("cohortId")} label={t("pause.later_label")} hint={t("pause.new_version_hint")}>
                {pause.cohorts.map((c) => (
                  <option key={c.id} value={c.id}>
                    {t(c.sameVersion ? "pause.later_option" : "pause.later_option_new_version", {
                      name: c.name,
                      date: day.format(new Date(c.startsOn)),
                    })}
                  </option>
                ))}
              </SelectField>
              <button type="submit" className="button button-secondary">
                {t("pause.return_later")}
              </button>
            </Form>
          )}
        </>
      )}
    </section>
  );
}
