import { Form, Link, redirect, useLocation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/cohorts";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, SelectField } from "#app/components/forms.tsx";
import { listPublishedCourseOptions } from "#app/modules/courses/catalog.server.ts";
import {
  assignEducator,
  createCohort,
  listCohortsForAdmin,
  listEducators,
  recordVolunteerHours,
} from "#app/modules/educators/vetting.server.ts";
import { requirePermission, requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { formError, parseForm, readForm, type FieldErrors } from "#app/utils/forms.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "cohort.title");

const Id = (message: string) => z.string({ error: message }).regex(/^[a-z0-9]{10,40}$/i, message);

/** A calendar day (YYYY-MM-DD, as an <input type="date"> sends it) that really exists. */
const Day = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "form.invalid")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return (
      !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100
    );
  }, "form.invalid")
  .transform((s) => new Date(`${s}T00:00:00Z`));

// Messages are `form.*` keys (parseForm keeps only those); rules with their own message, such as the
// order of the dates, are checked in the action and reported with formError.
const CreateCohortSchema = z.object({
  courseId: Id("form.choose_option"),
  name: z.string({ error: "form.required" }).trim().min(1, "form.required").max(120, "form.too_long"),
  startsOn: Day,
  endsOn: z.union([z.literal("").transform(() => undefined), Day]).optional(),
});

const AssignSchema = z.object({ cohortId: Id("form.choose_option"), userId: Id("form.choose_option") });

const HoursSchema = z.object({
  assignment: z
    .string({ error: "form.choose_option" })
    .regex(/^[a-z0-9]{10,40}\|[a-z0-9]{10,40}$/i, "form.choose_option")
    .transform((v) => {
      const [cohortId = "", userId = ""] = v.split("|");
      return { cohortId, userId };
    }),
  hours: z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .transform(Number)
    .pipe(
      z
        .number({ error: "form.number_range" })
        .finite("form.number_range")
        .positive("form.number_range")
        .max(200, "form.number_range"),
    )
    // Quarter hours: what the form offers (step 0.25), and what the records add up in.
    .refine((n) => Number.isInteger(n * 4), "form.number_range"),
});

const DONE = ["created", "assigned", "hours"] as const;

export async function loader({ request }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:cohort:any");
  const [cohorts, courses, educators] = await Promise.all([listCohortsForAdmin(), listPublishedCourseOptions(), listEducators()]);
  const done = new URL(request.url).searchParams.get("done");
  return { cohorts, courses, educators: educators.filter((e) => !e.suspended), done: DONE.find((d) => d === done) ?? null };
}

