// The sponsor's impact report (issue 10 item 6): headline numbers, by course and by month, as tables and
// as bar charts drawn on the server, k-anonymised by the sponsorship module (suppression.ts). The loader
// returns the numbers already suppressed: a hidden value is never in the page or its hydration data.
import type { Route } from "./+types/report";
import { BarChart, type BarValue } from "#app/components/bar-chart.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import type { CreditsShown, Shown } from "#app/modules/sponsorship/impact-tables.ts";
import { getImpactReport } from "#app/modules/sponsorship/impact-report.server.ts";
import { idParam } from "#app/modules/sponsorship/queries.server.ts";
import { directionOf } from "#app/utils/i18n.ts";
import { numberFormat } from "#app/utils/intl-format.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import impactCss from "#app/styles/impact.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: impactCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "sponsor.report_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const orgId = idParam(params.orgId);
  const actor = await requireUser(request);
  const { org, k, orders, byCourse, byMonth, total } = await getImpactReport(actor, orgId);
  return { org, k, orders, byCourse, byMonth, total };
});

const SERIES = [
  { key: "allocated", color: "#1f5f99" },
  { key: "completed", color: "#2e7d32" },
  { key: "credentials", color: "#8a4b0f" },
] as const;

export default function ImpactReportPage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const dir = directionOf(locale);
  const { org, k, orders, byCourse, byMonth, total } = loaderData;
  const number = numberFormat(locale, { maximumFractionDigits: 1 });
  const format = (n: number) => number.format(n);
  const smallMark = t("sponsor.report_small_mark", { k });
  const hiddenMark = t("sponsor.report_hidden_mark");

  /** A count cell: the number, or its mark with the reason for screen readers. */
  const count = (cell: Shown) =>
    cell === "small" ? (
      <span className="suppressed">
        <span aria-hidden="true" dir="ltr">
          {smallMark}
        </span>
        <span className="visually-hidden">{t("sponsor.report_small_sr", { k })}</span>
      </span>
    ) : cell === "hidden" ? (
      <span className="suppressed">
        <span aria-hidden="true">{hiddenMark}</span>
        <span className="visually-hidden">{t("sponsor.report_hidden_sr")}</span>
      </span>
    ) : (
      <>{format(cell)}</>
    );
  const credits = (cell: CreditsShown) =>
    cell === "hidden" ? (
      <span className="suppressed">
        <span aria-hidden="true">{hiddenMark}</span>
        <span className="visually-hidden">{t("sponsor.report_credits_hidden_sr", { k })}</span>
      </span>
    ) : cell.length === 0 ? (
      <>{format(0)}</>
    ) : (
      <>
        {cell.map((c, i) => (
          <span key={c.unit} className="nowrap">
            {i > 0 ? " · " : null}
            {format(c.amount)} {c.unit}
          </span>
        ))}
      </>
    );
  // A chart bar: the number, or a fixed-size placeholder labelled with the mark (isolated for RTL).
  const bar = (cell: Shown): BarValue =>
    typeof cell === "number" ? cell : { hidden: `\u2066${cell === "small" ? smallMark : hiddenMark}\u2069` };
  const series = SERIES.map((s) => ({ label: t(`sponsor.report_${s.key}`), color: s.color }));

  const labels = {
    bought: t("sponsor.report_bought"),
    allocated: t("sponsor.report_allocated"),
    active: t("sponsor.report_active"),
    completed: t("sponsor.report_completed"),
    credentials: t("sponsor.report_credentials"),
    credits: t("sponsor.report_credits"),
  };

  return (
    <div className="stack impact-report">
      <p>
        <a href="/sponsor">{t("sponsor.report_back")}</a>
      </p>
      <h1 dir="auto">{t("sponsor.report_heading", { org: org.name })}</h1>
      <p>{t("sponsor.report_intro")}</p>

      <section className="panel stack" aria-labelledby="k-rule">
        <h2 id="k-rule">{t("sponsor.report_k_heading")}</h2>
        <p>{t("sponsor.report_k_rule", { k })}</p>
        <p>{t("sponsor.report_k_complement", { k })}</p>
        <p>{t("sponsor.report_k_credits", { k })}</p>
        <p className="hint">{t("sponsor.report_k_why")}</p>
      </section>

      {orders === 0 ? (
        <p className="panel">{t("sponsor.report_empty")}</p>
      ) : (
        <>
          <section className="panel stack" aria-labelledby="headline">
            <h2 id="headline">{t("sponsor.report_headline")}</h2>
            <dl className="stats">
              <div>
                <dt>{labels.bought}</dt>
                <dd>{format(total.bought)}</dd>
              </div>
              <div>
                <dt>{labels.allocated}</dt>
                <dd>{count(total.allocated)}</dd>
              </div>
              <div>
                <dt>{labels.active}</dt>
                <dd>{count(total.active)}</dd>
              </div>
              <div>
                <dt>{labels.completed}</dt>
                <dd>{count(total.completed)}</dd>
              </div>
              <div>
                <dt>{labels.credentials}</dt>
                <dd>{count(total.credentials)}</dd>
              </div>
              <div>
                <dt>{labels.credits}</dt>
                <dd>{credits(total.credits)}</dd>
              </div>
              <div>
                <dt>{t("sponsor.report_recognised")}</dt>
                <dd className="stat-note">
                  {t("sponsor.report_not_yet")}
                  <br />
                  <span className="hint">{t("sponsor.report_recognised_note")}</span>
                </dd>
              </div>
            </dl>
            <p>
              <a href={`/sponsor/orgs/${org.id}/report.csv`} download>
                {t("sponsor.report_csv")}
              </a>
              <br />
              <span className="hint">{t("sponsor.report_csv_hint")}</span>
            </p>
          </section>

          <section className="panel stack" aria-labelledby="by-course">
            <h2 id="by-course">{t("sponsor.report_by_course")}</h2>
            <BarChart
              title={t("sponsor.report_chart_course_title")}
              desc={t("sponsor.report_chart_course_desc")}
              series={series}
              groups={byCourse.map((r) => ({ label: r.title, values: SERIES.map((s) => bar(r[s.key])) }))}
              dir={dir}
              format={format}
            />
            <div className="table-scroll">
              <table>
                <caption>{t("sponsor.report_by_course_caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("sponsor.report_course")}</th>
                    <th scope="col">{labels.bought}</th>
                    <th scope="col">{labels.allocated}</th>
                    <th scope="col">{labels.active}</th>
                    <th scope="col">{labels.completed}</th>
                    <th scope="col">{labels.credentials}</th>
                    <th scope="col">{labels.credits}</th>
                  </tr>
                </thead>
                <tbody>
                  {byCourse.map((r) => (
                    <tr key={r.courseId}>
                      <th scope="row" dir="auto">
                        {r.title}
                      </th>
                      <td data-label={labels.bought}>{format(r.bought)}</td>
                      <td data-label={labels.allocated}>{count(r.allocated)}</td>
                      <td data-label={labels.active}>{count(r.active)}</td>
                      <td data-label={labels.completed}>{count(r.completed)}</td>
                      <td data-label={labels.credentials}>{count(r.credentials)}</td>
                      <td data-label={labels.credits}>{credits(r.credits)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t("sponsor.report_total")}</th>
                    <td data-label={labels.bought}>{format(total.bought)}</td>
                    <td data-label={labels.allocated}>{count(total.allocated)}</td>
                    <td data-label={labels.active}>{count(total.active)}</td>
                    <td data-label={labels.completed}>{count(total.completed)}</td>
                    <td data-label={labels.credentials}>{count(total.credentials)}</td>
                    <td data-label={labels.credits}>{credits(total.credits)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>

          <section className="panel stack" aria-labelledby="by-month">
            <h2 id="by-month">{t("sponsor.report_by_month")}</h2>
            <p className="hint">{t("sponsor.report_by_month_hint")}</p>
            <BarChart
              title={t("sponsor.report_chart_month_title")}
              desc={t("sponsor.report_chart_month_desc")}
              series={series}
              groups={byMonth.map((r) => ({ label: `\u2066${r.month}\u2069`, values: SERIES.map((s) => bar(r[s.key])) }))}
              dir={dir}
              format={format}
            />
            <div className="table-scroll">
              <table>
                <caption>{t("sponsor.report_by_month_caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("sponsor.report_month")}</th>
                    <th scope="col">{labels.bought}</th>
                    <th scope="col">{labels.allocated}</th>
                    <th scope="col">{labels.completed}</th>
                    <th scope="col">{labels.credentials}</th>
                  </tr>
                </thead>
                <tbody>
                  {byMonth.map((r) => (
                    <tr key={r.month}>
                      <th scope="row">
                        <span dir="ltr">{r.month}</span>
                      </th>
                      <td data-label={labels.bought}>{format(r.bought)}</td>
                      <td data-label={labels.allocated}>{count(r.allocated)}</td>
                      <td data-label={labels.completed}>{count(r.completed)}</td>
                      <td data-label={labels.credentials}>{count(r.credentials)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t("sponsor.report_total")}</th>
                    <td data-label={labels.bought}>{format(total.bought)}</td>
                    <td data-label={labels.allocated}>{count(total.allocated)}</td>
                    <td data-label={labels.completed}>{count(total.completed)}</td>
                    <td data-label={labels.credentials}>{count(total.credentials)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
