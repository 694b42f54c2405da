import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/learn";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState } from "#app/components/forms.tsx";
import { requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import { lessonPath, playerPath } from "#app/modules/learning/player-paths.ts";
import { getMyLearning } from "#app/modules/learning/queries.server.ts";
import { WithdrawRequestSchema } from "#app/modules/learning/schemas.ts";
import { withdrawRequest } from "#app/modules/learning/withdraw-request.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat, dateFormat } from "#app/utils/intl-format.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "learn.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const user = await requireUser(request);
  requirePermission(user, "read:enrolment:own");
  const url = new URL(request.url);
  return {
    displayName: user.displayName,
    welcome: url.searchParams.get("welcome") === "1",
    withdrawn: url.searchParams.get("done") === "withdrawn",
    learning: await getMyLearning(user),
    messages: await pageMessages(request, ["dashboard"]),
  };
});

/** A learner withdraws one of their own waiting requests (another's is not found). */
export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, WithdrawRequestSchema);
  return submitForm(submission, async (input) => {
    await withdrawRequest(actor, input);
    return redirect("/learn?done=withdrawn");
  });
});

/**
 * The learner's dashboard: my enrolments, my waiting place requests (with their positions and a
 * Withdraw button) and the way to the catalog. Lessons, progress and credentials arrive with later issues.
 */
export default function Learn({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { waiting, enrolments, deadlines } = loaderData.learning;
  const summary = formState(actionData?.result);
  const percent = numberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const day = dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return (
    <div className="stack">
      <h1>
        <WithUserText message={t("learn.heading")} values={{ name: loaderData.displayName }} />
      </h1>
      {loaderData.welcome ? (
        <p className="alert alert-info" role="status">
          {t("learn.welcome")}
        </p>
      ) : null}
      {loaderData.withdrawn ? (
        <p className="alert alert-info" role="status">
          {t("mylearning.withdrawn")}
        </p>
      ) : null}
      <FormAlert errors={summary.errors} />
      {deadlines.length > 0 ? (
        <section className="panel stack" aria-labelledby="deadlines-heading">
          <h2 id="deadlines-heading">{t("dashboard.deadlines_heading")}</h2>
          <ul className="plain-list stack">
            {deadlines.map((d) => (
              <li key={`${d.enrolmentId}-${d.lessonSlug}`}>
                <Link to={lessonPath(d.enrolmentId, d.lessonSlug)} dir="auto">
                  {d.title}
                </Link>
                {" · "}
                {t(`dashboard.kind_${d.kind}`)}
                {" · "}
                <span dir="auto">{d.course.title ?? d.course.slug}</span>
                {" · "}
                <strong>
                  {t(d.pastDue ? "dashboard.was_due" : "dashboard.due_on", { date: day.format(new Date(d.dueAt)) })}
                </strong>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel stack" aria-labelledby="enrolments-heading">
        <h2 id="enrolments-heading">{t("mylearning.enrolments_heading")}</h2>
        {enrolments.length === 0 ? (
          <p>{t("mylearning.no_enrolments")}</p>
        ) : (
          <ul className="plain-list stack">
            {enrolments.map((e) => (
              <li key={e.id}>
                {e.course.title ? (
                  <Link to={`/courses/${e.course.slug}`} dir="auto">
                    {e.course.title}
                  </Link>
                ) : (
                  <span dir="auto">{e.course.slug}</span>
                )}
                {" · "}
                <WithUserText message={t("mylearning.enrolled_in")} values={{ cohort: e.cohort.name }} />
                {" · "}
                {t(`mylearning.status_${e.status}`)}
                {e.status !== "withdrawn" ? (
                  <>
                    {" · "}
                    <Link to={playerPath(e.id)}>{t("mylearning.open_player")}</Link>
                  </>
                ) : null}
                {e.progress ? (
                  <ul className="plain-list">
                    {e.sponsored ? <li>{t("dashboard.funded_by_sponsor")}</li> : null}
                    <li>{t("dashboard.progress", { done: e.progress.done, total: e.progress.total })}</li>
                    <li>
                      {e.grade === null
                        ? t("dashboard.no_grade")
                        : e.grade.kind === "final"
                          ? t("dashboard.final_grade", { grade: percent.format(e.grade.percent / 100) })
                          : t("dashboard.grade_so_far", {
                              grade: percent.format(e.grade.percent / 100),
                              counted: e.grade.counted,
                              of: e.grade.of,
                            })}
                    </li>
                    {e.status === "paused" ? <li>{t("dashboard.paused")}</li> : null}
                    {e.status === "active" ? (
                      <li>
                        {e.next ? (
                          <>
                            {t("dashboard.next_step")}{" "}
                            <Link to={lessonPath(e.id, e.next.slug)} dir="auto">
                              {e.next.title}
                            </Link>
                          </>
                        ) : (
                          t("dashboard.all_done")
                        )}
                      </li>
                    ) : null}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel stack" aria-labelledby="requests-heading">
        <h2 id="requests-heading">{t("mylearning.requests_heading")}</h2>
        {waiting.length === 0 ? (
          <p>{t("mylearning.no_requests")}</p>
        ) : (
          <ul className="plain-list stack">
            {waiting.map((w) => (
              <li key={w.id}>
                {w.course.title ? (
                  <Link to={`/courses/${w.course.slug}`} dir="auto">
                    {w.course.title}
                  </Link>
                ) : (
                  <span dir="auto">{w.course.slug}</span>
                )}
                {" · "}
                {w.position ? t("learning.waitlist_position", { position: w.position }) : null}
                <Form method="post">
                  <input type="hidden" name="entryId" value={w.id} />
                  <button type="submit" className="button button-secondary">
                    {t("mylearning.withdraw")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="courses-heading">
        <h2 id="courses-heading">{t("learn.courses_heading")}</h2>
        <p>{t("mylearning.catalog")}</p>
        <p>
          <Link className="button" to="/courses">
            {t("learn.browse_catalog")}
          </Link>{" "}
          <Link to="/learn/transcript">{t("player.transcript_link")}</Link>
        </p>
      </section>
      <section className="panel" aria-labelledby="safety-heading">
        <h2 id="safety-heading">{t("learn.safety_heading")}</h2>
        <p>{t("learn.safety_body_menu")}</p>
        <p>
          <Link to="/safety">{t("nav.safety")}</Link> · <Link to="/settings">{t("nav.settings")}</Link>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
