import { data, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/lesson-new";
import { LessonEditor } from "#app/components/authoring/lesson-editor.tsx";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { formState } from "#app/components/forms.tsx";
import { addLesson } from "#app/modules/courses/add-lesson.server.ts";
import { lessonPreview } from "#app/modules/courses/markdown.server.ts";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { getNewLessonPage } from "#app/modules/courses/queries.server.ts";
import { NewLessonSchema } from "#app/modules/courses/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import css from "#app/styles/authoring.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "lesson.new_title");
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const wanted = new URL(request.url).searchParams.get("module");
  const page = await getNewLessonPage(actor, courseIdParam(params.courseId), wanted);
  return { ...page, constraints: getConstraints(NewLessonSchema) };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const courseId = courseIdParam(params.courseId);
  const submission = await readSubmission(request, NewLessonSchema);
  // Add or remove a question, show a kind's fields, preview: the editor again, nothing saved.
  if (submission.status === "intent") {
    const result = submission.reply();
    return data({ result, preview: lessonPreview(result) });
  }
  return submitForm(submission, async (input) => {
    const lesson = await addLesson(actor, { ...input, courseId });
    return redirect(`/author/${courseId}?saved=lesson#lesson-${lesson.slug}`);
  });
});

export default function NewLesson({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navKey = useLocation().key;
  const { course } = loaderData;
  const form = formState(actionData?.result, { defaults: loaderData.values, constraints: loaderData.constraints });
  return (
    <div className="stack author">
      <p className="breadcrumb">
        <Link to={`/author/${course.id}`}>
          <WithUserText message={t("lesson.back_to_course")} values={{ title: course.title }} />
        </Link>
      </p>
      <h1>{t("lesson.new_heading")}</h1>
      {loaderData.editable ? null : (
        <p className="alert alert-info">
          {loaderData.locked === "archived" ? t("author.locked_archived") : t("author.locked_in_review")}
        </p>
      )}
      <LessonEditor
        key={navKey}
        form={form}
        result={actionData?.result}
        preview={actionData && "preview" in actionData ? actionData.preview : null}
        isNew
        editable={loaderData.editable}
        modules={loaderData.modules}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