function prefix(errors: FieldErrors, p: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${p}.${k}`, v]));
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUserWithPermission(request, "update:cohort:any");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "create") {
    requirePermission(user, "create:cohort:any");
    const parsed = parseForm(formData, CreateCohortSchema);
    if (!parsed.ok) return formError(prefix(parsed.errors, "create"), formData);
    if (parsed.data.endsOn && parsed.data.endsOn < parsed.data.startsOn)
      return formError({ "create.endsOn": ["cohort.end_before_start"] }, formData);
    try {
      await createCohort({ actorId: user.id, ...parsed.data });
    } catch (e) {
      if (e instanceof AppError && e.code === "NOT_FOUND")
        return formError({ "create.courseId": ["cohort.course_unavailable"] }, formData);
      throw e;
    }
    return redirect("/admin/cohorts?done=created");
  }
  if (intent === "assign") {
    const parsed = parseForm(formData, AssignSchema);
    if (!parsed.ok) return formError(prefix(parsed.errors, "assign"), formData);
    try {
      await assignEducator({ actorId: user.id, ...parsed.data });
    } catch (e) {
      if (e instanceof AppError && e.code === "NOT_FOUND")
        return formError({ "assign.cohortId": ["form.choose_option"] }, formData);
      if (e instanceof AppError && e.code === "BAD_REQUEST")
        return formError({ "assign.userId": ["cohort.educator_unavailable"] }, formData);
      throw e;
    }
    return redirect("/admin/cohorts?done=assigned");
  }
  if (intent === "hours") {
    const parsed = parseForm(formData, HoursSchema);
    if (!parsed.ok) return formError(prefix(parsed.errors, "hours"), formData);
    try {
      await recordVolunteerHours({ actorId: user.id, ...parsed.data.assignment, hours: parsed.data.hours });
    } catch (e) {
      if (e instanceof AppError && e.code === "NOT_FOUND")
        return formError({ "hours.assignment": ["form.choose_option"] }, formData);
      throw e;
    }
    return redirect("/admin/cohorts?done=hours");
  }
  throw toErrorResponse(new AppError("BAD_REQUEST"));
}

export default function Cohorts({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const { cohorts, courses, educators, done } = loaderData;
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  // A new key after each navigation: a successful post (redirect) empties the forms; a 400 keeps what was typed.
  const navKey = useLocation().key;
  // Echo the submitted values only into the form that was submitted.
  const v = (form: string, name: string) => (values.intent === form ? (values[name] ?? "") : "");
  const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "—");
  const assignments = cohorts.flatMap((c) =>
    c.educators.map((e) => ({ value: `${c.id}|${e.user.id}`, label: `${c.name} · ${e.user.displayName}` })),
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
      <FormAlert errors={errors} />

      <div className="admin-forms">
        <section className="panel" aria-labelledby="new-cohort">
          <h2 id="new-cohort">{t("cohort.new")}</h2>
          {courses.length === 0 ? (
            <p>{t("cohort.no_courses")}</p>
          ) : (
            <Form key={`create-${navKey}`} method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="create" />
              <SelectField
                name="courseId"
                label={t("cohort.course")}
                defaultValue={v("create", "courseId")}
                errors={errors?.["create.courseId"]}
                required
              >
                <option value="">{t("form.choose")}</option>
                {courses.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </SelectField>
              <Field
                name="name"
                label={t("cohort.name")}
                hint={t("cohort.name_hint")}
                required
                maxLength={120}
                defaultValue={v("create", "name")}
                errors={errors?.["create.name"]}
              />
              <Field
                name="startsOn"
                type="date"
                label={t("cohort.starts_on")}
                required
                defaultValue={v("create", "startsOn")}
                errors={errors?.["create.startsOn"]}
              />
              <Field
                name="endsOn"
                type="date"
                label={t("cohort.ends_on")}
                hint={t("form.optional")}
                defaultValue={v("create", "endsOn")}
                errors={errors?.["create.endsOn"]}
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
              <SelectField
                name="cohortId"
                label={t("cohort.cohort")}
                defaultValue={v("assign", "cohortId")}
                errors={errors?.["assign.cohortId"]}
                required
              >
                <option value="">{t("form.choose")}</option>
                {cohorts.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </SelectField>
              <SelectField
                name="userId"
                label={t("cohort.educator")}
                defaultValue={v("assign", "userId")}
                errors={errors?.["assign.userId"]}
                required
              >
                <option value="">{t("form.choose")}</option>
                {educators.map((e) => (
                  <option key={e.userId} value={e.userId}>
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
              <SelectField
                name="assignment"
                label={t("cohort.assignment")}
                defaultValue={v("hours", "assignment")}
                errors={errors?.["hours.assignment"]}
                required
              >
                <option value="">{t("form.choose")}</option>
                {assignments.map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label}
                  </option>
                ))}
              </SelectField>
              <Field
                name="hours"
                type="number"
                inputMode="decimal"
                min={0.25}
                max={200}
                step={0.25}
                label={t("cohort.hours")}
                hint={t("cohort.hours_hint")}
                required
                defaultValue={v("hours", "hours")}
                errors={errors?.["hours.hours"]}
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
                  <th scope="row">{c.name}</th>
                  <td>
                    <Link to={`/courses/${c.course.slug}`}>{c.course.publishedRevision?.title ?? c.course.slug}</Link>
                  </td>
                  <td className="nowrap">{day(c.startsOn)}</td>
                  <td className="nowrap">{day(c.endsOn)}</td>
                  <td>
                    {c.educators.length ? (
                      <ul className="plain-list">
                        {c.educators.map((e) => (
                          <li key={e.user.id}>
                            {t("cohort.educator_hours", { name: e.user.displayName, hours: number.format(e.volunteerHours) })}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      t("cohort.no_educator_yet")
                    )}
                  </td>
                  <td>{number.format(c.educators.reduce((n, e) => n + e.volunteerHours, 0))}</td>
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
