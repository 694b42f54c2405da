import { Link } from "react-router";
import type { Route } from "./+types/courses";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { getAdminCourses } from "#app/modules/courses/queries.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "review.list_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  return getAdminCourses(actor);
});

/** Courses waiting for review (oldest first), then every course with its state. */
export default function AdminCourses({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { queue, courses } = loaderData;
  return (
    <div className="stack">
      <h1>{t("review.list_heading")}</h1>
      <section aria-labelledby="queue-heading" className="stack">
        <h2 id="queue-heading">{t("review.queue_heading")}</h2>
        {queue.length === 0 ? (
          <p>{t("review.queue_empty")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t("review.queue_heading")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("review.course")}</th>
                  <th scope="col">{t("review.revision")}</th>
                  <th scope="col">{t("review.kind")}</th>
                  <th scope="col">{t("review.submitted")}</th>
                  <th scope="col">{t("review.author_note")}</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/admin/courses/${r.courseId}`} dir="auto">
                        {r.title}
                      </Link>
                    </th>
                    <td data-label={t("review.revision")}>{r.number}</td>
                    <td data-label={t("review.kind")}>{r.isUpdate ? t("review.kind_update") : t("review.kind_new")}</td>
                    <td data-label={t("review.submitted")} className="nowrap">
                      {r.submittedAt ? new Date(r.submittedAt).toISOString().slice(0, 10) : "—"}
                    </td>
                    <td data-label={t("review.author_note")} dir="auto">
                      {r.reviewNote || "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="all-heading" className="stack">
        <h2 id="all-heading">{t("review.all_heading")}</h2>
        {courses.length === 0 ? (
          <p>{t("review.no_courses")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t("review.all_heading")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("review.course")}</th>
                  <th scope="col">{t("review.address")}</th>
                  <th scope="col">{t("admin.state")}</th>
                  <th scope="col">{t("review.published_revision")}</th>
                  <th scope="col">{t("review.latest_revision")}</th>
                </tr>
              </thead>
              <tbody>
                {courses.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/admin/courses/${c.id}`} dir="auto">
                        {c.title}
                      </Link>
                    </th>
                    <td data-label={t("review.address")}>
                      <code className="wrap-anywhere">/courses/{c.slug}</code>
                    </td>
                    <td data-label={t("admin.state")}>
                      <span className={`status status-${c.state}`}>{t(`review.state_${c.state}`)}</span>
                    </td>
                    <td data-label={t("review.published_revision")}>{c.publishedNumber ?? "—"}</td>
                    <td data-label={t("review.latest_revision")}>{c.latestNumber ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
