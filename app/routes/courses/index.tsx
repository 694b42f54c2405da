import { data, Form, Link } from "react-router";
import type { Route } from "./+types/index";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, SelectField } from "#app/components/forms.tsx";
import { COURSE_LANGUAGES, LEVELS, STEM_SUBJECTS } from "#app/modules/courses/constants.ts";
import {
  anonymousCatalogHeaders,
  getCatalogVersion,
  listCatalog,
  parseCatalogQuery,
} from "#app/modules/courses/queries.server.ts";
import { getOptionalUser } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { INDEXABLE, publicPageMeta } from "#app/utils/indexing.ts";
import { route } from "#app/utils/responses.server.ts";
import { useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat, listFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

// A neutral title on every catalog page (docs/architecture.md "safety first"); indexable, with a
// description (app/utils/indexing.ts).
export const handle = INDEXABLE;
export const meta: Route.MetaFunction = ({ matches }) =>
  publicPageMeta(matches, "catalog.title", { key: "shell.catalog_description" });

// Control characters in the query are stripped by route() and again by parseCatalogQuery: a search never fails on them.
export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const url = new URL(request.url);
  const { filters, ignored } = parseCatalogQuery(url.searchParams);
  const [user, version] = await Promise.all([getOptionalUser(request), getCatalogVersion()]);
  const result = await listCatalog(filters, version);
  const headers = user ? undefined : await anonymousCatalogHeaders(request, version, `list${url.search}`);
  const filtered = Object.keys(filters).length > 0;
  return data({ ...result, filters, ignored, filtered, search: url.search }, { headers });
});

export function headers({ loaderHeaders }: Route.HeadersArgs) {
  return loaderHeaders;
}

/** Course text is in the course's language, whatever the page's: mark both, so it reads and lays out right. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

export default function Catalog({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const list = listFormat(locale, { type: "conjunction" });
  const { courses, filters, ignored, filtered, more } = loaderData;
  return (
    <div className="stack catalog">
      <h1>{t("catalog.heading")}</h1>
      <p className="lead">{t("catalog.lead")}</p>
      <section className="panel catalog-search" role="search" aria-labelledby="catalog-search-heading">
        <h2 id="catalog-search-heading" className="visually-hidden">
          {t("catalog.search_heading")}
        </h2>
        {/* GET: the search is a plain link-able URL and works with JavaScript off. */}
        <Form method="get" action="/courses" className="catalog-filters" key={loaderData.search}>
          <Field
            name="q"
            type="search"
            label={t("catalog.search_label")}
            hint={t("catalog.search_hint")}
            maxLength={100}
            defaultValue={filters.q ?? ""}
            className="catalog-q"
          />
          <SelectField name="subject" label={t("catalog.subject")} defaultValue={filters.subject ?? ""}>
            <option value="">{t("catalog.any_subject")}</option>
            {STEM_SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {t(`subject.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField name="level" label={t("catalog.level")} defaultValue={filters.level ?? ""}>
            <option value="">{t("catalog.any_level")}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`catalog.level_${l}`)}
              </option>
            ))}
          </SelectField>
          <SelectField name="language" label={t("catalog.filter_language")} defaultValue={filters.language ?? ""}>
            <option value="">{t("catalog.any_language")}</option>
            {COURSE_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </SelectField>
          <fieldset className="field catalog-credits">
            <legend>{t("catalog.credits")}</legend>
            <div className="catalog-credits-row">
              <Field
                name="minCredits"
                type="number"
                inputMode="decimal"
                min={0}
                max={60}
                step="any"
                label={t("catalog.min_credits")}
                defaultValue={filters.minCredits ?? ""}
              />
              <Field
                name="maxCredits"
                type="number"
                inputMode="decimal"
                min={0}
                max={60}
                step="any"
                label={t("catalog.max_credits")}
                defaultValue={filters.maxCredits ?? ""}
              />
            </div>
          </fieldset>
          <div className="actions catalog-actions">
            <button type="submit" className="button">
              {t("catalog.search_submit")}
            </button>
            {filtered ? <Link to="/courses">{t("catalog.clear")}</Link> : null}
          </div>
        </Form>
      </section>

      {ignored.length ? (
        <p className="alert alert-info" role="status">
          {t("catalog.ignored", { fields: list.format(ignored.map((f) => t(`catalog.field_${f}`))) })}
        </p>
      ) : null}

      <section aria-labelledby="results-heading" className="stack">
        <h2 id="results-heading">{filtered ? t("catalog.results_heading") : t("catalog.all_heading")}</h2>
        <p role="status" className="catalog-count" dir="auto">
          {more ? t("catalog.count_more", { count: courses.length }) : t("catalog.count", { count: courses.length })}
        </p>
        {courses.length === 0 ? (
          <div className="panel catalog-empty">
            <p>
              <strong>{filtered ? t("catalog.empty_filtered") : t("catalog.empty")}</strong>
            </p>
            {filtered ? (
              <>
                <p>{t("catalog.empty_tip")}</p>
                <p>
                  <Link to="/courses">{t("catalog.show_all")}</Link>
                </p>
              </>
            ) : null}
          </div>
        ) : (
          <ul className="course-list">
            {courses.map((c) => (
              <li key={c.slug} className="card course-card">
                <h3 {...langProps(c.language)}>
                  <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                </h3>
                <p {...langProps(c.language)}>{c.summary}</p>
                <dl className="course-facts">
                  <div>
                    <dt>{t("catalog.subject")}</dt>
                    <dd dir="auto">{t(`subject.${c.subject}`)}</dd>
                  </div>
                  <div>
                    <dt>{t("catalog.level")}</dt>
                    <dd dir="auto">{t(`catalog.level_${c.level}`)}</dd>
                  </div>
                  <div>
                    <dt>{t("catalog.language")}</dt>
                    <dd dir="auto">{t(`language.${c.language}`)}</dd>
                  </div>
                  <div>
                    <dt>{t("catalog.credits")}</dt>
                    <dd dir="auto">
                      {t(`catalog.credits_${c.creditUnit}`, { count: c.credits, credits: number.format(c.credits) })}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("catalog.study_hours")}</dt>
                    <dd dir="auto">{t("catalog.hours", { count: c.studyHours, hours: number.format(c.studyHours) })}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
        {more ? <p className="hint">{t("catalog.more")}</p> : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
