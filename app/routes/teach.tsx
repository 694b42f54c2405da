import { Link } from "react-router";
import type { Route } from "./+types/teach";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { getTeachingDashboard } from "#app/modules/educators/queries.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "teach.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const user = await requireUser(request);
  return { displayName: user.displayName, ...(await getTeachingDashboard(user)) };
});

/** The educator's dashboard: the application and its decision, then (once approved) profile, authoring and cohorts. */
export default function Teach({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const { application: app, profile, cohorts } = loaderData;
  const totalHours = cohorts.reduce((n, c) => n + c.hours, 0);
  return (
    <div className="stack">
      <h1>
        <WithUserText message={t("teach.heading")} values={{ name: loaderData.displayName }} />
      </h1>
      <section className="panel" aria-labelledby="application-heading">
        <h2 id="application-heading">{t("teach.application_heading")}</h2>
        {app ? (
          <>
            <p>
              {t("teach.status")}:{" "}
              <strong className={`status status-${app.status}`}>{t(`application_status.${app.status}`)}</strong>
            </p>
            {/* A rejection is final for this account (docs/decisions/015-confirmed-admin-actions.md): say so plainly. */}
            <p>{app.status === "rejected" ? t("admin.teach_rejected_final") : t(`teach.status_explain_${app.status}`)}</p>
            {app.status !== "approved" ? (
              <p>
                {t("field.subjects")}: {app.subjects.map((s) => t(`subject.${s}`)).join(", ")}
              </p>
            ) : null}
            {app.decisionReason ? (
              <div className="staff-note">
                <h3>{t("educator.staff_note")}</h3>
                <p className="statement" dir="auto">
                  {app.decisionReason}
                </p>
              </div>
            ) : null}
            {app.status === "info_requested" ? <p>{t("educator.info_requested_next")}</p> : null}
          </>
        ) : (
          <p>{t("teach.no_application")}</p>
        )}
      </section>

      {profile?.suspended ? (
        <section className="alert alert-error" aria-labelledby="suspended-heading">
          <h2 id="suspended-heading">{t("educator.suspended_heading")}</h2>
          <p>{t("educator.suspended_body")}</p>
          <p>{t("educator.suspended_contact")}</p>
        </section>
      ) : null}

      {profile && !profile.suspended ? (
        <>
          <section className="panel" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t("educator.profile_heading")}</h2>
            <dl className="details">
              <dt>{t("field.display_name")}</dt>
              <dd>{profile.displayName}</dd>
              <dt>{t("educator.subjects")}</dt>
              <dd>{profile.subjects.map((s) => t(`subject.${s}`)).join(", ")}</dd>
              <dt>{t("educator.languages")}</dt>
              <dd>{profile.languages.length ? profile.languages.map((l) => t(`language.${l}`)).join(", ") : "—"}</dd>
            </dl>
            <p className="hint">{t("educator.profile_privacy")}</p>
            <p>
              <Link to="/settings">{t("educator.change_name")}</Link>
            </p>
          </section>

          <section className="panel" aria-labelledby="author-heading">
            <h2 id="author-heading">{t("educator.author_heading")}</h2>
            <p>{t("educator.author_body")}</p>
            <p>
              <Link to="/author" className="button">
                {t("educator.author_link")}
              </Link>
            </p>
          </section>

          <section className="panel" aria-labelledby="cohorts-heading">
            <h2 id="cohorts-heading">{t("educator.cohorts_heading")}</h2>
            {cohorts.length > 0 ? (
              <p>
                <Link to="/teach/grading">{t("player.grading_link")}</Link>
              </p>
            ) : null}
            {cohorts.length === 0 ? (
              <p>{t("educator.no_cohorts")}</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">{t("educator.cohorts_heading")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("cohort.cohort")}</th>
                      <th scope="col">{t("cohort.course")}</th>
                      <th scope="col">{t("cohort.starts_on")}</th>
                      <th scope="col">{t("educator.volunteer_hours")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cohorts.map((c) => (
                      <tr key={c.id}>
                        <th scope="row" dir="auto">
                          <Link to={`/teach/cohorts/${c.id}`}>{c.name}</Link>
                        </th>
                        <td data-label={t("cohort.course")} dir="auto">
                          {c.course.title ? <Link to={`/courses/${c.course.slug}`}>{c.course.title}</Link> : c.course.slug}
                        </td>
                        <td data-label={t("cohort.starts_on")} className="nowrap">
                          {new Date(c.startsOn).toISOString().slice(0, 10)}
                        </td>
                        <td data-label={t("educator.volunteer_hours")}>{number.format(c.hours)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={3}>
                        {t("educator.total_hours")}
                      </th>
                      <td data-label={t("educator.volunteer_hours")}>{number.format(totalHours)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            )}
            <p className="hint">{t("educator.hours_note")}</p>
          </section>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
