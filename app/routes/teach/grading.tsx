import { Link } from "react-router";
import type { Route } from "./+types/grading";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { listGradingQueue } from "#app/modules/learning/submissions.server.ts";
import { gradingPath } from "#app/modules/learning/work-paths.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { dateFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.grading_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const queue = await listGradingQueue(actor);
  return { ...queue, messages: await pageMessages(request, ["grade"]) };
});

const langProps = (language: string) => ({ lang: language, dir: directionOf(isLocale(language) ? language : "en") }) as const;

/** Work waiting for a grade in the cohorts I teach, oldest first. */
export default function GradingQueue({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const when = (date: Date | string) =>
    dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(date));
  const { items, more } = loaderData;
  return (
    <div className="stack">
      <p>
        <Link to="/teach">{t("grade.back_to_teach")}</Link>
      </p>
      <h1>{t("grade.queue_heading")}</h1>
      <p>{t("grade.queue_intro")}</p>
      {items.length === 0 ? (
        <p className="alert alert-info">{t("grade.queue_empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("grade.queue_heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("grade.learner")}</th>
                <th scope="col">{t("grade.assignment")}</th>
                <th scope="col">{t("grade.cohort")}</th>
                <th scope="col">{t("grade.submitted_at")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.submissionId}>
                  <th scope="row" dir="auto">
                    <Link to={gradingPath(item.submissionId)}>{item.learnerName}</Link>
                  </th>
                  <td data-label={t("grade.assignment")}>
                    <span {...langProps(item.language)}>{item.lessonTitle}</span>
                    <br />
                    <span className="hint" {...langProps(item.language)}>
                      {item.courseTitle}
                    </span>
                  </td>
                  <td data-label={t("grade.cohort")} dir="auto">
                    {item.cohortName}
                  </td>
                  <td data-label={t("grade.submitted_at")}>
                    {when(item.submittedAt)}
                    {item.version > 1 ? (
                      <>
                        {" "}
                        <span className="hint">{t("grade.version", { version: item.version })}</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? <p className="hint">{t("grade.queue_more")}</p> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
