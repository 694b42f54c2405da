import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/lesson";
import { LessonEditor } from "#app/components/authoring/lesson-editor.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { deleteLesson, getLessonForAuthor, updateLesson } from "#app/modules/courses/authoring.server.ts";
import css from "#app/styles/authoring.css?url";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";
import {
  editorResponse,
  lessonStateFromLesson,
  loadAuthoredCourse,
  orErrorPage,
  parseEditorIntent,
  readLessonState,
  requireAuthor,
  roundTrip,
  validateLessonState,
} from "./forms.server.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "lesson.edit_title");
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

function lessonSlugOf(params: { lessonSlug: string }) {
  if (!/^[a-z0-9-]{1,80}$/.test(params.lessonSlug)) throw toErrorResponse(new AppError("NOT_FOUND"));
  return params.lessonSlug;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireAuthor(request, "read:course:own");
  const lessonSlug = lessonSlugOf(params);
  const { course, shown, editable, state: courseState } = await loadAuthoredCourse(user.id, params.courseId);
  const { lesson } = await orErrorPage(getLessonForAuthor({ userId: user.id, courseId: course.id, lessonSlug }));
  return {
    course: { id: course.id, title: shown.title },
    lesson: { slug: lesson.slug, title: lesson.title, moduleTitle: lesson.module.title },
    editable,
    locked: courseState === "archived" ? "archived" : "in_review",
    confirmDelete: new URL(request.url).searchParams.get("delete") === "confirm",
    state: lessonStateFromLesson(lesson),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthor(request, "update:course:own");
  const lessonSlug = lessonSlugOf(params);
  const { course, editable, state: courseState } = await loadAuthoredCourse(user.id, params.courseId);
  // An unknown lesson is a 404 before anything is read or written.
  await orErrorPage(getLessonForAuthor({ userId: user.id, courseId: course.id, lessonSlug }));
  const formData = await readForm(request);
  const intent = parseEditorIntent(formData);
  if (!intent) throw toErrorResponse(new AppError("BAD_REQUEST"));
  if (intent.kind === "delete") {
    if (!editable) throw toErrorResponse(new AppError("CONFLICT"));
    await orErrorPage(deleteLesson({ actorId: user.id, courseId: course.id, lessonSlug }));
    return redirect(`/author/${course.id}?saved=lesson-deleted`);
  }
  const state = { ...readLessonState(formData), slug: lessonSlug };
  const shown = roundTrip(intent, state);
  if (shown) return shown;
  if (!editable)
    return editorResponse(state, {
      errors: { form: [courseState === "archived" ? "author.locked_archived" : "author.locked_in_review"] },
      status: 409,
    });
  const valid = validateLessonState(state, { isNew: false });
  if (!valid.ok) return editorResponse(state, { errors: valid.errors });
  await orErrorPage(updateLesson({ actorId: user.id, courseId: course.id, lessonSlug, lesson: valid.data.lesson }));
  return redirect(`/author/${course.id}?saved=lesson#lesson-${lessonSlug}`);
}

export default function EditLesson({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { course, lesson, editable } = loaderData;
  return (
    <div className="stack author">
      <p className="breadcrumb">
        <Link to={`/author/${course.id}`}>{t("lesson.back_to_course", { title: course.title })}</Link>
      </p>
      <h1>
        <span className="kicker">{t("lesson.edit_heading", { module: lesson.moduleTitle })}</span> {lesson.title}
      </h1>
      {editable ? null : (
        <p className="alert alert-info">
          {loaderData.locked === "archived" ? t("author.locked_archived") : t("author.locked_in_review")}
        </p>
      )}
      <LessonEditor
        state={actionData?.state ?? loaderData.state}
        errors={actionData?.errors}
        preview={actionData?.preview ?? null}
        focus={actionData?.focus}
        isNew={false}
        editable={editable}
        modules={[]}
      />
      {editable ? (
        <section aria-labelledby="delete-heading" className="panel danger-zone">
          <h2 id="delete-heading">{t("lesson.delete_heading")}</h2>
          {loaderData.confirmDelete ? (
            <div role="alert">
              <p>{t("lesson.delete_confirm", { title: lesson.title })}</p>
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="delete" />
                <button type="submit" className="button button-danger">
                  {t("lesson.delete_yes")}
                  <span className="visually-hidden"> {lesson.title}</span>
                </button>
                <Link to=".">{t("lesson.delete_cancel")}</Link>
              </Form>
            </div>
          ) : (
            <>
              <p>{t("lesson.delete_hint")}</p>
              <Link to="?delete=confirm" className="button button-secondary">
                {t("lesson.delete")}
                <span className="visually-hidden"> {lesson.title}</span>
              </Link>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
