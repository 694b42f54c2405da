import { Link, redirect } from "react-router";
import type { Route } from "./+types/outline";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { lessonPath } from "#app/modules/learning/player-paths.ts";
import { PauseOrReturn, YourGrade } from "#app/components/learning/enrolment-progress.tsx";
import { pauseEnrolment } from "#app/modules/learning/pause-enrolment.server.ts";
import { playerPath } from "#app/modules/learning/player-paths.ts";
import { getOutlinePage } from "#app/modules/learning/progress.server.ts";
import { resumeEnrolment } from "#app/modules/learning/resume-enrolment.server.ts";
import { EnrolmentStateSchema } from "#app/modules/learning/schemas.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.outline_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const actor = await requireUser(request);
  const outline = await getOutlinePage(actor, enrolmentId);
  const notice = new URL(request.url).searchParams.get("done");
  return {
    ...outline,
    notice: notice === "paused" || notice === "resumed" ? notice : null,
    messages: await pageMessages(request, ["offline", "transcript", "pause"]),
  };
});

/** Pause (asked first: ADR 015) or return from a pause, to the same group or a later one (ADR 023). */
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const actor = await requireUser(request);
  const submission = await readSubmission(request, EnrolmentStateSchema);
  return submitForm(submission, async (input) => {
    if (input.intent === "pause") await pauseEnrolment(actor, { enrolmentId, confirm: input.confirm });
    else await resumeEnrolment(actor, { enrolmentId, cohortId: input.cohortId });
    return redirect(`${playerPath(enrolmentId)}?done=${input.intent === "pause" ? "paused" : "resumed"}`);
  });
});

/** Course text is in the course's language, whatever the page's. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

/** The course outline of an enrolment: lessons of the cohort's revision with done marks, and where to go next. */
export default function PlayerOutline({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { enrolmentId, courseTitle, language, cohortName, modules, done, total, next } = loaderData;
  return (
    <div className="stack">
      <p>
        <Link to="/learn">{t("player.back_to_learning")}</Link>
      </p>
      <h1 {...langProps(language)}>{courseTitle}</h1>
      <p dir="auto">{cohortName}</p>
      <p role="status">{t("player.progress", { done, total })}</p>
      {loaderData.notice ? (
        <p className="alert alert-info" role="status">
          {t(`pause.done_${loaderData.notice}`)}
        </p>
      ) : null}
      {next ? (
        <p>
          <Link className="button" to={lessonPath(enrolmentId, next.slug)}>
            {t(next.action === "resume" ? "player.resume" : "player.start")}
          </Link>{" "}
          <span {...langProps(language)}>{next.title}</span>
        </p>
      ) : (
        <p>{t("player.no_lessons")}</p>
      )}
      {modules.map((m) => (
        <section className="panel" key={m.slug} aria-labelledby={`module-${m.slug}`}>
          <h2 id={`module-${m.slug}`} {...langProps(language)}>
            {m.title}
          </h2>
          <ol className="lesson-list">
            {m.lessons.map((l) => (
              <li key={l.slug}>
                <Link to={lessonPath(enrolmentId, l.slug)} {...langProps(language)}>
                  {l.title}
                </Link>{" "}
                {l.done ? (
                  <span className="badge">{t("player.done_mark")}</span>
                ) : (
                  <span className="hint">{t("player.not_done")}</span>
                )}
              </li>
            ))}
          </ol>
          <p>
            <a href={`/learn/${enrolmentId}/offline/${m.id}`} download aria-describedby={`module-${m.slug}`}>
              {t("offline.download")}
            </a>
          </p>
        </section>
      ))}
      <YourGrade grade={loaderData.grade} language={language} />
      <PauseOrReturn
        status={loaderData.grade.status}
        pause={loaderData.pause}
        actionData={actionData}
        cancelTo={playerPath(enrolmentId)}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
