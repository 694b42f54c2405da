import { Form, redirect, useLocation } from "react-router";
import type { Route } from "./+types/seats";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { allocateSeat } from "#app/modules/learning/allocate-seat.server.ts";
import { autoAllocate } from "#app/modules/learning/auto-allocate.server.ts";
import { createSeats } from "#app/modules/learning/create-seats.server.ts";
import { getSeatOverview, listWaitlistForAdmin } from "#app/modules/learning/queries.server.ts";
import { SeatsPageSchema } from "#app/modules/learning/schemas.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "seats.title");

const DONE = ["created", "allocated", "auto"] as const;

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const overview = await getSeatOverview(actor);
  const waitlists = await Promise.all(
    overview.courses
      .filter((c) => c.waiting > 0)
      .map(async (c) => ({ course: c, entries: await listWaitlistForAdmin(actor, c.id) })),
  );
  const done = new URL(request.url).searchParams.get("done");
  return { ...overview, waitlists, done: DONE.find((d) => d === done) ?? null };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, SeatsPageSchema);
  return submitForm(submission, async (input) => {
    switch (input.intent) {
      case "create":
        await createSeats(actor, input);
        return redirect("/admin/seats?done=created");
      case "allocate":
        await allocateSeat(actor, input);
        return redirect("/admin/seats?done=allocated");
      case "auto":
        await autoAllocate(actor, input);
        return redirect("/admin/seats?done=auto");
    }
  });
});

export default function Seats({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { cohorts, courses, waitlists, done } = loaderData;
  const result = actionData?.result;
  const posted = result?.initialValue?.intent;
  const summary = formState(result);
  const create = formState(posted === "create" ? result : undefined);
  // Only the allocation form of the entry that was posted shows its reply.
  const postedEntry = posted === "allocate" ? result?.initialValue?.entryId : undefined;
  const navKey = useLocation().key;
  const courseTitle = (id: string) => {
    const c = courses.find((x) => x.id === id);
    return c?.title ?? c?.slug ?? "—";
  };
  return (
    <div className="stack">
      <h1>{t("seats.heading")}</h1>
      <p>{t("seats.intro")}</p>
      {done ? (
        <p className="alert alert-info" role="status">
          {t(`seats.done_${done}`)}
        </p>
      ) : null}
      <FormAlert errors={summary.errors} />

      {cohorts.length === 0 ? (
        <p>{t("seats.no_cohorts")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t("seats.cohorts_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("seats.cohort")}</th>
                <th scope="col">{t("seats.course")}</th>
                <th scope="col">{t("seats.fill")}</th>
                <th scope="col">{t("seats.free_seats")}</th>
                <th scope="col">{t("seats.auto")}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((c) => (
                <tr key={c.id}>
                  <th scope="row" dir="auto">
                    {c.name}
                  </th>
                  <td data-label={t("seats.course")} dir="auto">
                    {courseTitle(c.courseId)}
                  </td>
                  <td data-label={t("seats.fill")}>{t("seats.fill_value", { taken: c.taken, capacity: c.capacity })}</td>
                  <td data-label={t("seats.free_seats")}>{c.freeSeats}</td>
                  <td data-label={t("seats.auto")}>
                    <Form method="post">
                      <input type="hidden" name="intent" value="auto" />
                      <input type="hidden" name="cohortId" value={c.id} />
                      <button type="submit" className="button button-secondary">
                        {t("seats.auto_button")}
                        <span className="visually-hidden" dir="auto">
                          {" "}
                          {c.name}
                        </span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {courses.length === 0 ? null : (
        <div className="table-scroll">
          <table>
            <caption>{t("seats.courses_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("seats.course")}</th>
                <th scope="col">{t("seats.waiting")}</th>
                <th scope="col">{t("seats.course_seats")}</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id}>
                  <th scope="row" dir="auto">
                    {c.title ?? c.slug}
                  </th>
                  <td data-label={t("seats.waiting")}>{c.waiting}</td>
                  <td data-label={t("seats.course_seats")}>{c.freeSeats}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="panel" aria-labelledby="create-seats">
        <h2 id="create-seats">{t("seats.create_heading")}</h2>
        {courses.length === 0 ? (
          <p>{t("seats.no_cohorts")}</p>
        ) : (
          <Form key={`create-${navKey}`} method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="create" />
            <SelectField {...create.field("courseId")} label={t("seats.course")}>
              <option value="">{t("form.choose")}</option>
              {courses.map((c) => (
                <option key={c.id} value={c.id} dir="auto">
                  {c.title ?? c.slug}
                </option>
              ))}
            </SelectField>
            <SelectField {...create.field("cohortId")} label={t("seats.scope")} hint={t("seats.scope_hint")}>
              <option value="">{t("seats.any_cohort")}</option>
              {cohorts.map((c) => (
                <option key={c.id} value={c.id} dir="auto">
                  {c.name}
                </option>
              ))}
            </SelectField>
            <Field
              {...create.field("count")}
              type="number"
              inputMode="numeric"
              label={t("seats.count")}
              hint={t("seats.count_hint")}
            />
            <button type="submit" className="button">
              {t("seats.create_button")}
            </button>
          </Form>
        )}
      </section>

      <section className="stack" aria-labelledby="waitlist-heading">
        <h2 id="waitlist-heading">{t("seats.waitlist_heading")}</h2>
        {waitlists.length === 0 ? <p>{t("seats.waitlist_empty")}</p> : null}
        {waitlists.map(({ course, entries }) => {
          const options = cohorts.filter((c) => c.courseId === course.id);
          return (
            <div className="table-scroll" key={course.id}>
              <table>
                <caption dir="auto">{course.title ?? course.slug}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("seats.learner")}</th>
                    <th scope="col">{t("seats.position")}</th>
                    <th scope="col">{t("seats.allocate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => {
                    const form = formState(postedEntry === e.id ? result : undefined);
                    return (
                      <tr key={e.id}>
                        <th scope="row" dir="auto">
                          {e.displayName}
                        </th>
                        <td data-label={t("seats.position")}>{e.position}</td>
                        <td data-label={t("seats.allocate")}>
                          {options.length === 0 ? (
                            t("seats.no_cohort_for_course")
                          ) : (
                            <Form key={`allocate-${e.id}-${navKey}`} method="post" className="form" noValidate>
                              <input type="hidden" name="intent" value="allocate" />
                              <input type="hidden" name="entryId" value={e.id} />
                              <SelectField
                                {...form.field("cohortId")}
                                id={`cohort-${e.id}`}
                                label={t("seats.cohort")}
                                defaultValue={e.cohortId ?? options[0]?.id}
                              >
                                {options.map((c) => (
                                  <option key={c.id} value={c.id} dir="auto">
                                    {c.name}
                                  </option>
                                ))}
                              </SelectField>
                              <Field
                                {...form.field("waiveReason")}
                                id={`waive-${e.id}`}
                                label={t("seats.waive_reason")}
                                hint={t("seats.waive_hint")}
                              />
                              <button type="submit" className="button">
                                {t("seats.allocate_button")}
                              </button>
                            </Form>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        })}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
