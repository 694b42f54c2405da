import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/index";
import { CourseFieldsInputs } from "#app/components/authoring/course-fields.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState } from "#app/components/forms.tsx";
import { createCourse } from "#app/modules/courses/create-course.server.ts";
import { getAuthoringDashboard } from "#app/modules/courses/queries.server.ts";
import { CreateCourseSchema } from "#app/modules/courses/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import css from "#app/styles/authoring.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "author.title");
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  return { ...(await getAuthoringDashboard(actor)), constraints: getConstraints(CreateCourseSchema) };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, CreateCourseSchema);
  return submitForm(submission, async (input) => {
    const course = await createCourse(actor, input);
    return redirect(`/author/${course.id}?saved=created`);
  });
});

export default function AuthorIndex({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navKey = useLocation().key;
  if (loaderData.eligibility !== "approved") {
    return (
      <div className="stack narrow">
        <h1>{t("author.heading")}</h1>
        <div className="alert alert-info">
          <p>{t(`author.not_approved_${loaderData.eligibility}`)}</p>
        </div>
        <p>
          <Link to="/teach">{t("author.back_to_teaching")}</Link>
        </p>
      </div>
    );
  }
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  return (
    <div className="stack author">
      <h1>{t("author.heading")}</h1>
      <p className="lead">{t("author.intro")}</p>
      <section aria-labelledby="my-courses">
        <h2 id="my-courses">{t("author.my_courses")}</h2>
        {loaderData.courses.length === 0 ? (
          <p>{t("author.no_courses")}</p>
        ) : (
          <table>
            <caption className="visually-hidden">{t("author.my_courses")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("course.field_title")}</th>
                <th scope="col">{t("author.status")}</th>
                <th scope="col">{t("author.review_note")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.courses.map((c) => (
                <tr key={c.id}>
                  <td data-label={t("course.field_title")}>
                    <Link to={`/author/${c.id}`} dir="auto">
                      {c.title}
                    </Link>
                    <br />
                    <code className="slug">{c.slug}</code>
                  </td>
                  <td data-label={t("author.status")}>
                    <span className={`status status-${c.status}`}>{t(`author.status_${c.status}`)}</span>
                    {c.live && c.status !== "published" ? <span className="hint"> {t("author.also_live")}</span> : null}
                  </td>
                  <td data-label={t("author.review_note")}>
                    {c.note ? (
                      <p className="note" dir="auto">
                        {c.note}
                      </p>
                    ) : (
                      <span className="hint">{t("author.no_note")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="new-course" className="panel">
        <h2 id="new-course">{t("author.new_course")}</h2>
        <p className="hint">{t("author.new_course_hint")}</p>
        <FormAlert errors={form.errors} />
        <Form method="post" className="form" noValidate key={navKey}>
          <input type="hidden" name="intent" value="create-course" />
          <Field
            {...form.field("slug")}
            label={t("course.field_slug")}
            hint={t("course.field_slug_hint")}
            autoComplete="off"
            spellCheck={false}
          />
          <CourseFieldsInputs form={form} />
          <div className="actions">
            <button type="submit" className="button">
              {t("author.create_course")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
