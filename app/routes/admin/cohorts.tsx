import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/cohorts";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { listPublishedCourseOptions } from "#app/modules/courses/queries.server.ts";
import { listActiveEducatorOptions } from "#app/modules/educators/queries.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { assignCohortEducator } from "#app/modules/learning/assign-cohort-educator.server.ts";
import { createCohort } from "#app/modules/learning/create-cohort.server.ts";
import { listCohortsForAdmin } from "#app/modules/learning/queries.server.ts";
import { recordVolunteerHours } from "#app/modules/learning/record-volunteer-hours.server.ts";
import {
  AssignCohortEducatorSchema,
  CohortsPageSchema,
  DEFAULT_CAPACITY,
  CreateCohortSchema,
  RecordVolunteerHoursSchema,
} from "#app/modules/learning/schemas.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "cohort.title");

const DONE = ["created", "assigned", "hours"] as const;

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const [cohorts, educators] = await Promise.all([listCohortsForAdmin(actor), listActiveEducatorOptions(actor)]);
  const courses = await listPublishedCourseOptions();
  const done = new URL(request.url).searchParams.get("done");
  return {
    cohorts,
    courses,
    educators,
    done: DONE.find((d) => d === done) ?? null,
    constraints: {
      create: getConstraints(CreateCohortSchema),
      assign: getConstraints(AssignCohortEducatorSchema),
      hours: getConstraints(RecordVolunteerHoursSchema),
    },
  };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, CohortsPageSchema);
  return submitForm(submission, async (input) => {
    switch (input.intent) {
      case "create":
        await createCohort(actor, input);
        return redirect("/admin/cohorts?done=created");
      case "assign":
        await assignCohortEducator(actor, input);
        return redirect("/admin/cohorts?done=assigned");
      case "hours":
        await recordVolunteerHours(actor, input);
        return redirect("/admin/cohorts?done=hours");
    }
  });
});

