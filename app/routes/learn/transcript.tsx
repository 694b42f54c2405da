import { Link } from "react-router";
import type { Route } from "./+types/transcript";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { playerPath } from "#app/modules/learning/player-paths.ts";
import { getTranscript } from "#app/modules/learning/progress.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import transcriptCss from "#app/styles/transcript.css?url";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat, dateFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: catalogCss },
  { rel: "stylesheet", href: transcriptCss },
];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.transcript_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const transcript = await getTranscript(actor);
  return {
    ...transcript,
    print: new URL(request.url).searchParams.get("print") === "1",
    today: new Date(),
    messages: await pageMessages(request, ["transcript"]),
  };
});

/** Course text is in the course's language, whatever the page's. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

/**
 * The learner's transcript: completed courses (title, grade, credits with unit, completion date) and
 * courses in progress, under their display name only. Printing prints the sheet alone; `?print=1` shows
 * it without the site's header and footer (the quick-exit bar stays).
 */
export default function Transcript({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { displayName, completed, inProgress, totals, print } = loaderData;
  const percent = numberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const credits = (value: number, unit: string) => t(`catalog.credits_${unit}`, { count: value, credits: number.format(value) });
  return (
    <div className={`stack${print ? " transcript-print-view" : ""}`}>
      <p className="no-print">
        {print ? (
          <Link to="/learn/transcript">{t("transcript.back_to_transcript")}</Link>
        ) : (
          <Link to="/learn">{t("transcript.back")}</Link>
        )}
      </p>
      <section className="panel stack print-sheet transcript-sheet" aria-labelledby="transcript-heading">
        <p className="print-only print-brand">Waystone</p>
        <h1 id="transcript-heading">{t("transcript.heading")}</h1>
        <p>
          <WithUserText message={t("transcript.learner")} values={{ name: displayName }} />
        </p>

        <h2 id="completed-heading">{t("transcript.completed_heading")}</h2>
        {completed.length === 0 ? (
          <p>{t("transcript.none_completed")}</p>
        ) : (
          <div className="table-scroll">
            <table aria-labelledby="completed-heading">
              <thead>
                <tr>
                  <th scope="col">{t("transcript.course_col")}</th>
                  <th scope="col">{t("transcript.grade_col")}</th>
                  <th scope="col">{t("transcript.credits_col")}</th>
                  <th scope="col">{t("transcript.date_col")}</th>
                </tr>
              </thead>
              <tbody>
                {completed.map((c) => (
                  <tr key={c.enrolmentId}>
                    <th scope="row" {...langProps(c.language)}>
                      {c.title}
                    </th>
                    <td data-label={t("transcript.grade_col")}>{c.grade !== null ? percent.format(c.grade / 100) : "—"}</td>
                    <td data-label={t("transcript.credits_col")}>
                      {c.credits !== null && c.creditUnit ? credits(c.credits, c.creditUnit) : "—"}
                    </td>
                    <td data-label={t("transcript.date_col")}>{c.completedAt ? day.format(new Date(c.completedAt)) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {totals.length > 0 ? (
          <p>
            {t("transcript.total_credits")}: {totals.map((x) => credits(x.credits, x.unit)).join(", ")}
          </p>
        ) : null}

        <h2 id="progress-heading">{t("transcript.in_progress_heading")}</h2>
        {inProgress.length === 0 ? (
          <p>{t("transcript.none_in_progress")}</p>
        ) : (
          <div className="table-scroll">
            <table aria-labelledby="progress-heading">
              <thead>
                <tr>
                  <th scope="col">{t("transcript.course_col")}</th>
                  <th scope="col">{t("transcript.status_col")}</th>
                  <th scope="col">{t("transcript.progress_col")}</th>
                </tr>
              </thead>
              <tbody>
                {inProgress.map((c) => (
                  <tr key={c.enrolmentId}>
                    <th scope="row">
                      {print ? (
                        <span {...langProps(c.language)}>{c.title}</span>
                      ) : (
                        <Link to={playerPath(c.enrolmentId)} {...langProps(c.language)}>
                          {c.title}
                        </Link>
                      )}
                    </th>
                    <td data-label={t("transcript.status_col")}>{t(`transcript.status_${c.status}`)}</td>
                    <td data-label={t("transcript.progress_col")}>
                      {t("transcript.lessons_done", { done: c.done, total: c.total })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="print-only">{t("transcript.issued", { date: day.format(new Date(loaderData.today)) })}</p>
      </section>
      <p className="no-print">
        {print ? (
          <span className="hint">{t("transcript.print_hint")}</span>
        ) : (
          <Link to="/learn/transcript?print=1">{t("transcript.print")}</Link>
        )}
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
