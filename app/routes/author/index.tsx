import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/index";
import { CourseFieldsInputs } from "#app/components/authoring/course-fields.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert } from "#app/components/forms.tsx";
import { createCourse, getAuthoringEligibility, listAuthoredCourses } from "#app/modules/courses/authoring.server.ts";
import { requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import css from "#app/styles/authoring.css?url";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";
import { echoValues, failure, parseCourseFields, parseSlug, requireAuthor } from "./forms.server.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "author.title");
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  requirePermission(user, "read:course:own");
  const eligibility = await getAuthoringEligibility(user.id);
  if (eligibility !== "approved") return { eligibility, courses: [] };
  const courses = await listAuthoredCourses(user.id);
  return {
    eligibility,
    courses: courses.map((c) => {
      const latest = c.revisions[0];
      return {
        id: c.id,
        slug: c.slug,
        title: latest?.title ?? c.slug,
        status: c.archivedAt ? "archived" : (latest?.status ?? "draft"),
        live: Boolean(c.publishedRevisionId) && !c.archivedAt,
        // The admin's note is shown when a submission came back to draft (the author's own note is in review).
        note: latest?.status === "draft" || latest?.status === "published" ? latest.reviewNote : null,
      };
    }),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireAuthor(request, "create:course:own");
  const formData = await readForm(request);
  if (formData.get("intent") !== "create-course") throw toErrorResponse(new AppError("BAD_REQUEST"));
  const slug = parseSlug(formData);
  const fields = parseCourseFields(formData);
  if (!slug.success || !fields.ok) {
    const errors = fields.ok ? {} : { ...fields.errors };
    if (!slug.success) errors.slug = [...new Set(slug.error.issues.map((i) => i.message))];
    return failure("create-course", errors, echoValues(formData));
  }
  try {
    const course = await createCourse({ actorId: user.id, slug: slug.data, fields: fields.data });
    return redirect(`/author/${course.id}?saved=created`);
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT")
      return failure("create-course", { slug: ["author.slug_taken"] }, echoValues(formData));
    throw toErrorResponse(error);
  }
}

export default function AuthorIndex({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
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
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
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
                  <td>
                    <Link to={`/author/${c.id}`}>{c.title}</Link>
                    <br />
                    <code className="slug">{c.slug}</code>
                  </td>
                  <td>
                    <span className={`status status-${c.status}`}>{t(`author.status_${c.status}`)}</span>
                    {c.live && c.status !== "published" ? <span className="hint"> {t("author.also_live")}</span> : null}
                  </td>
                  <td>
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
        <FormAlert errors={errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="create-course" />
          <Field
            name="slug"
            label={t("course.field_slug")}
            hint={t("course.field_slug_hint")}
            required
            maxLength={80}
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.slug ?? ""}
            errors={errors?.slug}
          />
          <CourseFieldsInputs values={values} errors={errors} />
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