export default function Cohorts({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const { cohorts, courses, educators, done, constraints } = loaderData;
  const result = actionData?.result;
  // Each form shows only its own reply; the summary above the forms names any problem.
  const posted = result?.initialValue?.intent;
  const summary = formState(result);
  const create = formState(posted === "create" ? result : undefined, {
    constraints: constraints.create,
    defaults: { capacity: DEFAULT_CAPACITY },
  });
  const assign = formState(posted === "assign" ? result : undefined, { constraints: constraints.assign });
  const hours = formState(posted === "hours" ? result : undefined, { constraints: constraints.hours });
  // A new key after each navigation: a successful post (redirect) empties the forms; a refusal keeps what was typed.
  const navKey = useLocation().key;
  const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "—");
  const assignments = cohorts.flatMap((c) =>
    c.educators.map((e) => ({ value: `${c.id}|${e.userId}`, label: `${c.name} · ${e.displayName}` })),
  );
  return (
    <div className="stack">
      <h1>{t("cohort.heading")}</h1>
      <p>
        {t("cohort.intro")} <Link to="/admin/educators">{t("cohort.educators_link")}</Link>
      </p>
      {done ? (
        <p className="alert alert-info" role="status">
          {t(`cohort.done_${done}`)}
        </p>
      ) : null}
      <FormAlert errors={summary.errors} />

      <div className="admin-forms">
        <section className="panel" aria-labelledby="new-cohort">
          <h2 id="new-cohort">{t("cohort.new")}</h2>
          {courses.length === 0 ? (
            <p>{t("cohort.no_courses")}</p>
          ) : (
            <Form key={`create-${navKey}`} method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="create" />
              <SelectField {...create.field("courseId")} label={t("cohort.course")}>
                <option value="">{t("form.choose")}</option>
                {courses.map((c) => (
                  <option key={c.id} value={c.id} dir="auto">
                    {c.title}
                  </option>
                ))}
              </SelectField>
              <Field {...create.field("name")} label={t("cohort.name")} hint={t("cohort.name_hint")} />
              <Field {...create.field("startsOn")} type="date" label={t("cohort.starts_on")} />
              <Field {...create.field("endsOn")} type="date" label={t("cohort.ends_on")} hint={t("form.optional")} />
              <Field
                {...create.field("capacity")}
                type="number"
                inputMode="numeric"
                label={t("cohort.capacity")}
                hint={t("cohort.capacity_hint")}
              />
              <button type="submit" className="button">
                {t("cohort.create")}
              </button>
            </Form>
          )}
        </section>

        <section className="panel" aria-labelledby="assign-heading">
          <h2 id="assign-heading">{t("cohort.assign_heading")}</h2>
          {cohorts.length === 0 || educators.length === 0 ? (
            <p>{cohorts.length === 0 ? t("cohort.none_yet") : t("cohort.no_educators")}</p>
          ) : (
            <Form key={`assign-${navKey}`} method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="assign" />
              <SelectField {...assign.field("cohortId")} label={t("cohort.cohort")}>
                <option value="">{t("form.choose")}</option>
                {cohorts.map((c) => (
                  <option key={c.id} value={c.id} dir="auto">
                    {c.name}
                  </option>
                ))}
              </SelectField>
              <SelectField {...assign.field("userId")} label={t("cohort.educator")}>
                <option value="">{t("form.choose")}</option>
                {educators.map((e) => (
                  <option key={e.userId} value={e.userId} dir="auto">
                    {e.displayName}
                  </option>
                ))}
              </SelectField>
              <button type="submit" className="button">
                {t("cohort.assign")}
              </button>
            </Form>
          )}
        </section>

        <section className="panel" aria-labelledby="hours-heading">
          <h2 id="hours-heading">{t("cohort.hours_heading")}</h2>
          {assignments.length === 0 ? (
            <p>{t("cohort.no_assignments")}</p>
          ) : (
            <Form key={`hours-${navKey}`} method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="hours" />
              <SelectField {...hours.field("assignment")} label={t("cohort.assignment")}>
                <option value="">{t("form.choose")}</option>
                {assignments.map((a) => (
                  <option key={a.value} value={a.value} dir="auto">
                    {a.label}
                  </option>
                ))}
              </SelectField>
              <Field
                {...hours.field("hours")}
                type="number"
                inputMode="decimal"
                // Quarter hours (the schema's multipleOf, which getConstraints does not report).
                step={0.25}
                label={t("cohort.hours")}
                hint={t("cohort.hours_hint")}
              />
              <button type="submit" className="button">
                {t("cohort.record_hours")}
              </button>
            </Form>
          )}
        </section>
      </div>

      {cohorts.length === 0 ? (
        <p>{t("cohort.none_yet")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t("cohort.list_heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("cohort.cohort")}</th>
                <th scope="col">{t("cohort.course")}</th>
                <th scope="col">{t("cohort.starts_on")}</th>
                <th scope="col">{t("cohort.ends_on")}</th>
                <th scope="col">{t("cohort.educators")}</th>
                <th scope="col">{t("cohort.total_hours")}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((c) => (
                <tr key={c.id}>
                  <th scope="row" dir="auto">
                    {c.name}
                  </th>
                  <td data-label={t("cohort.course")} dir="auto">
                    {c.course.title ? <Link to={`/courses/${c.course.slug}`}>{c.course.title}</Link> : c.course.slug}
                  </td>
                  <td data-label={t("cohort.starts_on")} className="nowrap">
                    {day(c.startsOn)}
                  </td>
                  <td data-label={t("cohort.ends_on")} className="nowrap">
                    {day(c.endsOn)}
                  </td>
                  <td data-label={t("cohort.educators")}>
                    {c.educators.length ? (
                      <ul className="plain-list">
                        {c.educators.map((e) => (
                          <li key={e.userId}>
                            <span dir="auto">{e.displayName}</span>:{" "}
                            {t("admin.hours.count", { count: e.volunteerHours, hours: number.format(e.volunteerHours) })}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      t("cohort.no_educator_yet")
                    )}
                  </td>
                  <td data-label={t("cohort.total_hours")}>
                    {number.format(c.educators.reduce((n, e) => n + e.volunteerHours, 0))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
