import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/course";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { slugParam } from "#app/modules/courses/params.server.ts";
import { anonymousCatalogHeaders, getCatalogVersion, getCoursePage } from "#app/modules/courses/queries.server.ts";
import { FormAlert, formState } from "#app/components/forms.tsx";
import { getOptionalUser, requireUser } from "#app/modules/identity/session.server.ts";
import { getCoursePlace } from "#app/modules/learning/queries.server.ts";
import { requestPlace } from "#app/modules/learning/request-place.server.ts";
import { CoursePlaceSchema } from "#app/modules/learning/schemas.ts";
import { withdrawRequest } from "#app/modules/learning/withdraw-request.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { invariant } from "#app/utils/errors.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { INDEXABLE, publicPageMeta } from "#app/utils/indexing.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

// Never the course name: a learner's open tab or history must not reveal what they study. The page is
// indexable and its description is the course's summary, which search engines show (app/utils/indexing.ts).
export const handle = INDEXABLE;
export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  loaderData
    ? publicPageMeta(matches, "catalog.course_title", { text: loaderData.course.summary })
    : pageTitle(matches, "catalog.course_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const slug = slugParam(params.slug);
  const [user, version] = await Promise.all([getOptionalUser(request), getCatalogVersion()]);
  const course = await getCoursePage(slug, version);
  invariant(course); // unknown, unpublished and archived courses alike
  const url = new URL(request.url);
  const headers = user ? undefined : await anonymousCatalogHeaders(request, version, `course:${slug}${url.search}`);
  // The place panel: only a logged-in learner's own requests and enrolments, never in the anonymous (cached) page.
  return data({ course, place: user ? await getCoursePlace(user, course.courseId) : null }, { headers });
});

/** A learner asks for a place on this course, or withdraws their waiting request. */
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const slug = slugParam(params.slug);
  const actor = await requireUser(request);
  const submission = await readSubmission(request, CoursePlaceSchema);
  return submitForm(submission, async (input) => {
    if (input.intent === "request") await requestPlace(actor, input);
    else await withdrawRequest(actor, input);
    return redirect(`/courses/${slug}`);
  });
});

export function headers({ loaderHeaders }: Route.HeadersArgs) {
  return loaderHeaders;
}

/** Course text is in the course's language, whatever the page's: mark both, so it reads and lays out right. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

export default function CoursePage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const { course, place } = loaderData;
  const summary = formState(actionData?.result);
  const lessonCount = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  return (
    <article className="stack course-page" aria-labelledby="course-heading">
      <p className="breadcrumb">
        <Link to="/courses">{t("catalog.back")}</Link>
      </p>
      <header className="stack course-header">
        <h1 id="course-heading" {...langProps(course.language)}>
          {course.title}
        </h1>
        <p className="lead" {...langProps(course.language)}>
          {course.summary}
        </p>
      </header>

      <dl className="course-facts course-facts-wide">
        <div>
          <dt>{t("catalog.credits")}</dt>
          <dd dir="auto">
            {t(`catalog.credits_${course.creditUnit}`, { count: course.credits, credits: number.format(course.credits) })}
          </dd>
        </div>
        <div>
          <dt>{t("catalog.study_hours")}</dt>
          <dd dir="auto">{t("catalog.hours", { count: course.studyHours, hours: number.format(course.studyHours) })}</dd>
        </div>
        <div>
          <dt>{t("catalog.pass_mark")}</dt>
          <dd dir="auto">{t("catalog.pass_mark_value", { mark: course.passMark })}</dd>
        </div>
        <div>
          <dt>{t("catalog.level")}</dt>
          <dd dir="auto">{t(`catalog.level_${course.level}`)}</dd>
        </div>
        <div>
          <dt>{t("catalog.language")}</dt>
          <dd dir="auto">{t(`language.${course.language}`)}</dd>
        </div>
        <div>
          <dt>{t("catalog.subject")}</dt>
          <dd dir="auto">{t(`subject.${course.subject}`)}</dd>
        </div>
      </dl>

      <section className="panel seat-note stack" aria-labelledby="seat-heading">
        <h2 id="seat-heading">{t("catalog.seat_heading")}</h2>
        <FormAlert errors={summary.errors} />
        {place === null ? (
          <p>
            {t("place.visitor")} <Link to={`/login?redirectTo=/courses/${course.slug}`}>{t("place.login")}</Link> ·{" "}
            <Link to="/signup">{t("place.join")}</Link>
          </p>
        ) : place.kind === "staff" ? (
          <p>{t("place.staff")}</p>
        ) : place.kind === "enrolled" ? (
          <p>
            <WithUserText message={t("place.enrolled")} values={{ cohort: place.cohort }} />{" "}
            <Link to="/learn">{t("place.my_learning")}</Link>
          </p>
        ) : place.kind === "waiting" ? (
          <>
            <p>{place.position ? t("learning.waitlist_position", { position: place.position }) : t("place.waiting")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <input type="hidden" name="entryId" value={place.entryId} />
              <button type="submit" className="button button-secondary">
                {t("mylearning.withdraw")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <p>{t("place.open")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="request" />
              <input type="hidden" name="courseId" value={course.courseId} />
              <button type="submit" className="button">
                {t("place.request")}
              </button>
            </Form>
          </>
        )}
      </section>

      {course.descriptionHtml ? (
        <section aria-labelledby="about-heading" className="stack">
          <h2 id="about-heading" className="visually-hidden">
            {t("catalog.about")}
          </h2>
          {/* Rendered on the server by markdown-it (raw HTML off) and sanitised by an allow-list (ADR 009). */}
          <div className="prose" {...langProps(course.language)} dangerouslySetInnerHTML={{ __html: course.descriptionHtml }} />
        </section>
      ) : null}

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t("catalog.outcomes")}</h2>
        <p>{t("catalog.outcomes_intro")}</p>
        <ul className="outcomes" {...langProps(course.language)}>
          {course.outcomes.map((o, i) => (
            <li key={i}>{o}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="prereq-heading">
        <h2 id="prereq-heading">{t("catalog.prerequisites")}</h2>
        {course.prerequisites.length ? (
          <ul>
            {course.prerequisites.map((p) => (
              <li key={p.slug}>
                <Link to={`/courses/${p.slug}`} dir="auto">
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("catalog.no_prerequisites")}</p>
        )}
      </section>

      <section aria-labelledby="modules-heading" className="stack">
        <h2 id="modules-heading">{t("catalog.modules")}</h2>
        <p>
          {t("catalog.structure_count", {
            modules: t("catalog.module_count", { count: course.modules.length }),
            lessons: t("catalog.lesson_count", { count: lessonCount }),
          })}
        </p>
        <ol className="module-list">
          {course.modules.map((m) => (
            <li key={m.slug} className="card">
              <h3 {...langProps(course.language)}>{m.title}</h3>
              {m.summary ? <p {...langProps(course.language)}>{m.summary}</p> : null}
              {/* The list is course content, laid out in the course's direction; each kind label is in the page's language. */}
              <ol className="lesson-list" {...langProps(course.language)}>
                {m.lessons.map((l) => (
                  <li key={l.slug}>
                    <span>{l.title}</span>{" "}
                    <span className={`kind kind-${l.kind}`} {...langProps(locale)}>
                      {t(`catalog.kind_${l.kind}`)}
                    </span>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="educators-heading">
        <h2 id="educators-heading">{t("catalog.educators")}</h2>
        {course.educators.length ? (
          <ul className="educator-names">
            {course.educators.map((name) => (
              <li key={name} dir="auto">
                {name}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("catalog.no_educators")}</p>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
