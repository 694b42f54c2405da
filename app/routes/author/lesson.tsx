import { data, Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/lesson";
import { LessonEditor } from "#app/components/authoring/lesson-editor.tsx";
import { RefusalAlert } from "#app/components/authoring/parts.tsx";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { formState } from "#app/components/forms.tsx";
import { deleteLesson } from "#app/modules/courses/delete-lesson.server.ts";
import { lessonPreview } from "#app/modules/courses/markdown.server.ts";
import { courseIdParam, slugParam } from "#app/modules/courses/params.server.ts";
import { getLessonEditor } from "#app/modules/courses/queries.server.ts";
import { DeleteLessonSchema, LessonFormSchema } from "#app/modules/courses/schemas.ts";
import { updateLesson } from "#app/modules/courses/update-lesson.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import css from "#app/styles/authoring.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { parseSubmission, readForm } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "lesson.edit_title");
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const page = await getLessonEditor(actor, courseIdParam(params.courseId), slugParam(params.lessonSlug));
  return {
    ...page,
    confirmDelete: new URL(request.url).searchParams.get("delete") === "confirm",
    constraints: getConstraints(LessonFormSchema),
  };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const courseId = courseIdParam(params.courseId);
  const lessonSlug = slugParam(params.lessonSlug);
  const formData = await readForm(request);
  if (formData.get("intent") === "delete") {
    return submitForm(parseSubmission(formData, DeleteLessonSchema), async () => {
      await deleteLesson(actor, { courseId, lessonSlug });
      return redirect(`/author/${courseId}?saved=lesson-deleted`);
    });
  }
  const submission = parseSubmission(formData, LessonFormSchema);
  // Add or remove a question, show a kind's fields, preview: the editor again, nothing saved.
  if (submission.status === "intent") {
    const result = submission.reply();
    return data({ result, preview: lessonPreview(result) });
  }
  return submitForm(submission, async (input) => {
    await updateLesson(actor, { ...input, courseId, lessonSlug });
    return redirect(`/author/${courseId}?saved=lesson#lesson-${lessonSlug}`);
  });
});

export default function EditLesson({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navKey = useLocation().key;
  const { course, lesson, editable } = loaderData;
  // The delete form's refusal (the course went into review meanwhile) is not the editor's reply.
  const deleting = actionData?.result?.initialValue?.intent === "delete";
  const result = deleting ? undefined : actionData?.result;
  const form = formState(result, { defaults: loaderData.values, constraints: loaderData.constraints });
  const refusal = deleting ? formState(actionData?.result).errors.form : undefined;
  return (
    <div className="stack author">
      <p className="breadcrumb">
        <Link to={`/author/${course.id}`}>
          <WithUserText message={t("lesson.back_to_course")} values={{ title: course.title }} />
        </Link>
      </p>
      <h1>
        <span className="kicker">
          <WithUserText message={t("lesson.edit_heading")} values={{ module: lesson.moduleTitle }} />
        </span>{" "}
        <bdi>{lesson.title}</bdi>
      </h1>
      {editable ? null : (
        <p className="alert alert-info">
          {loaderData.locked === "archived" ? t("author.locked_archived") : t("author.locked_in_review")}
        </p>
      )}
      <RefusalAlert messages={refusal} />
      <LessonEditor
        key={navKey}
        form={form}
        result={result}
        preview={actionData && "preview" in actionData ? actionData.preview : null}
        isNew={false}
        editable={editable}
        modules={[]}
      />
      {editable ? (
        <section aria-labelledby="delete-heading" className="panel danger-zone">
          <h2 id="delete-heading">{t("lesson.delete_heading")}</h2>
          {loaderData.confirmDelete ? (
            <div role="alert">
              <p>
                <WithUserText message={t("lesson.delete_confirm")} values={{ title: lesson.title }} />
              </p>
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="delete" />
                <button type="submit" className="button button-danger">
                  {t("lesson.delete_yes")}
                  <span className="visually-hidden">
                    {" "}
                    <bdi>{lesson.title}</bdi>
                  </span>
                </button>
                <Link to=".">{t("lesson.delete_cancel")}</Link>
              </Form>
            </div>
          ) : (
            <>
              <p>{t("lesson.delete_hint")}</p>
              <Link to="?delete=confirm" className="button button-secondary">
                {t("lesson.delete")}
                <span className="visually-hidden">
                  {" "}
                  <bdi>{lesson.title}</bdi>
                </span>
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
