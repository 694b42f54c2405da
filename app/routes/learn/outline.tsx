import { Link } from "react-router";
import type { Route } from "./+types/outline";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { lessonPath } from "#app/modules/learning/player-paths.ts";
import { getPlayerOutline } from "#app/modules/learning/player.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "player.outline_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const enrolmentId = courseIdParam(params.enrolmentId);
  const actor = await requireUser(request);
  return getPlayerOutline(actor, enrolmentId);
});

/** Course text is in the course's language, whatever the page's. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

/** The course outline of an enrolment: lessons of the cohort's revision with done marks, and where to go next. */
export default function PlayerOutline({ loaderData }: Route.ComponentProps) {
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
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
