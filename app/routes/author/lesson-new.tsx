import { Link, redirect } from "react-router";
import type { Route } from "./+types/lesson-new";
import { LessonEditor } from "#app/components/authoring/lesson-editor.tsx";
import { emptyLessonState } from "#app/components/authoring/lesson-state.ts";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { addLesson } from "#app/modules/courses/authoring.server.ts";
import css from "#app/styles/authoring.css?url";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";
import {
  editorResponse,
  loadAuthoredCourse,
  newKey,
  parseEditorIntent,
  readLessonState,
  requireAuthor,
  roundTrip,
  validateLessonState,
} from "./forms.server.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "lesson.new_title");
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireAuthor(request, "read:course:own");
  const { course, shown, editable, state: courseState } = await loadAuthoredCourse(user.id, params.courseId);
  const modules = shown.modules.map((m) => ({ slug: m.slug, title: m.title }));
  const wanted = new URL(request.url).searchParams.get("module");
  const module = modules.find((m) => m.slug === wanted)?.slug ?? "";
  return {
    course: { id: course.id, title: shown.title },
    modules,
    editable,
    locked: courseState === "archived" ? "archived" : "in_review",
    state: emptyLessonState(module, { question: newKey(), criterion: newKey() }),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthor(request, "update:course:own");
  const { course, editable, state: courseState } = await loadAuthoredCourse(user.id, params.courseId);
  const formData = await readForm(request);
  const intent = parseEditorIntent(formData);
  if (!intent || intent.kind === "delete") throw toErrorResponse(new AppError("BAD_REQUEST"));
  const state = readLessonState(formData);
  const shown = roundTrip(intent, state);
  if (shown) return shown;
  if (!editable)
    return editorResponse(state, {
      errors: { form: [courseState === "archived" ? "author.locked_archived" : "author.locked_in_review"] },
      status: 409,
    });
  const valid = validateLessonState(state, { isNew: true });
  if (!valid.ok) return editorResponse(state, { errors: valid.errors });
  try {
    await addLesson({
      actorId: user.id,
      courseId: course.id,
      moduleSlug: valid.data.module,
      slug: valid.data.slug,
      lesson: valid.data.lesson,
    });
  } catch (error) {
    // Both are fixable in the form: another lesson of the course has this slug, or the module is gone.
    if (error instanceof AppError && error.code === "CONFLICT")
      return editorResponse(state, { errors: { slug: ["lesson.slug_taken"] } });
    if (error instanceof AppError && error.code === "NOT_FOUND")
      return editorResponse(state, { errors: { module: ["form.choose_option"] } });
    throw toErrorResponse(error);
  }
  return redirect(`/author/${course.id}?saved=lesson#lesson-${valid.data.slug}`);
}

export default function NewLesson({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { course } = loaderData;
  return (
    <div className="stack author">
      <p className="breadcrumb">
        <Link to={`/author/${course.id}`}>{t("lesson.back_to_course", { title: course.title })}</Link>
      </p>
      <h1>{t("lesson.new_heading")}</h1>
      {loaderData.editable ? null : (
        <p className="alert alert-info">
          {loaderData.locked === "archived" ? t("author.locked_archived") : t("author.locked_in_review")}
        </p>
      )}
      <LessonEditor
        state={actionData?.state ?? loaderData.state}
        errors={actionData?.errors}
        preview={actionData?.preview ?? null}
        focus={actionData?.focus}
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
